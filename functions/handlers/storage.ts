import { composeStorage } from '../composition/storage.js';
import { createAreaHandler } from '../http/handler-factory.js';
import { storageAreaRoutes } from '../routes/areas/storage.js';
import { storageOperations } from './storage/storage-operations.js';

/** The storage function: GMS Storage API. */
export const handler = createAreaHandler('storage', storageAreaRoutes, storageOperations, composeStorage);
