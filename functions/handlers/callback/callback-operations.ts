import { mergeData } from '../../domain/data-record.js';
import { operation } from '../../http/define-route.js';
import { json } from '../../http/http-result.js';
import { idempotentCreate, type IdempotentCreatePorts } from '../../http/idempotent-create.js';
import type { RequestContext } from '../../http/request-context.js';
import * as routes from '../../routes/callback-routes.js';
import { annotateTrace } from '../../tracing.js';
import type { CallbackClient } from '../../use-cases/callback/callback-dialog.js';
import {
  callbackAvailability,
  type CallbackAvailabilityPorts,
} from '../../use-cases/callback/callback-availability.js';
import {
  cancelServiceCallback,
  type CancelServiceCallbackPorts,
} from '../../use-cases/callback/cancel-callback.js';
import { connectCallback, type ConnectCallbackPorts } from '../../use-cases/callback/connect-callback.js';
import { createCallback, type CreateCallbackPorts } from '../../use-cases/callback/create-callback.js';
import {
  queryCallbacks,
  queryServiceCallbacks,
  type QueryCallbacksPorts,
  type QueryServiceCallbacksPorts,
} from '../../use-cases/callback/query-callbacks.js';
import { updateCallback, type UpdateCallbackPorts } from '../../use-cases/callback/update-callback.js';
import { toCallbackView } from '../../domain/callback/callback-view.js';
import { accessNumberGrant, type AccessNumberGrantPorts } from './access-number-grant.js';

/** The request parameters: query string, then the body (form, multipart or JSON scalars) over it. */
const requestParameters = (req: RequestContext) => mergeData(req.query, req.body.fields);

const clientOf = (req: RequestContext): CallbackClient => ({
  origin: req.origin,
  gmsUser: req.headers.gms_user,
});

/** GMS Callback Services API: each route maps the request to its use case and shapes the answer. */
export const callbackOperations = [
  /** `Idempotency-Key` (optional): a retried create answers the first callback and creates nothing. */
  operation(
    routes.createCallback,
    async ({ params }, ports: CreateCallbackPorts & IdempotentCreatePorts & AccessNumberGrantPorts, req) =>
      idempotentCreate(
        req,
        ports,
        `callback#${params.name}`,
        async (id, resumed) => {
          annotateTrace({ callbackId: id });
          const dialog = await createCallback(ports, {
            service: params.name,
            id,
            resumed,
            parameters: requestParameters(req),
            client: clientOf(req),
            grantNumber: accessNumberGrant(ports, req),
          });
          return { json: dialog };
        },
        async (id) => (await ports.callbacks.get(id)) !== undefined,
      ),
  ),
  operation(routes.queryCallbacks, async ({ query }, ports: QueryCallbacksPorts, req) =>
    json(
      await queryCallbacks(ports, {
        ...query,
        mayShow: async (service) => !req.publicAccess || req.publicAccess.allowsService(service),
      }),
    ),
  ),
  // The criteria are every query parameter as sent, not only those the route's schema names.
  operation(routes.queryServiceCallbacks, async ({ params }, ports: QueryServiceCallbacksPorts, req) =>
    json(await queryServiceCallbacks(ports, params.name, req.query)),
  ),
  // The body's fields as strings: the schema names `_new_desired_time` only, any other key is a property.
  operation(routes.updateCallback, async ({ params }, ports: UpdateCallbackPorts, req) =>
    json(await updateCallback(ports, params.name, params.id, req.body.fields)),
  ),
  operation(routes.cancelCallback, async ({ params }, ports: CancelServiceCallbackPorts) =>
    json(toCallbackView(await cancelServiceCallback(ports, params.name, params.id))),
  ),
  operation(routes.getCallbackAvailability, async ({ params, query }, ports: CallbackAvailabilityPorts) =>
    json(await callbackAvailability(ports, params.name, query)),
  ),
  operation(
    routes.connectCallback,
    async ({ params }, ports: ConnectCallbackPorts & AccessNumberGrantPorts, req) =>
      json(await connectCallback(ports, params.id, clientOf(req), accessNumberGrant(ports, req))),
  ),
];
