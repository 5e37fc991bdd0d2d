import type { RuntimeConfig } from '../runtime-config.js';
import { composePorts } from './factories.js';
import { authPorts, guardPorts, httpPorts } from './http-ports.js';

/**
 * The service function: sessions of configured services (access numbers, chats, matches, the
 * query-style built-ins), their idempotent creates, and the report metrics they record.
 */
export function composeService(runtime: RuntimeConfig) {
  const p = composePorts(runtime);
  return {
    ...httpPorts(p),
    ...guardPorts(p),
    // match-interaction's telephony side may prove itself with credentials to get `_return_data`.
    ...authPorts(p),
    ids: p.ids,
    idempotency: p.idempotency,
    node: p.node,
    sessions: p.sessions,
    storage: p.storage,
    accessNumbers: p.accessNumbers,
    chats: p.chats,
    queue: p.queue,
    metrics: p.metrics,
  };
}
