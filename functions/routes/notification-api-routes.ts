import * as z from '../domain/zod.js';
import { MAX_SUBSCRIPTION_EXPIRE_SECONDS, TAG_PATTERN } from '../domain/notification/subscription.js';
import type { Role } from '../domain/roles.js';
import { defineRoute } from '../http/define-route.js';
import type { RouteSpec } from '../http/route-spec.js';
import { authErrorResponses, errorResponses, gmsError } from './schemas.js';

/** ORS's stand-ins: GMS reserves publish for Orchestration Server services, never devices. */
const PUBLISHERS: readonly Role[] = ['Administrator', 'Supervisor'];
const TAGS = ['Notification API'];

const required = (what: string) => ({
  error: (issue: { input: unknown }) => (issue.input === undefined ? 'is required' : `must be ${what}`),
});

const tagLike = (what: string) =>
  z
    .string(required('a string'))
    .check(z.regex(TAG_PATTERN, `must be 1 to 256 printable characters without spaces (${what})`));

const scalar = z.lazy(() =>
  z.pipe(
    z.union([z.string().check(z.maxLength(4096)), z.number(), z.boolean()]),
    z.transform((v) => String(v)),
  ),
);

/** `expire` in seconds: a JSON number, or its digits as a string. */
const expire = z.lazy(() =>
  z
    .pipe(
      z.union([
        z.number(),
        z.pipe(z.string().check(z.regex(/^\d+$/, 'must be a whole number of seconds')), z.transform(Number)),
      ]),
      z
        .number()
        .check(
          z.int('must be a whole number of seconds'),
          z.gte(1, 'must be at least 1 second'),
          z.lte(
            MAX_SUBSCRIPTION_EXPIRE_SECONDS,
            `must be at most ${MAX_SUBSCRIPTION_EXPIRE_SECONDS} seconds (30 days)`,
          ),
        ),
    )
    .check(
      z.describe(
        "Seconds until the subscription ends (default 30, GMS's `push.subscription.expire` default)",
      ),
    ),
);

export const subscriptionRequest = z.lazy(() =>
  z.looseObject({
    subscriberId: z
      .string(required('a string'))
      .check(z.minLength(1, 'is required'), z.maxLength(256), z.describe('The ID of the subscriber')),
    filter: tagLike('a tag such as ors.contact.<id>').check(
      z.describe(
        'Matched against the tags of published events: a subscription gets every event whose tag equals it',
      ),
    ),
    providerName: z
      .optional(z.string().check(z.maxLength(256)))
      .check(z.describe('Name of the provider (kept, not used for delivery)')),
    notificationDetails: z.object(
      {
        deviceId: z
          .string(required('a string'))
          .check(
            z.minLength(1, 'is required'),
            z.maxLength(2048),
            z.describe(
              'The address on the channel: a URL (httpcb), a session `_id` (websocket), a device token...',
            ),
          ),
        type: z
          .pipe(
            z.string(required('a string')).check(z.minLength(1, 'is required'), z.maxLength(32)),
            z.transform((t) => t.toLowerCase()),
          )
          .check(
            z.describe('The channel: one of the types this deployment delivers to (the 400 lists them)'),
          ),
        properties: z
          .optional(z.record(z.string().check(z.maxLength(256)), scalar))
          .check(z.describe('Channel properties (debug, sound...)')),
      },
      required('an object'),
    ),
    authorization: z
      .optional(z.string().check(z.maxLength(4096)))
      .check(z.describe('Authorization header value for the custom HTTP channel (never returned)')),
    expire: z.optional(expire),
  }),
);
export type SubscriptionRequest = z.output<typeof subscriptionRequest>;

export const publishRequest = z.lazy(() =>
  z.looseObject({
    tag: tagLike('e.g. ors.contact.<id>').check(
      z.describe('The event tag; every subscription whose filter matches it gets the event'),
    ),
    // Any JSON value (the body is parsed JSON already). Not z.json(): its recursive schema comes out
    // of the OpenAPI generator as a $ref with siblings, which the document must not have.
    message: z.unknown().check(
      z.refine((m) => m !== undefined, 'is required'),
      z.refine((m) => JSON.stringify(m ?? null).length <= 16_384, 'must be at most 16384 characters as JSON'),
      z.describe('The payload delivered as `message` (a string or any JSON value)'),
    ),
  }),
);
export type PublishRequest = z.output<typeof publishRequest>;

