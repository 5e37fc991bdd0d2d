import { composeSystem } from '../composition/system.js';
import { createAreaHandler } from '../http/handler-factory.js';
import { systemAreaRoutes } from '../routes/areas/system.js';
import { systemOperations } from './system/system-operations.js';

/** Also API Gateway's `$default` route: GMS's 404 for unknown paths, 405 for a wrong method. */
export const handler = createAreaHandler('system', systemAreaRoutes, systemOperations, composeSystem, {
  // The whole table loads with the first request no system route matches (its own chunk).
  unmatched: async () => (await import('../routes/index.js')).ALL_ROUTES,
});
