import type { Area } from '../functions/http/route-spec.js';

/**
 * Route groups throttled separately on the HTTP API. The public service API (what mobile apps call,
 * unauthenticated as in GMS) is sized for traffic; the management API for a handful of operators,
 * so a flood of guesses or scripts there is cut early and cannot eat the service API's share.
 * Areas in no group (agent desktops, health, reports) use the stage default.
 */
export type RouteGroup = 'service' | 'admin';

export const ROUTE_GROUP_OF_AREA: Partial<Record<Area, RouteGroup>> = {
  service: 'service',
  callback: 'service',
  session: 'service',
  storage: 'service',
  patterns: 'service',
  admin: 'admin',
};
