import type { RouteSpec } from '../../http/route-spec.js';
import { callbackRoutes } from '../callback-routes.js';

/**
 * The callback area's routes (the Callback Services API), from only the route file that holds them:
 * the callback function's bundle carries no other area's routes and schemas.
 */
export const callbackAreaRoutes: readonly RouteSpec[] = callbackRoutes.filter((r) => r.area === 'callback');
