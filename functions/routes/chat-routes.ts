import * as z from '../domain/zod.js';
import { defineRoute } from '../http/define-route.js';
import type { RouteSpec } from '../http/route-spec.js';
import { errorResponses, gmsError } from './schemas.js';

const TAGS = ['Chat API v1'];

const chatId = z.lazy(() =>
  z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(128),
      z.describe('The chat id: the `_id` of request-chat or of a chat callback'),
    ),
);

export const chatResponseView = z.lazy(() =>
  z
    .catchall(
      z.object({
        chatIxnState: z.enum(['CONNECTED', 'TRANSCRIPT', 'DISCONNECTED']),
        chatSessionId: z.string(),
        transcriptPosition: z
          .number()
          .check(
            z.int(),
            z.describe('Position of the last event returned, or the position sent when none is returned'),
          ),
        startedAt: z.string().check(z.describe('YYYY-MM-DDTHH:MM:SSZ')),
        transcriptToShow: z
          .array(z.tuple([z.string(), z.string(), z.string(), z.string(), z.string()]))
          .check(z.describe('[eventType, nickname, text, partyId, partyType], in position order')),
        chatServiceMessage: z.string(),
      }),
      z.unknown(),
    )
    .check(
      z.describe('With `_verbose=true` also the Chat Server fields and the chat request URLs'),
      z.meta({ id: 'ChatResponse' }),
    ),
);

const chatErrors = {
  ...errorResponses,
  400: {
    description:
      'Bad input naming the parameter (empty `message`, bad `transcriptPosition`), or the chat ended and the service sets `_chat_400_response_on_disconnected=true`',
    schema: gmsError,
  },
  404: { description: 'No such chat', schema: gmsError },
  409: { description: 'The chat has not been started (or, for start, has been already)', schema: gmsError },
};

const request = (suffix: string, operationId: string, summary: string) =>
  defineRoute({
    method: 'POST',
    path: `/genesys/1/service/{id}/ixn/chat${suffix}`,
    area: 'session',
    access: 'public',
    operationId,
    summary,
    tags: TAGS,
    params: z.lazy(() => z.object({ id: chatId })),
    responses: {
      200: { description: 'The chat response', schema: chatResponseView },
      ...chatErrors,
      413: { description: '`message` longer than 4096 characters', schema: gmsError },
    },
  });

const ANSWER =
  ' Answers the events after `transcriptPosition` when sent (one page, as refresh), else the event created; on an ended chat nothing changes and the answer is DISCONNECTED.';

export const chatStart = defineRoute({
  ...request(
    '',
    'chatStart',
    'Starts the chat: the customer joins (`Notice.Joined`, CLIENT). Parameters `firstName`, `lastName`, `email`, `subject`, ' +
      '`userDisplayName` (nickname; default "firstName lastName" or "Customer"), `notify_by` (`comet`, `push_notification`, `none` or absent; the events are recorded and pushed to subscribers either way), `_verbose`. ' +
      'With `notify_by=push_notification` every event also goes to the device by native push: `push_notification_deviceid` (the device token, required), `push_notification_type` (`ios`, `android`, `gcm` or `fcm`, required), `push_notification_debug` (`true`: the APNs sandbox), `push_notification_language`. ' +
      'Every transcript event is pushed to WebSocket subscribers of the chat id with tag `service.chat.refresh.<id>`. ' +
      'A request-chat chat is handed to the router now.',
  ),
  responses: {
    200: {
      description:
        '`{_id, comet_channel: "/_genesys"}` (the CometD channel the events arrive on), plus the chat response with `_verbose=true`',
      schema: z.lazy(() => z.catchall(z.object({ _id: z.string(), comet_channel: z.string() }), z.unknown())),
    },
    ...chatErrors,
    409: {
      description: 'The chat has already been started, or its callback is COMPLETED',
      schema: gmsError,
    },
  },
});

export const chatSend = request(
  '/send',
  'chatSend',
  `Sends \`message\` (1 to 4096 characters, kept verbatim).${ANSWER}`,
);

export const chatRefresh = request(
  '/refresh',
  'chatRefresh',
  'Events after `transcriptPosition` (default 0), in order, at most 100 (and about 1 MB of text) per answer: ' +
    "refresh again from the answer's `transcriptPosition` for the rest. An optional `message` is sent first.",
);

export const chatStartTyping = request('/startTyping', 'chatStartTyping', `Notice.TypingStarted.${ANSWER}`);

export const chatStopTyping = request('/stopTyping', 'chatStopTyping', `Notice.TypingStopped.${ANSWER}`);

export const chatDisconnect = request(
  '/disconnect',
  'chatDisconnect',
  `The customer leaves (Notice.Left) and the chat ends; a chat callback not yet accepted by an agent is cancelled.${ANSWER}`,
);

export const chatCustomNotice = request(
  '/customNotice',
  'chatCustomNotice',
  `Notice.Custom with \`message\` as its text.${ANSWER}`,
);

export const chatRoutes: RouteSpec[] = [
  chatStart,
  chatSend,
  chatRefresh,
  chatStartTyping,
  chatStopTyping,
  chatDisconnect,
  chatCustomNotice,
];
