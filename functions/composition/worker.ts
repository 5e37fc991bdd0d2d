import type { RuntimeConfig } from '../runtime-config.js';
import { composePorts } from './factories.js';
import * as F from './port-factories.js';
import { ROUTING_FACTORIES, routingPorts } from './routing-ports.js';

/**
 * The work-queue consumer: callback activation, expiry and scheduling sweeps, the built-in
 * router's messages (routing, dialing), push retries and status notifications. No chats, tokens
 * or users: nothing it runs reads them.
 */
export function composeWorker(runtime: RuntimeConfig) {
  const p = composePorts(runtime, {
    ...ROUTING_FACTORIES,
    accessNumbers: F.accessNumbers,
    router: F.router,
  });
  return {
    ...routingPorts(p),
    runtime: p.runtime,
    clock: p.clock,
    router: p.router,
    sessions: p.sessions,
    accessNumbers: p.accessNumbers,
    webhooks: p.webhooks,
    // Published after each invocation (lambda-handler.ts reads it from the installed ports).
    operationalMetrics: p.operationalMetrics,
  };
}
