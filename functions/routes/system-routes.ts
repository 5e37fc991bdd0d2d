import * as z from '../domain/zod.js';
import { defineRoute } from '../http/define-route.js';
import { gmsError } from './schemas.js';

export const health = defineRoute({
  method: 'GET',
  path: '/genesys/1/health',
  area: 'system',
  access: 'public',
  operationId: 'health',
  summary: 'Answers 200 once the server can serve requests (its tables are reachable).',
  tags: ['System'],
  responses: {
    200: {
      description: 'Healthy',
      schema: z.lazy(() => z.object({ status: z.literal('UP'), node: z.string() })),
    },
    503: { description: 'A dependency is unreachable', schema: gmsError },
  },
});

export const openapi = defineRoute({
  method: 'GET',
  path: '/genesys/1/openapi.json',
  area: 'system',
  access: 'public',
  operationId: 'openapi',
  summary: 'This OpenAPI 3 document, generated from the same zod schemas that validate requests.',
  tags: ['System'],
  responses: {
    200: {
      description: 'OpenAPI document',
      schema: z.lazy(() =>
        z.looseObject({ openapi: z.string(), info: z.looseObject({}), paths: z.looseObject({}) }),
      ),
    },
  },
});

export const systemRoutes = [health, openapi];
