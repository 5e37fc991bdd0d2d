import type { RuntimeConfig } from '../runtime-config.js';
import { composePorts } from './factories.js';
import * as F from './port-factories.js';
import { routingPorts } from './routing-ports.js';
import { authPorts, httpPorts } from './http-ports.js';

/**
 * The agent function: the built-in router's agent API (its steps route, dial and push), the
 * agent's side of chats, and the Notification API's publish.
 */
export function composeAgent(runtime: RuntimeConfig) {
  const p = composePorts(runtime, {
    attempts: F.attempts,
    bayeux: F.bayeux,
    callbackEvents: F.callbackEvents,
    callbacks: F.callbacks,
    chats: F.chats,
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
    notificationSubscriptions: F.notificationSubscriptions,
    notifications: F.notifications,
    operationalMetrics: F.operationalMetrics,
    push: F.push,
    pushEndpoints: F.pushEndpoints,
    queue: F.queue,
    routing: F.routing,
    runtime: F.runtime,
    sessions: F.sessions,
    sockets: F.sockets,
    tokens: F.tokens,
    users: F.users,
    webhooks: F.webhooks,
  });
  return {
    ...routingPorts(p),
    ...httpPorts(p),
    ...authPorts(p),
    ids: p.ids,
    chats: p.chats,
    deviceChannels: p.deviceChannels,
    notificationSubscriptions: p.notificationSubscriptions,
  };
}
