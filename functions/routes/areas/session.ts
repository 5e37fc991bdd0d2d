import type { RouteSpec } from '../../http/route-spec.js';
import { callbackSessionRoutes } from '../callback-session-routes.js';
import { notificationRoutes } from '../notification-routes.js';
import { notificationApiRoutes } from '../notification-api-routes.js';
import { chatRoutes } from '../chat-routes.js';
import { cometdRoutes } from '../cometd-routes.js';

/**
 * The session area's routes, in the order of the whole table (routes/index.ts), from only the route
 * files that hold them: the requests on a live session, the customer's chat, CometD and the
 * Notification API.
 */
export const sessionAreaRoutes: readonly RouteSpec[] = [
  ...callbackSessionRoutes,
  ...notificationRoutes,
  ...notificationApiRoutes,
  ...chatRoutes,
  ...cometdRoutes,
].filter((r) => r.area === 'session');
