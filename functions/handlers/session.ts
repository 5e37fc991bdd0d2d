import { composeSession } from '../composition/session.js';
import { createAreaHandler } from '../http/handler-factory.js';
import { sessionAreaRoutes } from '../routes/areas/session.js';
import { customerChatOperations } from './callback/customer-chat-operations.js';
import { dialogRequestOperations } from './callback/dialog-request-operations.js';
import { notificationOperations } from './callback/notification-operations.js';
import { queuePositionOperations } from './callback/queue-position-operations.js';
import { cometdOperations } from './cometd/cometd-operations.js';
import { notificationSubscriptionOperations } from './notification/notification-api-operations.js';

/**
 * The session area: the requests on a live callback session (queue position, dialogs,
 * notifications), the customer's chat, Notification API subscriptions and CometD long-polling.
 */
export const handler = createAreaHandler(
  'session',
  sessionAreaRoutes,
  [
    ...queuePositionOperations,
    ...notificationOperations,
    ...notificationSubscriptionOperations,
    ...customerChatOperations,
    ...cometdOperations,
    ...dialogRequestOperations,
  ],
  composeSession,
);
