import type { RouteSpec } from '../../http/route-spec.js';
import { serviceRoutes } from '../service-routes.js';

/**
 * The service area's routes, in the order of the whole table (routes/index.ts), from only the route
 * files that hold them: the service function's bundle carries no other area's routes and schemas.
 */
export const serviceAreaRoutes: readonly RouteSpec[] = [...serviceRoutes].filter((r) => r.area === 'service');
