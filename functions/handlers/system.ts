import { composeSystem } from '../composition/system.js';
import { createAreaHandler } from '../http/handler-factory.js';
import { systemAreaRoutes } from '../routes/areas/system.js';
import { ALL_ROUTES } from '../routes/index.js';
import { systemOperations } from './system/system-operations.js';

/** Also API Gateway's `$default` route: GMS's 404 for unknown paths, 405 for a wrong method. */
export const handler = createAreaHandler('system', systemAreaRoutes, systemOperations, composeSystem, {
  unmatched: ALL_ROUTES,
});
