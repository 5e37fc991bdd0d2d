import type { RouteSpec } from '../../http/route-spec.js';
import { patternsRoutes } from '../patterns-routes.js';

/**
 * The patterns area's routes, in the order of the whole table (routes/index.ts), from only the route
 * files that hold them: the patterns function's bundle carries no other area's routes and schemas.
 */
export const patternsAreaRoutes: readonly RouteSpec[] = [...patternsRoutes].filter(
  (r) => r.area === 'patterns',
);
