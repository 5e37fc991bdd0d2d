import type { RouteSpec } from '../../http/route-spec.js';
import { systemRoutes } from '../system-routes.js';

/**
 * The system area's routes, in the order of the whole table (routes/index.ts), from only the route
 * files that hold them: the system function's bundle carries no other area's routes and schemas.
 */
export const systemAreaRoutes: readonly RouteSpec[] = [...systemRoutes].filter((r) => r.area === 'system');
