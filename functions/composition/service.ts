import type { RuntimeConfig } from '../runtime-config.js';
import { composePorts } from './factories.js';
import * as F from './port-factories.js';
import { authPorts, guardPorts, httpPorts } from './http-ports.js';

/**
 * The service function: sessions of configured services (access numbers, chats, matches, the
 * query-style built-ins), their idempotent creates, and the report metrics they record.
 */
export function composeService(runtime: RuntimeConfig) {
  const p = composePorts(runtime, {
    accessNumbers: F.accessNumbers,
    attempts: F.attempts,
    chats: F.chats,
    clock: F.clock,
    config: F.config,
    doc: F.doc,
    idempotency: F.idempotency,
    ids: F.ids,
    metrics: F.metrics,
    metricsStore: F.metricsStore,
    node: F.node,
    operationalMetrics: F.operationalMetrics,
    queue: F.queue,
    runtime: F.runtime,
    sessions: F.sessions,
    storage: F.storage,
    tokens: F.tokens,
    users: F.users,
  });
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
