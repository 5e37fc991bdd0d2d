import { composeCallback } from '../composition/callback.js';
import { createAreaHandler } from '../http/handler-factory.js';
import { callbackAreaRoutes } from '../routes/areas/callback.js';
import { callbackOperations } from './callback/callback-operations.js';
import { customerChatOperations } from './callback/customer-chat-operations.js';
import { dialogRequestOperations } from './callback/dialog-request-operations.js';
import { notificationOperations } from './callback/notification-operations.js';
import { queuePositionOperations } from './callback/queue-position-operations.js';
import { cometdOperations } from './cometd/cometd-operations.js';
import { notificationSubscriptionOperations } from './notification/notification-api-operations.js';

/** The callback area: GMS Callback Services API, the requests on a live callback session and CometD long-polling. */
export const handler = createAreaHandler(
  'callback',
  callbackAreaRoutes,
  [
    ...callbackOperations,
    ...queuePositionOperations,
    ...notificationOperations,
    ...notificationSubscriptionOperations,
    ...customerChatOperations,
    ...cometdOperations,
    ...dialogRequestOperations,
  ],
  composeCallback,
);
