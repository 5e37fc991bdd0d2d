import * as z from '../domain/zod.js';
import { defineRoute } from '../http/define-route.js';
import {
  configName,
  errorResponses,
  gmsError,
  IDEMPOTENCY_SUMMARY,
  idempotencyResponses,
} from './schemas.js';

const serviceParams = z.lazy(() => z.object({ service: configName }));

const openPeriod = z.object({ start: z.string(), end: z.string() });
const officeHoursAnswer = z.lazy(() =>
  z.object({
    error: z.null(),
    timezone: z.string(),
    start: z.string(),
    end: z.string(),
    open: z.boolean(),
    periods: z.array(openPeriod),
    days: z.array(z.object({ date: z.string(), periods: z.array(openPeriod) })),
  }),
);

/**
 * What a created session answers depends on its service (request-interaction, request-access,
 * match-interaction, request-chat, ...): GMS's `_`-prefixed fields, plus application data.
 */
const serviceAnswer = z.lazy(() =>
  z
    .looseObject({
      _id: z.optional(z.string()).check(z.describe('The session id')),
      _action: z.optional(z.string()),
      _access_number: z.optional(z.string()),
      _access_code: z.optional(z.string()),
      _expiration_time: z
        .optional(z.union([z.number(), z.string()]))
        .check(z.describe('Seconds the access number stays booked')),
    })
    .check(z.meta({ id: 'ServiceAnswer' })),
);

export const createService = defineRoute({
  method: 'POST',
  path: '/genesys/1/service/{service}',
  area: 'service',
  access: 'public',
  operationId: 'createService',
  summary:
    'Creates a session of a configured service (request-interaction, request-access, match-interaction and services built on them). Form fields are the request parameters; keys without a leading "_" are stored as application data.' +
    ' request-interaction and request-chat:' +
    IDEMPOTENCY_SUMMARY,
  tags: ['Service API'],
  params: serviceParams,
  responses: {
    200: {
      description: 'Service-specific response, e.g. `{_id, _access_number, _access_code, _expiration_time}`',
      schema: serviceAnswer,
    },
    ...errorResponses,
    404: {
      description: 'No such service (or, for match-interaction, no matching session)',
      schema: gmsError,
    },
    401: { description: 'match-interaction: invalid telephony credentials', schema: gmsError },
    403: {
      description:
        'match-interaction: `_return_data` without proof of the session (ANI, access code or credentials)',
      schema: gmsError,
    },
    429: {
      description: 'match-interaction: too many failed matches from this address (see Retry-After)',
      schema: gmsError,
    },
    503: { description: 'No access number available in the resource group', schema: gmsError },
    ...idempotencyResponses,
  },
});

export const getService = defineRoute({
  method: 'GET',
  path: '/genesys/1/service/{service}',
  area: 'service',
  access: 'public',
  operationId: 'getService',
  summary:
    'Query-style built-in services. `get`: `_online_code` (200) while the node is ONLINE, `_offline_code` (503) while OFFLINE; ' +
    '`basic_get`: the status in its `result` option. Both answer a 2xx with the options that have no leading "_", any other status with a GMS error body. ' +
    '`office-hours`: `{error: null, timezone, start, end, open, periods, days}` where `open` says whether the service is open at `start`, ' +
    '`days` lists each local date of the window (in `_timezone`) with its open periods `{start, end}` (ISO-8601 UTC, end exclusive; empty = closed) ' +
    'and `periods` joins them across midnight. A holiday closes its date, `_bh_add` hours still open on it.',
  tags: ['Service API'],
  params: serviceParams,
  query: z.lazy(() =>
    z.object({
      start: z
        .optional(z.string())
        .check(z.describe('office-hours: ISO-8601 instant, UTC when it has no offset (default: now)')),
      end: z
        .optional(z.string())
        .check(z.describe('office-hours: ISO-8601 instant, at most 366 days after start (default: start)')),
      'number-of-days': z
        .optional(z.string())
        .check(z.describe('office-hours: 1..366 local dates from the date of start, instead of end')),
    }),
  ),
  responses: {
    200: {
      description: 'Options without a leading "_" (get/basic_get) or open periods (office-hours)',
      schema: z.lazy(() => z.union([officeHoursAnswer, z.record(z.string(), z.string())])),
    },
    ...errorResponses,
    404: { description: 'No such service, or a `_offline_code`/`result` of 404', schema: gmsError },
    503: {
      description: 'Node OFFLINE (get service `_offline_code`), or a basic_get `result` of 503',
      schema: gmsError,
    },
  },
});

export const serviceRoutes = [createService, getService];
