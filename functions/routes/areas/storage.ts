import type { RouteSpec } from '../../http/route-spec.js';
import { storageRoutes } from '../storage-routes.js';

/**
 * The storage area's routes, in the order of the whole table (routes/index.ts), from only the route
 * files that hold them: the storage function's bundle carries no other area's routes and schemas.
 */
export const storageAreaRoutes: readonly RouteSpec[] = [...storageRoutes].filter((r) => r.area === 'storage');
