import type { RuntimeConfig } from '../runtime-config.js';
import { composePorts } from './factories.js';

/**
 * The work-queue consumer: callback activation, expiry and scheduling sweeps, the built-in
 * router's messages (routing, dialing), push retries and status notifications. No chats, tokens
 * or users: nothing it runs reads them.
 */
export function composeWorker(runtime: RuntimeConfig) {
  const p = composePorts(runtime);
  return {
    runtime: p.runtime,
    clock: p.clock,
    config: p.config,
    callbacks: p.callbacks,
    callbackEvents: p.callbackEvents,
    routing: p.routing,
    router: p.router,
    queue: p.queue,
    dialer: p.dialer,
    push: p.push,
    sessions: p.sessions,
    accessNumbers: p.accessNumbers,
    metrics: p.metrics,
    // Published after each invocation (lambda-handler.ts reads it from the installed ports).
    operationalMetrics: p.operationalMetrics,
  };
}
