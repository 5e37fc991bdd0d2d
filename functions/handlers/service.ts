import { InvalidParameterError, NotFoundError } from '../domain/errors.js';
import { createAreaHandler, legacyOperations, type RequestContext } from '../http/handler-factory.js';
import { createDeps } from '../composition/full.js';
import type { HttpResult } from '../http/http-result.js';
import type { Deps } from '../composition/full.js';
import { idempotentCreate } from '../http/idempotent-create.js';
import { annotateTrace } from '../tracing.js';
import { SERVICE_KINDS, IMPLICIT_SERVICES } from './service/kinds.js';
import type { ServiceCall, ServiceKind } from './service/service-kind.js';

async function resolve(req: RequestContext, deps: Deps): Promise<{ call: ServiceCall; kind: ServiceKind }> {
  const name = req.params.service!;
  const entry = await deps.config.get('service', name);
  const options =
    entry?.options ?? (IMPLICIT_SERVICES.includes(name) ? { _type: 'builtin', _service: name } : undefined);
  if (!options) throw new NotFoundError(`Service '${name}' is not configured.`);
  const type = options._service ?? '';
  const kind = SERVICE_KINDS[type];
  if (!kind) {
    throw new NotFoundError(`Service '${name}' has type '${type}', which this server does not provide.`);
  }
  await deps.metrics.record({ kind: 'service-accessed', service: name, at: deps.clock.now() });
  return { call: { name, options, req, deps }, kind };
}

export const handler = createAreaHandler(
  'service',
  legacyOperations('service', {
    createService: async (req, deps) => {
      const { call, kind } = await resolve(req, deps);
      if (!kind.create) {
        throw new InvalidParameterError(
          'method',
          `Service '${call.name}' (${call.options._service}) is queried with GET, not POST.`,
        );
      }
      if (!kind.idempotent) return kind.create(call);
      return idempotentCreate(
        req,
        deps,
        `service#${call.name}`,
        async (id) => {
          annotateTrace({ sessionId: id });
          return kind.create!({ ...call, id }) as Promise<HttpResult & { json: unknown }>;
        },
        async (id) => (await deps.sessions.get(id, deps.clock.now())) !== undefined,
      );
    },
    getService: async (req, deps) => {
      const { call, kind } = await resolve(req, deps);
      if (!kind.query) {
        throw new InvalidParameterError(
          'method',
          `Service '${call.name}' (${call.options._service}) is created with POST, not GET.`,
        );
      }
      return kind.query(call);
    },
  }),
  createDeps,
);
