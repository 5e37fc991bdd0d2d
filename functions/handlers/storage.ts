import { composeStorage } from '../composition/storage.js';
import { createAreaHandler } from '../http/handler-factory.js';
import { storageOperations } from './storage/storage-operations.js';

/** The storage function: GMS Storage API. */
export const handler = createAreaHandler('storage', storageOperations, composeStorage);
