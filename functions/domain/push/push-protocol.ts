import * as z from '../zod.js';

/**
 * The WebSocket protocol between a device and the push server (see docs/push.md). Text frames of
 * JSON; the device subscribes to the sessions it wants notifications for, and an agent desktop
 * may act on the chats its agent accepted (`agent-chat`), as over the agent API.
 */

/** How long an undelivered notification waits for `retrieve-notifications`. */
export const NOTIFICATION_RETENTION_MS = 24 * 3600_000;

/** GMS's CometD channel name, kept so clients written for GMS recognise notifications. */
export const GENESYS_CHANNEL = '/_genesys';

/**
 * Subscriptions one connection may hold at once (docs/push.md): an app needs one per session it
 * follows, and the cap keeps one socket from fanning every push of the system out to itself.
 */
export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 50;

/** Session ids are opaque, URL-safe strings; the limit keeps a subscription key small. */
const SESSION_ID = /^[A-Za-z0-9._~-]{1,128}$/;

/** What an agent does on a chat it accepted: the agent API's chat requests. */
export const AGENT_CHAT_OPS = ['read', 'send', 'startTyping', 'stopTyping', 'disconnect'] as const;
export type AgentChatOp = (typeof AGENT_CHAT_OPS)[number];

/**
 * `{"action":"agent-chat","token":"<bearer token of POST admin/login>","agentId","chatId","op",
 * "message"?,"transcriptPosition"?,"ref"?}`. `message` and `transcriptPosition` are checked by the
 * chat code exactly as the HTTP parameters are; `ref` is echoed in the answer so a desktop can tell
 * its answers apart.
 */
const agentChatFrame = z.object({
  action: z.literal('agent-chat'),
  token: z.string().check(z.minLength(1, 'is missing'), z.maxLength(512)),
  agentId: z.string().check(z.minLength(1, 'is missing'), z.maxLength(64)),
  chatId: z.string().check(z.minLength(1, 'is missing'), z.maxLength(128)),
  op: z.enum(AGENT_CHAT_OPS),
  message: z.optional(z.string()),
  transcriptPosition: z.pipe(
    z.optional(z.union([z.number(), z.string()])),
    z.transform((v) => (v === undefined ? undefined : String(v))),
  ),
  ref: z.optional(z.string().check(z.maxLength(64))),
});

export type AgentChatCommand = z.output<typeof agentChatFrame>;

export type ClientCommand =
  | { action: 'subscribe'; id: string }
  | { action: 'unsubscribe'; id: string }
  | { action: 'ping' }
  | AgentChatCommand;

export type ParseResult = { ok: true; command: ClientCommand } | { ok: false; error: ProtocolError };

export interface ProtocolError {
  type: 'error';
  action: string | null;
  /** The member at fault, as the HTTP API names the parameter of a 400. */
  parameter?: string;
  message: string;
  /** `subscribe` / `unsubscribe` refusals: the id of the frame, so racing frames can be told apart. */
  id?: string;
  /** What went wrong, in a word: `agent-chat` and `subscribe` refusals (below). */
  error?: AgentChatProblem | SubscribeProblem;
  /** `agent-chat` errors: the status the same request over HTTP answers, and its GMS exception. */
  code?: number;
  exception?: string;
  op?: string;
  chatId?: string;
  ref?: string;
}

/** The kinds of `agent-chat` failure; each is one HTTP status of the agent API. */
export type AgentChatProblem =
  | 'invalid-parameter'
  | 'unknown-op'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'too-large'
  | 'unavailable'
  | 'internal';

/** Why a `subscribe` (or `unsubscribe`) was refused; nothing was recorded. */
export type SubscribeProblem = 'not-found' | 'subscription-limit' | 'busy' | 'reconnect';

/** The error frame refusing a subscription change to `id`. */
export function subscriptionRefusal(
  action: 'subscribe' | 'unsubscribe',
  id: string,
  problem: SubscribeProblem,
): ProtocolError {
  const message = {
    'not-found': `Session '${id}' does not exist or has expired: subscribe to the _id of a live service, callback or chat session.`,
    'subscription-limit': `This connection already holds ${MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions, the most one connection may hold: unsubscribe from one first, or open another connection.`,
    busy: `Too many subscription changes at once on this connection: send the ${action} for '${id}' again.`,
    reconnect: 'This connection is no longer registered; reconnect and subscribe again.',
  }[problem];
  return {
    type: 'error',
    action,
    ...(problem === 'not-found' ? { parameter: 'id' } : {}),
    message,
    id,
    error: problem,
  };
}

