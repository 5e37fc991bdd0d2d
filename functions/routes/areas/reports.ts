import type { RouteSpec } from '../../http/route-spec.js';
import { reportRoutes } from '../report-routes.js';

/**
 * The reports area's routes, in the order of the whole table (routes/index.ts), from only the route
 * files that hold them: the reports function's bundle carries no other area's routes and schemas.
 */
export const reportsAreaRoutes: readonly RouteSpec[] = [...reportRoutes].filter((r) => r.area === 'reports');
