import type { RuntimeConfig } from '../runtime-config.js';
import { composePorts } from './factories.js';
import { httpPorts } from './http-ports.js';

/**
 * The agent function: the built-in router's agent API (its steps route, dial and push), the
 * agent's side of chats, and the Notification API's publish.
 */
export function composeAgent(runtime: RuntimeConfig) {
  const p = composePorts(runtime);
  return {
    ...httpPorts(p),
    ids: p.ids,
    callbacks: p.callbacks,
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
