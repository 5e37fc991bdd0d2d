import * as z from '../domain/zod.js';
import type { Role } from '../domain/roles.js';
import { defineRoute } from '../http/define-route.js';
import { chatResponseView } from './chat-routes.js';
import { authErrorResponses, errorResponses, gmsError } from './schemas.js';

/**
 * Same credentials as the agent API: whoever may act for agents may chat for them. The WebSocket's
 * `agent-chat` frames take the same roles.
 */
export const AGENT_CHAT_ROLES: readonly Role[] = ['Administrator', 'Supervisor'];
const ACTORS = AGENT_CHAT_ROLES;
const TAGS = ['Agents (built-in router)'];

const params = z.lazy(() =>
  z.object({
    agentId: z
      .string()
      .check(
        z.regex(/^[A-Za-z0-9._-]{1,64}$/, 'use 1 to 64 letters, digits, ".", "_" or "-"'),
        z.describe('The agent the chat was routed to'),
      ),
    id: z
      .string()
      .check(z.minLength(1), z.maxLength(128), z.describe('The chat id (the chat callback `_id`)')),
  }),
);

const responses = {
  200: { description: 'The chat response', schema: chatResponseView },
  ...errorResponses,
  ...authErrorResponses,
  403: { description: 'The chat is not routed to (accepted by) this agent', schema: gmsError },
  404: { description: 'No such chat', schema: gmsError },
};

/** A chat action of the agent: POST, the chat response as the answer. Typed, so its operation's input is. */
const action = (suffix: string, operationId: string, summary: string) =>
  defineRoute({
    method: 'POST',
    path: `/genesys/1/agents/{agentId}/chats/{id}/${suffix}`,
    area: 'agent',
    access: { roles: ACTORS },
    operationId,
    summary,
    tags: TAGS,
    params,
    responses,
  });

const ANSWER = ' Answers the events after `transcriptPosition` when sent, else the event created.';

export const agentChatRead = defineRoute({
  method: 'GET',
  path: '/genesys/1/agents/{agentId}/chats/{id}',
  area: 'agent',
  access: { roles: ACTORS },
  operationId: 'agentChatRead',
  summary:
    "The transcript after `transcriptPosition` (default 0) of a chat the agent accepted, one page (at most 100 events, about 1 MB of text): read again from the answer's `transcriptPosition` for the rest. The agent receives events live by subscribing to the chat id over the WebSocket.",
  tags: TAGS,
  params,
  query: z.lazy(() =>
    z.object({
      transcriptPosition: z
        .optional(z.string())
        .check(z.describe('Non-negative integer: the last position already seen')),
    }),
  ),
  responses,
});

export const agentChatSend = action(
  'send',
  'agentChatSend',
  `Sends \`message\` (1 to 4096 characters, kept verbatim).${ANSWER}`,
);
export const agentChatStartTyping = action(
  'startTyping',
  'agentChatStartTyping',
  `Notice.TypingStarted.${ANSWER}`,
);
export const agentChatStopTyping = action(
  'stopTyping',
  'agentChatStopTyping',
  `Notice.TypingStopped.${ANSWER}`,
);
export const agentChatDisconnect = action(
  'disconnect',
  'agentChatDisconnect',
  `The agent leaves (Notice.Left), the chat ends and the callback is COMPLETED with AGENT_CONNECTED, as \`complete\` does (the agent READY).${ANSWER}`,
);

export const agentChatRoutes = [
  agentChatRead,
  agentChatSend,
  agentChatStartTyping,
  agentChatStopTyping,
  agentChatDisconnect,
];
