import type { RuntimeConfig } from '../runtime-config.js';
import { composePorts } from './factories.js';
import * as F from './port-factories.js';
import { ROUTING_FACTORIES, routingPorts } from './routing-ports.js';

/**
 * The WebSocket API's function: connections and subscriptions, pending notifications, CometD
 * frames and the agent API's chat requests (`agent-chat` frames, which authenticate and may
 * complete the agent's callback).
 */
export function composeWebsocket(runtime: RuntimeConfig) {
  const p = composePorts(runtime, {
    ...ROUTING_FACTORIES,
    attempts: F.attempts,
    chats: F.chats,
    tokens: F.tokens,
    users: F.users,
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
