import type { Operation } from '../../http/handler-factory.js';
import { exchange } from '../../use-cases/cometd/bayeux-exchange.js';

/** CometD long-polling over HTTP: every request carries a batch; the answer is the reply batch. */
const cometd: Operation = async (req, deps) => ({
  json: await exchange(deps, {
    body: req.body.kind === 'json' ? req.body.json : undefined,
    transport: 'long-polling',
    gmsUser: () => Promise.resolve(req.headers.gms_user),
  }),
});

export const cometdOperations: Record<string, Operation> = { cometd, cometdTyped: cometd };
