import { operation } from '../../http/define-route.js';
import type { RequestContext } from '../../http/request-context.js';
import { cometd, cometdTyped } from '../../routes/cometd-routes.js';
import { exchange, type BayeuxExchangePorts } from '../../use-cases/cometd/bayeux-exchange.js';

/** CometD long-polling over HTTP: every request carries a batch; the answer is the reply batch. */
const longPolling = async (_input: unknown, ports: BayeuxExchangePorts, req: RequestContext) => ({
  json: await exchange(ports, {
    body: req.body.kind === 'json' ? req.body.json : undefined,
    transport: 'long-polling',
    gmsUser: () => Promise.resolve(req.headers.gms_user),
  }),
});

export const cometdOperations = [operation(cometd, longPolling), operation(cometdTyped, longPolling)];
