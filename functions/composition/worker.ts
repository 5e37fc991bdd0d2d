import type { RuntimeConfig } from '../runtime-config.js';
import { composePorts } from './factories.js';
import * as F from './port-factories.js';
import { routingPorts } from './routing-ports.js';

/**
 * The work-queue consumer: callback activation, expiry and scheduling sweeps, the built-in
 * router's messages (routing, dialing), push retries and status notifications. No chats, tokens
 * or users: nothing it runs reads them.
 */
export function composeWorker(runtime: RuntimeConfig) {
  const p = composePorts(runtime, {
    accessNumbers: F.accessNumbers,
    bayeux: F.bayeux,
    callbackEvents: F.callbackEvents,
    callbacks: F.callbacks,
    clock: F.clock,
    config: F.config,
    connections: F.connections,
    deviceChannels: F.deviceChannels,
    dialer: F.dialer,
    doc: F.doc,
    ids: F.ids,
    metrics: F.metrics,
    metricsStore: F.metricsStore,
    mobilePush: F.mobilePush,
    notifications: F.notifications,
    operationalMetrics: F.operationalMetrics,
    push: F.push,
    pushEndpoints: F.pushEndpoints,
    queue: F.queue,
    router: F.router,
    routing: F.routing,
    runtime: F.runtime,
    sessions: F.sessions,
    sockets: F.sockets,
    webhooks: F.webhooks,
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
