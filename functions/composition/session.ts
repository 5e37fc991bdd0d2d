import type { RuntimeConfig } from '../runtime-config.js';
import { composePorts } from './factories.js';
import * as F from './port-factories.js';
import { guardPorts, httpPorts } from './http-ports.js';
import { ROUTING_FACTORIES } from './routing-ports.js';

/**
 * The session function: the requests on a live session (notifications, queue position, dialogs),
 * the customer's chat, Notification API subscriptions and CometD long-polling.
 */
export function composeSession(runtime: RuntimeConfig) {
  const p = composePorts(runtime, {
    ...ROUTING_FACTORIES,
    accessNumbers: F.accessNumbers,
    attempts: F.attempts,
    chats: F.chats,
    notificationSubscriptions: F.notificationSubscriptions,
    router: F.router,
  });
  return {
    ...httpPorts(p),
    ...guardPorts(p),
    ids: p.ids,
    callbacks: p.callbacks,
    callbackEvents: p.callbackEvents,
    sessions: p.sessions,
    accessNumbers: p.accessNumbers,
    metrics: p.metrics,
    queue: p.queue,
    router: p.router,
    push: p.push,
    deviceChannels: p.deviceChannels,
    notifications: p.notifications,
    notificationSubscriptions: p.notificationSubscriptions,
    chats: p.chats,
    bayeux: p.bayeux,
  };
}
