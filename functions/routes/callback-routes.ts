import * as z from '../domain/zod.js';
import { defineRoute } from '../http/define-route.js';
import type { RouteSpec } from '../http/route-spec.js';
import {
  configName,
  errorResponses,
  gmsError,
  IDEMPOTENCY_SUMMARY,
  idempotencyResponses,
} from './schemas.js';

const TAGS = ['Callback Services API'];
const callbackId = z.string().check(z.minLength(1), z.maxLength(128));
const scalar = z.union([z.string(), z.number(), z.boolean()]);

/** What the queries return for each callback (GMS's always-returned keys plus the stored properties). */
export const callbackView = z.lazy(() =>
  z
    .catchall(
      z.object({
        _id: z.string(),
        _desired_time: z.string().check(z.describe('ISO-8601 UTC')),
        _service_name: z.string(),
        _callback_state: z.enum(['SCHEDULED', 'QUEUED', 'ROUTING', 'PROCESSING', 'COMPLETED']),
        _callback_reason: z.optional(z.string()),
        _expiration_time: z.string().check(z.describe('ISO-8601 UTC: the record is queryable until then')),
        _customer_number: z.optional(z.string()),
        _url: z.string().check(z.describe('`/genesys/1/service/callback/{name}/{id}`')),
      }),
      z.string(),
    )
    .check(z.meta({ id: 'CallbackView' })),
);

/** The dialog a create (or connect) answers with; `_action` says which one. */
export const callbackDialog = z.lazy(() =>
  z
    .object({
      _id: z.string(),
      _action: z.optional(z.enum(['ConfirmationDialog', 'DialNumber', 'StartChat'])),
      _text: z.optional(z.string()),
      _dialog_id: z.optional(z.string()),
      _ok_title: z.optional(z.string()),
      _access_number: z.optional(z.string()),
      _tel_url: z.optional(z.string()),
      _access_code: z.optional(z.string()),
      _expiration_time: z.optional(z.string()).check(z.describe('Seconds the access number stays reserved')),
      _label: z.optional(z.string()),
      _start_chat_url: z.optional(z.string()),
      _comet_url: z.optional(z.string()),
      _user_header: z.optional(z.string()),
      _chat_parameters: z.optional(z.record(z.string(), z.string())),
      _id_to_jump_before: z.optional(z.string()),
    })
    .check(z.meta({ id: 'CallbackDialog' })),
);

const createBody = z.lazy(() =>
  z
    .looseObject({
      _customer_number: z
        .optional(scalar)
        .check(z.describe('Number to call (user-terminated) or the calling number; mandatory for voice')),
      _desired_time: z
        .optional(z.string())
        .check(z.describe('ISO-8601 UTC, e.g. 2026-05-28T15:30:00.000Z; absent means immediate')),
      _device_os: z
        .optional(z.string())
        .check(z.describe('Push channel: comet, httpcb (or gcm/fcm/ios, stored)')),
      _device_notification_id: z.optional(z.string()).check(z.describe('Push token, or the URL for httpcb')),
      _media_type: z.optional(z.string()),
      _call_direction: z.optional(z.string()),
      _wait_for_agent: z.optional(scalar),
      _wait_for_user_confirm: z.optional(scalar),
    })
    .check(z.describe('Any other key is stored with the callback as a property and returned by queries')),
);

const serviceParams = z.lazy(() => z.object({ name: configName }));
const recordParams = z.lazy(() => z.object({ name: configName, id: callbackId }));
const notFound = { 404: { description: 'No such callback service (or callback)', schema: gmsError } };
const conflict = {
  409: { description: 'The callback is in a state that does not allow this', schema: gmsError },
};

export const createCallback = defineRoute({
  method: 'POST',
  path: '/genesys/1/service/callback/{name}',
  area: 'callback',
  access: 'public',
  operationId: 'createCallback',
  summary:
    'Creates a callback of the callback service `name` (`_service=callback`). Service options win over request parameters, ' +
    'except `_desired_time`, `_customer_number` and custom properties. The answer is the scenario dialog: ' +
    '`ConfirmationDialog` (user-terminated), `DialNumber` (user-originated immediate), `{_id, _text}` (delayed voice: ' +
    'the device is notified when an agent is available, then POSTs `service/{id}/connect`) or `StartChat` (chat immediate).' +
    IDEMPOTENCY_SUMMARY,
  tags: TAGS,
  params: serviceParams,
  body: createBody,
  bodyTypes: ['json', 'form', 'multipart'],
  responses: {
    200: { description: 'The scenario dialog', schema: callbackDialog },
    400: {
      description:
        'Bad input (`parameter` names it), or `CallbackExceptionAvailability` (outside office hours or the time bucket is full; `availability` proposes free slots), `CallbackExceptionNumber`',
      schema: gmsError,
    },
    ...notFound,
    503: {
      description:
        '`CallbackExceptionServiceUnavailable`: queue limit or throttle reached, or no access number',
      schema: gmsError,
    },
    ...idempotencyResponses,
  },
});

