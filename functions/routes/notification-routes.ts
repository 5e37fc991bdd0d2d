import * as z from '../domain/zod.js';
import { defineRoute } from '../http/define-route.js';
import type { HttpMethod, RouteSpec } from '../http/route-spec.js';
import { errorResponses, gmsError } from './schemas.js';

/** The `_id` a service or callback create returned. */
const sessionId = z.lazy(() =>
  z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(128),
      z.regex(/^[A-Za-z0-9._~-]+$/, 'a session id: letters, digits, ".", "_", "~" and "-"'),
      z.describe('The session `_id` returned by the service or callback create'),
    ),
);

const params = z.lazy(() => z.object({ id: sessionId }));

const notificationBody = z.lazy(() =>
  z.looseObject({
    _display_message: z
      .optional(z.string().check(z.maxLength(4096)))
      .check(z.describe('Text for the person on the other side')),
    _application_message: z
      .optional(z.string().check(z.maxLength(16384)))
      .check(z.describe('Data for the receiving application; delivered as `_internal_message`')),
  }),
);

const sent = z.lazy(() => z.object({ message: z.literal('Notification Sent') }));

const appNotification = z.lazy(() =>
  z
    .looseObject({
      _id: z.string(),
      _internal_message: z.optional(z.string()),
      _display_message: z.optional(z.string()),
    })
    .check(
      z.describe(
        'An internal-notification as the app receives it (or any other notification message of the session)',
      ),
    ),
);

const agentNotification = z.lazy(() =>
  z.object({
    message: z.string().check(z.describe('JSON text `{"_id","_internal_message","_display_message"}`')),
    tag: z.string().check(z.describe('`agent.message.<id>`')),
  }),
);

const notFound = { 404: { description: 'No live session has this id', schema: gmsError } };

const retrieve = (
  method: HttpMethod,
  path: string,
  operationId: string,
  summary: string,
  item: z.ZodMiniType,
) =>
  defineRoute({
    method,
    path,
    area: 'session',
    access: 'public',
    operationId,
    summary,
    tags: ['Notifications'],
    params,
    responses: {
      200: {
        description: 'Pending notifications, oldest first (`[]` when none)',
        schema: z.lazy(() => z.array(item)),
      },
      ...errorResponses,
      ...notFound,
    },
  });

const RETRIEVE_APP =
  'Poll mode: the notifications for the app that no push channel delivered, oldest first; each is returned once. ' +
  '`[]` when there are none, e.g. because the WebSocket (comet) or httpcb push already delivered them.';
const RETRIEVE_AGENT =
  'The notifications the app sent to the agent side (`agent-notification`), oldest first; each is returned once.';

export const sendInternalNotification = defineRoute({
  method: 'POST',
  path: '/genesys/1/service/{id}/internal-notification',
  area: 'session',
  access: 'public',
  operationId: 'sendInternalNotification',
  summary:
    'Agent side to app (formerly `poke`): pushes `{_id, _internal_message, _display_message}` with tag `service.message.<id>` ' +
    "on the session's channel (WebSocket subscribers, httpcb); kept for `retrieve-notifications` when no channel took it.",
  tags: ['Notifications'],
  params,
  body: notificationBody,
  responses: {
    200: { description: 'Accepted', schema: sent },
    ...errorResponses,
    ...notFound,
  },
});

export const retrieveNotifications = retrieve(
  'POST',
  '/genesys/1/service/{id}/retrieve-notifications',
  'retrieveNotifications',
  RETRIEVE_APP,
  appNotification,
);

export const retrieveNotificationsGet = retrieve(
  'GET',
  '/genesys/1/service/{id}/retrieve-notifications',
  'retrieveNotificationsGet',
  RETRIEVE_APP,
  appNotification,
);

export const sendAgentNotification = defineRoute({
  method: 'POST',
  path: '/genesys/1/service/{id}/agent-notification',
  area: 'session',
  access: 'public',
  operationId: 'sendAgentNotification',
  summary:
    'App to agent side: kept for `retrieve-agent-notifications` as `{message: "<JSON text>", tag: "agent.message.<id>"}` ' +
    '(the agent desktop polls; GMS does not push to it).',
  tags: ['Notifications'],
  params,
  body: notificationBody,
  responses: {
    200: { description: 'Accepted', schema: sent },
    ...errorResponses,
    ...notFound,
    409: { description: 'Too many notifications already wait to be retrieved', schema: gmsError },
  },
});

export const retrieveAgentNotifications = retrieve(
  'POST',
  '/genesys/1/service/{id}/retrieve-agent-notifications',
  'retrieveAgentNotifications',
  RETRIEVE_AGENT,
  agentNotification,
);

export const retrieveAgentNotificationsGet = retrieve(
  'GET',
  '/genesys/1/service/{id}/retrieve-agent-notifications',
  'retrieveAgentNotificationsGet',
  RETRIEVE_AGENT,
  agentNotification,
);

export const notificationRoutes: RouteSpec[] = [
  sendInternalNotification,
  retrieveNotifications,
  retrieveNotificationsGet,
  sendAgentNotification,
  retrieveAgentNotifications,
  retrieveAgentNotificationsGet,
];
