import type { Area, RouteSpec } from '../http/route-spec.js';
import { adminRoutes } from './admin-routes.js';
import { agentChatRoutes } from './agent-chat-routes.js';
import { agentRoutes } from './agent-routes.js';
import { callbackAdminRoutes } from './callback-admin-routes.js';
import { callbackRoutes } from './callback-routes.js';
import { callbackSessionRoutes } from './callback-session-routes.js';
import { chatRoutes } from './chat-routes.js';
import { cometdRoutes } from './cometd-routes.js';
import { monitorRoutes } from './monitor-routes.js';
import { notificationApiRoutes } from './notification-api-routes.js';
import { notificationRoutes } from './notification-routes.js';
import { patternsRoutes } from './patterns-routes.js';
import { reportRoutes } from './report-routes.js';
import { serviceRoutes } from './service-routes.js';
import { storageRoutes } from './storage-routes.js';
import { systemRoutes } from './system-routes.js';

/** Every HTTP route of the product. The local server, the CDK stack and the OpenAPI document all read this. */
export const ALL_ROUTES: readonly RouteSpec[] = [
  ...systemRoutes,
  ...serviceRoutes,
  ...storageRoutes,
  ...patternsRoutes,
  ...adminRoutes,
  ...callbackAdminRoutes,
  ...monitorRoutes,
  ...callbackRoutes,
  ...callbackSessionRoutes,
  ...notificationRoutes,
  ...notificationApiRoutes,
  ...chatRoutes,
  ...cometdRoutes,
  ...agentRoutes,
  ...agentChatRoutes,
  ...reportRoutes,
];

export const AREAS: readonly Area[] = [
  'system',
  'service',
  'storage',
  'patterns',
  'admin',
  'callback',
  'session',
  'agent',
  'reports',
];

export function routesOf(area: Area): RouteSpec[] {
  return ALL_ROUTES.filter((r) => r.area === area);
}
