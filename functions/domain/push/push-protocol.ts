/**
 * The WebSocket protocol between a device and the push server (see docs/push.md). Text frames of
 * JSON; the device subscribes to the sessions it wants notifications for, and an agent desktop
 * may act on the chats its agent accepted (`agent-chat`), as over the agent API. This module holds
 * the protocol's constants and the frames the server sends; parsing what a device sends is
 * client-message.ts (its zod schemas stay out of the functions that only send frames).
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

/** What an agent does on a chat it accepted: the agent API's chat requests. */
export const AGENT_CHAT_OPS = ['read', 'send', 'startTyping', 'stopTyping', 'disconnect'] as const;
export type AgentChatOp = (typeof AGENT_CHAT_OPS)[number];

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
