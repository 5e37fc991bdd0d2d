import * as z from '../domain/zod.js';
import type { Role } from '../domain/roles.js';
import { defineRoute } from '../http/define-route.js';
import type { RouteSpec } from '../http/route-spec.js';
import { callbackView } from './callback-routes.js';
import { authErrorResponses, configName, errorResponses } from './schemas.js';

const READERS: readonly Role[] = ['Administrator', 'Supervisor', 'CallbackReadOnly'];
const MANAGERS: readonly Role[] = ['Administrator', 'Supervisor'];
const TAGS = ['Callback administration'];

export const adminCallbackQueues = defineRoute({
  method: 'GET',
  path: '/genesys/1/admin/callback/queues',
  area: 'admin',
  access: { roles: READERS },
  operationId: 'adminCallbackQueues',
  summary:
    'Callbacks by service whose desired time is in [`start_time`, `end_time`] (default now - 15 min .. now + 24 h; ' +
    'a custom range may span at most 31 days), optionally only the `states` listed, at most `max` (default 500) per service.',
  tags: TAGS,
  query: z.lazy(() =>
    z.object({
      target: z
        .optional(configName)
        .check(z.describe('One callback service (default: every callback service)')),
      start_time: z.optional(z.string()).check(z.describe('ISO-8601 UTC')),
      end_time: z.optional(z.string()).check(z.describe('ISO-8601 UTC')),
      max: z.optional(z.string()).check(z.describe('1..5000 callbacks per service (default 500)')),
      states: z.optional(z.string()).check(z.describe('Comma-separated states, e.g. SCHEDULED,QUEUED')),
    }),
  ),
  responses: {
    200: {
      description: 'Service name -> its callbacks, oldest desired time first',
      schema: z.lazy(() => z.record(z.string(), z.array(callbackView))),
    },
    ...errorResponses,
    ...authErrorResponses,
  },
});

export const adminCallbackWatermarks = defineRoute({
  method: 'GET',
  path: '/genesys/1/admin/callback/watermarks',
  area: 'admin',
  access: { roles: READERS },
  operationId: 'adminCallbackWatermarks',
  summary:
    'Number of active (not COMPLETED) callbacks per service named by the repeatable `service_name` (default: every callback service), and their total.',
  tags: TAGS,
  query: z.lazy(() => z.object({ service_name: z.optional(configName) })),
  responses: {
    200: {
      description: 'Counts',
      schema: z.lazy(() =>
        z.object({
          services: z.record(z.string(), z.number().check(z.int())),
          total: z.number().check(z.int()),
        }),
      ),
    },
    ...errorResponses,
    ...authErrorResponses,
  },
});

export const adminCallbackCancel = defineRoute({
  method: 'POST',
  path: '/genesys/1/admin/callback/cancel',
  area: 'admin',
  access: { roles: MANAGERS },
  operationId: 'adminCallbackCancel',
  summary:
    'Cancels the listed callbacks with the given reason (default CANCELLED_BY_ADMIN). Each id gets its own result: ' +
    '`CANCELLED`, `NOT_FOUND`, or `REFUSED` with the reason (PROCESSING or already COMPLETED).',
  tags: TAGS,
  body: z.lazy(() =>
    z.object({
      reason: z.optional(z.enum(['CANCELLED_BY_ADMIN', 'CANCELLED'])),
      ids: z
        .array(z.string().check(z.minLength(1), z.maxLength(128)))
        .check(z.minLength(1), z.maxLength(500)),
    }),
  ),
  bodyTypes: ['json'],
  responses: {
    200: {
      description: 'Per-id results',
      schema: z.lazy(() =>
        z.object({
          results: z.array(
            z.object({
              id: z.string(),
              result: z.enum(['CANCELLED', 'NOT_FOUND', 'REFUSED']),
              message: z.optional(z.string()),
            }),
          ),
        }),
      ),
    },
    ...errorResponses,
    ...authErrorResponses,
  },
});

export const callbackAdminRoutes: RouteSpec[] = [
  adminCallbackQueues,
  adminCallbackWatermarks,
  adminCallbackCancel,
];
