import type { RuntimeConfig } from '../runtime-config.js';
import { composePorts } from './factories.js';
import * as F from './port-factories.js';
import { ROUTING_FACTORIES, routingPorts } from './routing-ports.js';
import { authPorts, httpPorts } from './http-ports.js';

/**
 * The agent function: the built-in router's agent API (its steps route, dial and push), the
 * agent's side of chats, and the Notification API's publish.
 */
export function composeAgent(runtime: RuntimeConfig) {
  const p = composePorts(runtime, {
    ...ROUTING_FACTORIES,
    agentHints: F.agentHints,
    attempts: F.attempts,
    chats: F.chats,
    notificationSubscriptions: F.notificationSubscriptions,
    tokens: F.tokens,
    users: F.users,
  });
  return {
    ...routingPorts(p),
    ...httpPorts(p),
    ...authPorts(p),
    ids: p.ids,
    agentHints: p.agentHints,
    chats: p.chats,
    deviceChannels: p.deviceChannels,
    notificationSubscriptions: p.notificationSubscriptions,
  };
}
