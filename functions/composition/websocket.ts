import type { RuntimeConfig } from '../runtime-config.js';
import { composePorts } from './factories.js';

/**
 * The WebSocket API's function: connections and subscriptions, pending notifications, CometD
 * frames and the agent API's chat requests (`agent-chat` frames, which authenticate and may
 * complete the agent's callback).
 */
export function composeWebsocket(runtime: RuntimeConfig) {
  const p = composePorts(runtime);
  return {
    runtime: p.runtime,
    clock: p.clock,
    ids: p.ids,
    connections: p.connections,
    sockets: p.sockets,
    notifications: p.notifications,
    sessions: p.sessions,
    callbacks: p.callbacks,
    callbackEvents: p.callbackEvents,
    tokens: p.tokens,
    users: p.users,
    attempts: p.attempts,
    config: p.config,
    routing: p.routing,
    queue: p.queue,
    dialer: p.dialer,
    push: p.push,
    metrics: p.metrics,
    chats: p.chats,
    deviceChannels: p.deviceChannels,
    bayeux: p.bayeux,
    operationalMetrics: p.operationalMetrics,
  };
}
