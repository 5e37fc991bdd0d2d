import type { RuntimeConfig } from '../runtime-config.js';
import { CUSTOMER_FACTORIES, customerPorts } from './customer-ports.js';
import { composePorts } from './factories.js';
import * as F from './port-factories.js';

/**
 * The session function: the requests on a live session (notifications, queue position, dialogs),
 * the customer's chat, Notification API subscriptions and CometD long-polling.
 */
export function composeSession(runtime: RuntimeConfig) {
  const p = composePorts(runtime, {
    ...CUSTOMER_FACTORIES,
    chats: F.chats,
    notificationSubscriptions: F.notificationSubscriptions,
  });
  return {
    ...customerPorts(p),
    push: p.push,
    deviceChannels: p.deviceChannels,
    notifications: p.notifications,
    notificationSubscriptions: p.notificationSubscriptions,
    chats: p.chats,
    bayeux: p.bayeux,
  };
}
