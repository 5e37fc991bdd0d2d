import { composeCallback } from '../composition/callback.js';
import { createAreaHandler } from '../http/handler-factory.js';
import { callbackAreaRoutes } from '../routes/areas/callback.js';
import { callbackOperations } from './callback/callback-operations.js';

/** The callback area: GMS Callback Services API (create, query, reschedule, cancel, availability). */
export const handler = createAreaHandler('callback', callbackAreaRoutes, callbackOperations, composeCallback);
