import type { RuntimeConfig } from '../runtime-config.js';
import { composePorts } from './factories.js';
import { authPorts, httpPorts } from './http-ports.js';

/**
 * The agent function: the built-in router's agent API (its steps route, dial and push), the
 * agent's side of chats, and the Notification API's publish.
 */
export function composeAgent(runtime: RuntimeConfig) {
  const p = composePorts(runtime);
  return {
    ...httpPorts(p),
    ...authPorts(p),
    config: p.config,
    ids: p.ids,
    callbacks: p.callbacks,
    callbackEvents: p.callbackEvents,
    routing: p.routing,
    queue: p.queue,
    dialer: p.dialer,
    push: p.push,
    metrics: p.metrics,
    chats: p.chats,
    deviceChannels: p.deviceChannels,
    notificationSubscriptions: p.notificationSubscriptions,
  };
}
