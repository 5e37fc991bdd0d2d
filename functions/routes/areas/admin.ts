import type { RouteSpec } from '../../http/route-spec.js';
import { adminRoutes } from '../admin-routes.js';
import { callbackAdminRoutes } from '../callback-admin-routes.js';
import { monitorRoutes } from '../monitor-routes.js';

/**
 * The admin area's routes, in the order of the whole table (routes/index.ts), from only the route
 * files that hold them: the admin function's bundle carries no other area's routes and schemas.
 */
export const adminAreaRoutes: readonly RouteSpec[] = [
  ...adminRoutes,
  ...callbackAdminRoutes,
  ...monitorRoutes,
].filter((r) => r.area === 'admin');
