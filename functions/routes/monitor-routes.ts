import * as z from '../domain/zod.js';
import type { Role } from '../domain/roles.js';
import { defineRoute } from '../http/define-route.js';
import type { RouteSpec } from '../http/route-spec.js';
import { authErrorResponses } from './schemas.js';

const MONITOR: readonly Role[] = ['Administrator', 'Supervisor'];

/** `up` green, `warn` amber (working, needs a look), `down` red: the Monitor tab's bars. */
const health = z.enum(['up', 'warn', 'down']);

export const monitorView = z.lazy(() =>
  z
    .object({
      region: z.string().check(z.describe('AWS region of this deployment (one region)')),
      mode: z.enum(['local', 'aws']),
      checkedAt: z.string().check(z.describe('ISO-8601 time of this check')),
      api: z.object({ status: health }),
      tables: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          status: health,
          latencyMs: z.number().check(z.describe('Round trip of one read')),
          error: z.optional(z.string()).check(z.describe('The error name when the read failed')),
        }),
      ),
      queue: z.object({
        status: health.check(z.describe('warn while dead letters wait')),
        depth: z.optional(z.number().check(z.int())).check(z.describe('Messages ready to be received')),
        inFlight: z
          .optional(z.number().check(z.int()))
          .check(z.describe('Received, not yet done (or waiting to be retried)')),
        delayed: z.optional(z.number().check(z.int())).check(z.describe('Sent with a delay still running')),
        deadLetters: z
          .optional(z.number().check(z.int()))
          .check(z.describe('Messages that failed every receive')),
        error: z.optional(z.string()),
      }),
      scheduler: z.object({
        status: health.check(
          z.describe('down after 5 minutes without a tick, warn after 150 s or when jobs failed'),
        ),
        lastTickAt: z.nullable(z.string()),
        lagSeconds: z.nullable(z.number()).check(z.describe('Seconds since the last one-minute tick ran')),
        failedJobs: z.number().check(z.int(), z.describe('Jobs that failed in the last tick')),
        error: z.optional(z.string()),
      }),
      websocket: z.object({
        status: health,
        connections: z.optional(z.number().check(z.int())).check(z.describe('Live WebSocket connections')),
        capped: z.optional(z.boolean()).check(z.describe('The count stopped at its bound: there are more')),
        url: z
          .optional(z.string())
          .check(z.describe('The URL devices connect to, when this function knows it')),
        error: z.optional(z.string()),
      }),
      node: z.enum(['ONLINE', 'OFFLINE']),
    })
    .check(z.meta({ id: 'MonitorReport' })),
);

export const adminMonitor = defineRoute({
  method: 'GET',
  path: '/genesys/1/admin/monitor',
  area: 'admin',
  access: { roles: MONITOR },
  operationId: 'adminMonitor',
  summary:
    'Health of the deployment: each DynamoDB table (one read), the work queue and its dead letters, the ' +
    "scheduler's lag since its last one-minute tick, live WebSocket connections, and the node status. " +
    'A part that cannot be checked is reported `down` with its error; the answer itself is still 200.',
  tags: ['Monitoring'],
  responses: { 200: { description: 'The health report', schema: monitorView }, ...authErrorResponses },
});

export const monitorRoutes: RouteSpec[] = [adminMonitor];