/** The answer to an `agent-chat` frame: the chat response the agent API answers. */
export interface AgentChatAnswer {
  type: 'agent-chat';
  op: AgentChatOp;
  chatId: string;
  ref?: string;
  response: unknown;
}

export type ServerMessage =
  | { type: 'ack'; action: 'subscribe' | 'unsubscribe'; id: string }
  | { type: 'pong' }
  | ProtocolError
  | AgentChatAnswer
  | NotificationFrame;

/** The problem word of an `agent-chat` error the agent API would answer with `status`. */
export function agentChatProblem(status: number): AgentChatProblem {
  switch (status) {
    case 400:
      return 'invalid-parameter';
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not-found';
    case 409:
      return 'conflict';
    case 413:
      return 'too-large';
    case 503:
      return 'unavailable';
    default:
      return 'internal';
  }
}

/** What the device receives for a notification: GMS's CometD message, typed. */
export interface NotificationFrame {
  type: 'notification';
  channel: typeof GENESYS_CHANNEL;
  data: { id: string; tag: string; message: unknown };
}

export function notificationFrame(id: string, tag: string, message: unknown): NotificationFrame {
  return { type: 'notification', channel: GENESYS_CHANNEL, data: { id, tag, message } };
}

const fail = (action: string | null, message: string, parameter?: string): ParseResult => ({
  ok: false,
  error: { type: 'error', action, message, ...(parameter ? { parameter } : {}) },
});

/** Parses one text frame from a device. Never throws: bad frames get an error answer. */
export function parseClientMessage(body: string | undefined): ParseResult {
  if (body === undefined || body.trim() === '') return fail(null, 'Empty message: send a JSON object.');
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return fail(null, 'The message is not JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(null, 'The message must be a JSON object with an "action".');
  }
  const { action, id } = value as Record<string, unknown>;
  if (typeof action !== 'string') {
    return fail(null, '"action" is missing: use subscribe, unsubscribe, ping or agent-chat.', 'action');
  }
  switch (action) {
    case 'ping':
      return { ok: true, command: { action } };
    case 'subscribe':
    case 'unsubscribe':
      if (typeof id !== 'string' || id === '') {
        return fail(action, `"id" (the session id to ${action}) is missing.`, 'id');
      }
      if (!SESSION_ID.test(id)) {
        return fail(
          action,
          '"id" must be a session id: 1 to 128 letters, digits, ".", "_", "~" or "-".',
          'id',
        );
      }
      return { ok: true, command: { action, id } };
    case 'agent-chat':
      return parseAgentChat(value as Record<string, unknown>);
    default:
      return fail(
        action.slice(0, 64),
        `Unknown action "${action.slice(0, 64)}": use subscribe, unsubscribe, ping or agent-chat.`,
        'action',
      );
  }
}

/** An `agent-chat` frame; an error names the member at fault and, for `op`, the ops there are. */
function parseAgentChat(value: Record<string, unknown>): ParseResult {
  const out = agentChatFrame.safeParse(value);
  if (out.success) return { ok: true, command: out.data };
  const issue = out.error.issues[0]!;
  const parameter = String(issue.path[0] ?? 'action');
  const echo = (k: string) => (typeof value[k] === 'string' ? (value[k] as string).slice(0, 128) : undefined);
  const op = echo('op')?.slice(0, 64);
  const unknownOp = parameter === 'op' && value.op !== undefined;
  const problem: AgentChatProblem =
    parameter === 'token' ? 'unauthorized' : unknownOp ? 'unknown-op' : 'invalid-parameter';
  const message = unknownOp
    ? `Unknown op "${op ?? String(value.op)}": use ${AGENT_CHAT_OPS.join(', ')}.`
    : `"${parameter}" ${value[parameter] === undefined ? 'is missing' : `is invalid: ${issue.message}`}.`;
  const ref = echo('ref')?.slice(0, 64);
  const chatId = echo('chatId');
  return {
    ok: false,
    error: {
      type: 'error',
      action: 'agent-chat',
      parameter,
      message,
      error: problem,
      code: problem === 'unauthorized' ? 401 : 400,
      ...(op !== undefined ? { op } : {}),
      ...(chatId !== undefined ? { chatId } : {}),
      ...(ref !== undefined ? { ref } : {}),
    },
  };
}