const subscriptionId = z.lazy(() =>
  z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(128),
      z.regex(/^[A-Za-z0-9._~-]+$/, 'a subscription id: letters, digits, ".", "_", "~" and "-"'),
    ),
);
const params = z.lazy(() => z.object({ id: subscriptionId }));

const subscriptionView = z.lazy(() =>
  z.object({
    id: z.string(),
    subscriberId: z.string(),
    filter: z.string(),
    providerName: z.optional(z.string()),
    notificationDetails: z.object({
      deviceId: z.string(),
      type: z.string(),
      properties: z.record(z.string(), z.string()),
    }),
    expire: z.number().check(z.int(), z.describe('Seconds left before the subscription ends')),
  }),
);

const unsupported = {
  415: { description: 'Content-Type is missing or not application/json', schema: gmsError },
};
const notFound = { 404: { description: 'No live subscription has this id', schema: gmsError } };

export const notificationSubscribe = defineRoute({
  method: 'POST',
  path: '/genesys/1/notification/subscription',
  area: 'session',
  access: 'public',
  operationId: 'notificationSubscribe',
  summary:
    'GMS Notification API: subscribes a device to the events whose tag matches `filter`, delivered on ' +
    '`notificationDetails.type` to `notificationDetails.deviceId` until `expire` seconds have passed. JSON only.',
  tags: TAGS,
  body: subscriptionRequest,
  bodyTypes: ['json'],
  strictMediaType: true,
  responses: {
    200: { description: 'The subscription id', schema: z.lazy(() => z.object({ id: z.string() })) },
    ...errorResponses,
    409: { description: 'The filter already has 100 live subscriptions', schema: gmsError },
    ...unsupported,
  },
});

export const notificationSubscriptionGet = defineRoute({
  method: 'GET',
  path: '/genesys/1/notification/subscription/{id}',
  area: 'session',
  access: 'public',
  operationId: 'notificationSubscriptionGet',
  summary: 'A live subscription as it was requested (without `authorization`), with the seconds it has left.',
  tags: TAGS,
  params,
  responses: {
    200: { description: 'The subscription', schema: subscriptionView },
    ...errorResponses,
    ...notFound,
  },
});

export const notificationUnsubscribe = defineRoute({
  method: 'DELETE',
  path: '/genesys/1/notification/subscription/{id}',
  area: 'session',
  access: 'public',
  operationId: 'notificationUnsubscribe',
  summary: 'Ends a subscription: nothing published afterwards reaches it.',
  tags: TAGS,
  params,
  responses: { 200: { description: 'Removed (no body)', empty: true }, ...errorResponses, ...notFound },
});

export const notificationPublish = defineRoute({
  method: 'POST',
  path: '/genesys/1/notification/publish',
  area: 'agent',
  access: { roles: PUBLISHERS },
  operationId: 'notificationPublish',
  summary:
    'Publishes `{tag, message}`: every live subscription whose filter matches the tag gets `{id, tag, message}` ' +
    'on its channel. GMS reserves this for Orchestration Server services; here it takes the credentials of an ' +
    'Administrator or Supervisor. A tag nobody subscribed to is not an error. JSON only.',
  tags: TAGS,
  body: publishRequest,
  bodyTypes: ['json'],
  strictMediaType: true,
  responses: {
    200: {
      description: 'What the event reached',
      schema: z.lazy(() =>
        z.object({
          id: z.string().check(z.describe('The notification id every subscriber receives')),
          subscriptions: z.number().check(z.int(), z.describe('Live subscriptions whose filter matched')),
          delivered: z.number().check(z.int(), z.describe('How many of them their channel took')),
        }),
      ),
    },
    ...errorResponses,
    ...authErrorResponses,
    ...unsupported,
  },
});

export const notificationApiRoutes: RouteSpec[] = [
  notificationSubscribe,
  notificationSubscriptionGet,
  notificationUnsubscribe,
  notificationPublish,
];
