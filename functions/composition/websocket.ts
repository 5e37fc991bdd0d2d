import type { RuntimeConfig } from '../runtime-config.js';
import { composePorts } from './factories.js';
import * as F from './port-factories.js';
import { routingPorts } from './routing-ports.js';

/**
 * The WebSocket API's function: connections and subscriptions, pending notifications, CometD
 * frames and the agent API's chat requests (`agent-chat` frames, which authenticate and may
 * complete the agent's callback).
 */
export function composeWebsocket(runtime: RuntimeConfig) {
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
    runtime: p.runtime,
    clock: p.clock,
    ids: p.ids,
    connections: p.connections,
    sockets: p.sockets,
    notifications: p.notifications,
    sessions: p.sessions,
    tokens: p.tokens,
    users: p.users,
    attempts: p.attempts,
    chats: p.chats,
    deviceChannels: p.deviceChannels,
    bayeux: p.bayeux,
    operationalMetrics: p.operationalMetrics,
  };
}
