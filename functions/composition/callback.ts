import type { RuntimeConfig } from '../runtime-config.js';
import { composePorts } from './factories.js';
import * as F from './port-factories.js';
import { guardPorts, httpPorts } from './http-ports.js';
import { ROUTING_FACTORIES } from './routing-ports.js';

/** The callback function: the Callback Services API (create, query, reschedule, cancel, availability). */
export function composeCallback(runtime: RuntimeConfig) {
  const p = composePorts(runtime, {
    ...ROUTING_FACTORIES,
    accessNumbers: F.accessNumbers,
    attempts: F.attempts,
    idempotency: F.idempotency,
    router: F.router,
  });
  return {
    ...httpPorts(p),
    ...guardPorts(p),
    ids: p.ids,
    callbacks: p.callbacks,
    callbackEvents: p.callbackEvents,
    sessions: p.sessions,
    idempotency: p.idempotency,
    accessNumbers: p.accessNumbers,
    metrics: p.metrics,
    queue: p.queue,
    router: p.router,
  };
}