export const queryCallbacks = defineRoute({
  method: 'GET',
  path: '/genesys/1/service/callback',
  area: 'callback',
  access: 'public',
  operationId: 'queryCallbacks',
  summary:
    'Callbacks by `_id`, or by `_customer_number` (optionally with `_callback_state`, where `!STATE` means any state but STATE).',
  tags: TAGS,
  query: z.lazy(() =>
    z.object({
      _id: z.optional(callbackId),
      _customer_number: z.optional(z.string().check(z.minLength(1))),
      _callback_state: z
        .optional(z.string())
        .check(z.describe('SCHEDULED, QUEUED, ROUTING, PROCESSING or COMPLETED; prefix with ! to negate')),
    }),
  ),
  responses: {
    200: { description: 'Matching callbacks (possibly none)', schema: z.lazy(() => z.array(callbackView)) },
    ...errorResponses,
  },
});

export const queryServiceCallbacks = defineRoute({
  method: 'GET',
  path: '/genesys/1/service/callback/{name}',
  area: 'callback',
  access: 'public',
  operationId: 'queryServiceCallbacks',
  summary:
    'Callbacks of the service whose properties match the other query parameters: all of them (`operand=AND`, default) or any (`operand=OR`). ' +
    'Properties include `_customer_number`, `_callback_state` and every key stored at create.',
  tags: TAGS,
  params: serviceParams,
  query: z.lazy(() =>
    z.looseObject({
      operand: z.optional(z.enum(['AND', 'OR'])),
    }),
  ),
  responses: {
    200: { description: 'Matching callbacks (possibly none)', schema: z.lazy(() => z.array(callbackView)) },
    ...errorResponses,
    ...notFound,
  },
});

export const updateCallback = defineRoute({
  method: 'PUT',
  path: '/genesys/1/service/callback/{name}/{id}',
  area: 'callback',
  access: 'public',
  operationId: 'updateCallback',
  summary:
    'Reschedules (`_new_desired_time`, ISO-8601 UTC; same rules as create) and/or updates properties: a property sent as "" is removed.',
  tags: TAGS,
  params: recordParams,
  body: z.lazy(() => z.looseObject({ _new_desired_time: z.optional(z.string()) })),
  bodyTypes: ['json', 'form'],
  responses: {
    200: { description: 'The updated callback', schema: callbackView },
    ...errorResponses,
    ...notFound,
    ...conflict,
  },
});

export const cancelCallback = defineRoute({
  method: 'DELETE',
  path: '/genesys/1/service/callback/{name}/{id}',
  area: 'callback',
  access: 'public',
  operationId: 'cancelCallback',
  summary:
    'Cancels the callback: it becomes COMPLETED with reason CANCELLED. A PROCESSING (connected) or COMPLETED callback cannot be cancelled (409).',
  tags: TAGS,
  params: recordParams,
  query: z.lazy(() => z.object({ discard_ors_failure: z.optional(z.enum(['true', 'false'])) })),
  responses: {
    200: { description: 'The cancelled callback', schema: callbackView },
    ...notFound,
    ...conflict,
  },
});

export const getCallbackAvailability = defineRoute({
  method: 'GET',
  path: '/genesys/1/service/callback/{name}/availability',
  area: 'callback',
  access: 'public',
  operationId: 'getCallbackAvailability',
  summary:
    'Free capacity of the time buckets from `start` (default now) to `end` or for `number-of-days`, within office hours, at most `max-time-slots` slots.',
  tags: TAGS,
  params: serviceParams,
  query: z.lazy(() =>
    z.object({
      start: z.optional(z.string()).check(z.describe('ISO-8601 UTC')),
      end: z.optional(z.string()).check(z.describe('ISO-8601 UTC')),
      'number-of-days': z.optional(z.string()),
      'max-time-slots': z.optional(z.string()),
    }),
  ),
  responses: {
    200: {
      description: 'Slot start (ISO-8601 UTC) -> free capacity',
      schema: z.lazy(() => z.record(z.string(), z.number().check(z.int()))),
    },
    ...errorResponses,
    ...notFound,
  },
});

export const connectCallback = defineRoute({
  method: 'POST',
  path: '/genesys/1/service/{id}/connect',
  area: 'callback',
  access: 'public',
  operationId: 'connectCallback',
  summary:
    'Delayed scenarios: the customer confirms after the agent-available notification. Answers `DialNumber` (user-originated), ' +
    '`StartChat` (chat) or `ConfirmationDialog` (user-terminated; the contact center then dials the customer).',
  tags: TAGS,
  params: z.lazy(() => z.object({ id: callbackId })),
  responses: {
    200: { description: 'The next dialog', schema: callbackDialog },
    404: { description: 'No such callback', schema: gmsError },
    ...conflict,
    503: { description: 'No access number available', schema: gmsError },
  },
});

export const callbackRoutes: RouteSpec[] = [
  createCallback,
  queryCallbacks,
  queryServiceCallbacks,
  updateCallback,
  cancelCallback,
  getCallbackAvailability,
  connectCallback,
];
