import * as z from '../domain/zod.js';
import { defineRoute } from '../http/define-route.js';
import type { RouteSpec } from '../http/route-spec.js';
import { errorResponses } from './schemas.js';

/** A Bayeux message as this server answers it (a reply, or a notification on `/_genesys`). */
const bayeuxReply = z.lazy(() =>
  z
    .looseObject({
      channel: z.optional(z.string()),
      id: z.optional(z.string()),
      clientId: z.optional(z.string()),
      successful: z.optional(z.boolean()),
      error: z.optional(z.string()).check(z.describe('`<code>::<message>`, e.g. `402::Unknown client`')),
      advice: z.optional(
        z.looseObject({
          reconnect: z.enum(['retry', 'handshake', 'none']),
          interval: z.number(),
          timeout: z.optional(z.number()),
        }),
      ),
      data: z.optional(z.unknown()).check(z.describe('On `/_genesys`: `{id, tag, message}`')),
    })
    .check(z.meta({ id: 'BayeuxMessage' })),
);

/**
 * Any JSON: the Bayeux layer checks each message itself and answers a bad one with its own error
 * reply in the batch (a route-level 400 would drop the replies to the good ones).
 */
const batch = z.lazy(() =>
  z
    .unknown()
    .check(
      z.describe(
        'An array of Bayeux messages (`/meta/handshake`, `/meta/connect`, `/meta/subscribe`, ...); one message object is taken as a batch of one',
      ),
    ),
);

const SUMMARY =
  'CometD (Bayeux 1.0) long-polling: handshake, connect, subscribe `/_genesys`, unsubscribe, disconnect. ' +
  'A `/meta/connect` is held a few seconds at most and answers with `advice.interval`; notifications arrive as ' +
  '`{channel: "/_genesys", data: {id, tag, message}}` for the sessions created with the same `gms_user` header ' +
  '(docs/push.md, CometD). Bayeux errors answer 200 with `successful: false` and `error: "4xx::..."`.';

const responses = {
  200: {
    description: 'The replies, then waiting messages, then the connect reply',
    schema: z.lazy(() => z.array(bayeuxReply)),
  },
  ...errorResponses,
};

export const cometd = defineRoute({
  method: 'POST',
  path: '/genesys/cometd',
  area: 'session',
  access: 'public',
  operationId: 'cometd',
  summary: SUMMARY,
  tags: ['CometD'],
  body: batch,
  bodyTypes: ['json'],
  responses,
});

export const cometdTyped = defineRoute({
  method: 'POST',
  path: '/genesys/cometd/{type}',
  area: 'session',
  access: 'public',
  operationId: 'cometdTyped',
  summary: `${SUMMARY} The cometd client appends the meta message type to the URL; it changes nothing.`,
  tags: ['CometD'],
  params: z.lazy(() =>
    z.object({ type: z.enum(['handshake', 'connect', 'subscribe', 'unsubscribe', 'disconnect']) }),
  ),
  body: batch,
  bodyTypes: ['json'],
  responses,
});

export const cometdRoutes: RouteSpec[] = [cometd, cometdTyped];
