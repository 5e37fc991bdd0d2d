import { InvalidParameterError } from '../../domain/errors.js';
import { operation } from '../../http/define-route.js';
import type { HttpResult } from '../../http/http-result.js';
import type { RequestContext } from '../../http/request-context.js';
import { createService, getService } from '../../routes/service-routes.js';
import { annotateTrace } from '../../tracing.js';
import {
  resolveServiceCounting,
  type ResolvedService,
  type ResolveServicePorts,
} from '../../use-cases/service/resolve-service.js';
import { idempotentCreate, type IdempotentCreatePorts } from '../../http/idempotent-create.js';
import { SERVICE_KINDS, type ServiceKindPorts } from './kinds.js';
import type { ServiceCall } from './service-kind.js';

export type ServicePorts = ServiceKindPorts & ResolveServicePorts & IdempotentCreatePorts;

/** Runs the request while the access is still being counted; answers once both are done. */
async function whileCounting(counted: Promise<void>, work: () => Promise<HttpResult>): Promise<HttpResult> {
  try {
    return await work();
  } finally {
    await counted;
  }
}

function callOf(service: ResolvedService, req: RequestContext): ServiceCall {
  return { service, gms: { options: service.options, fields: req.body.fields, query: req.query }, req };
}

/** GMS Service API: `service/{service}` runs the configured service's kind. */
export const serviceOperations = [
  operation(createService, async ({ params }, ports: ServicePorts, req): Promise<HttpResult> => {
    const { service, counted } = await resolveServiceCounting(ports, params.service);
    return whileCounting(counted, async () => {
      const create = SERVICE_KINDS[service.type].create;
      if (!create) {
        throw new InvalidParameterError(
          'method',
          `Service '${service.name}' (${service.type}) is queried with GET, not POST.`,
        );
      }
      const call = callOf(service, req);
      if (!SERVICE_KINDS[service.type].idempotent) return create(call, ports);
      return idempotentCreate(
        req,
        ports,
        `service#${service.name}`,
        async (id) => {
          annotateTrace({ sessionId: id });
          return create({ ...call, id }, ports) as Promise<HttpResult & { json: unknown }>;
        },
        async (id) => (await ports.sessions.get(id, ports.clock.now())) !== undefined,
      );
    });
  }),
  operation(getService, async ({ params }, ports: ServicePorts, req) => {
    const { service, counted } = await resolveServiceCounting(ports, params.service);
    return whileCounting(counted, async () => {
      const query = SERVICE_KINDS[service.type].query;
      if (!query) {
        throw new InvalidParameterError(
          'method',
          `Service '${service.name}' (${service.type}) is created with POST, not GET.`,
        );
      }
      return query(callOf(service, req), ports);
    });
  }),
];
