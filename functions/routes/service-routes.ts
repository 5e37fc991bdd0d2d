import { z } from 'zod';
import type { RouteSpec } from '../http/route-spec.js';
import { configName, errorResponses, gmsError } from './schemas.js';

const serviceParams = z.object({ service: configName });

export const serviceRoutes: RouteSpec[] = [
  {
    method: 'POST',
    path: '/genesys/1/service/{service}',
    area: 'service',
    access: 'public',
    operationId: 'createService',
    summary:
      'Creates a session of a configured service (request-interaction, request-access, match-interaction and services built on them). Form fields are the request parameters; keys without a leading "_" are stored as application data.',
    tags: ['Service API'],
    params: serviceParams,
    responses: {
      200: { description: 'Service-specific response, e.g. `{_id, _access_number, _access_code, _expiration_time}`' },
      ...errorResponses,
      404: { description: 'No such service (or, for match-interaction, no matching session)', schema: gmsError },
      503: { description: 'No access number available in the resource group', schema: gmsError },
    },
  },
  {
    method: 'GET',
    path: '/genesys/1/service/{service}',
    area: 'service',
    access: 'public',
    operationId: 'getService',
    summary: 'Query-style built-in services: `get`, `basic_get` and `office-hours`.',
    tags: ['Service API'],
    params: serviceParams,
    query: z.object({
      start: z.string().optional(),
      end: z.string().optional(),
      'number-of-days': z.string().optional(),
    }),
    responses: {
      200: { description: 'Options without a leading "_" (get/basic_get) or open periods (office-hours)' },
      ...errorResponses,
      404: { description: 'No such service', schema: gmsError },
      503: { description: 'Node OFFLINE (get service `_offline_code`)', schema: gmsError },
    },
  },
];
