import { createAreaHandler, legacyOperations } from '../http/handler-factory.js';
import { createDeps } from '../composition/full.js';
import { callbackOperations } from './callback/callback-operations.js';
import { chatOperations } from '../use-cases/callback/customer-chat.js';
import { cometdOperations } from './cometd/cometd-operations.js';

import { dialogRequestOperations } from './callback/dialog-request-operations.js';
import { notificationOperations } from './callback/notification-operations.js';
import { notificationSubscriptionOperations } from './notification/notification-api-operations.js';
import { queuePositionOperations } from './callback/queue-position-operations.js';

/** The callback area: GMS Callback Services API, the requests on a live callback session and CometD long-polling. */
export const handler = createAreaHandler(
  'callback',
  legacyOperations('callback', {
    ...callbackOperations,
    ...queuePositionOperations,
    ...notificationOperations,
    ...notificationSubscriptionOperations,
    ...chatOperations,
    ...cometdOperations,

    ...dialogRequestOperations,
  }),
  createDeps,
);
