import type { RouteSpec } from '../../http/route-spec.js';
import { callbackRoutes } from '../callback-routes.js';
import { callbackSessionRoutes } from '../callback-session-routes.js';
import { notificationRoutes } from '../notification-routes.js';
import { notificationApiRoutes } from '../notification-api-routes.js';
import { chatRoutes } from '../chat-routes.js';
import { cometdRoutes } from '../cometd-routes.js';

/**
 * The callback area's routes, in the order of the whole table (routes/index.ts), from only the route
 * files that hold them: the callback function's bundle carries no other area's routes and schemas.
 */
export const callbackAreaRoutes: readonly RouteSpec[] = [
  ...callbackRoutes,
  ...callbackSessionRoutes,
  ...notificationRoutes,
  ...notificationApiRoutes,
  ...chatRoutes,
  ...cometdRoutes,
].filter((r) => r.area === 'callback');
