import type { RouteSpec } from '../../http/route-spec.js';
import { notificationApiRoutes } from '../notification-api-routes.js';
import { agentRoutes } from '../agent-routes.js';
import { agentChatRoutes } from '../agent-chat-routes.js';

/**
 * The agent area's routes, in the order of the whole table (routes/index.ts), from only the route
 * files that hold them: the agent function's bundle carries no other area's routes and schemas.
 */
export const agentAreaRoutes: readonly RouteSpec[] = [
  ...notificationApiRoutes,
  ...agentRoutes,
  ...agentChatRoutes,
].filter((r) => r.area === 'agent');
