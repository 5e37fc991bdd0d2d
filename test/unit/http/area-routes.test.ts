import { describe, expect, it } from 'vitest';
import type { Area, RouteSpec } from '../../../functions/http/route-spec.js';
import { adminAreaRoutes } from '../../../functions/routes/areas/admin.js';
import { agentAreaRoutes } from '../../../functions/routes/areas/agent.js';
import { callbackAreaRoutes } from '../../../functions/routes/areas/callback.js';
import { patternsAreaRoutes } from '../../../functions/routes/areas/patterns.js';
import { reportsAreaRoutes } from '../../../functions/routes/areas/reports.js';
import { serviceAreaRoutes } from '../../../functions/routes/areas/service.js';
import { sessionAreaRoutes } from '../../../functions/routes/areas/session.js';
import { storageAreaRoutes } from '../../../functions/routes/areas/storage.js';
import { systemAreaRoutes } from '../../../functions/routes/areas/system.js';
import { AREAS, routesOf } from '../../../functions/routes/index.js';

const BY_AREA: Record<Area, readonly RouteSpec[]> = {
  system: systemAreaRoutes,
  service: serviceAreaRoutes,
  storage: storageAreaRoutes,
  patterns: patternsAreaRoutes,
  admin: adminAreaRoutes,
  callback: callbackAreaRoutes,
  session: sessionAreaRoutes,
  agent: agentAreaRoutes,
  reports: reportsAreaRoutes,
};

/** Each function imports only its area's route files: what it gets must be exactly its part of the whole table. */
describe('routes of one area', () => {
  it.each(AREAS.map((a) => [a]))(
    '%s: the same routes, in the same order, as the whole table has for it',
    (area) => {
      expect(BY_AREA[area]).toHaveLength(routesOf(area).length);
      BY_AREA[area].forEach((route, i) => expect(route).toBe(routesOf(area)[i]));
    },
  );

  it('covers every area', () => {
    expect(Object.keys(BY_AREA).sort()).toEqual([...AREAS].sort());
  });
});
