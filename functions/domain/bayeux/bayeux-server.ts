import type { BayeuxMessage } from './bayeux-message.js';
import {
  BAYEUX_VERSION,
  CONNECTION_TYPES,
  SUBSCRIBABLE_CHANNELS,
  errorReply,
  type BayeuxAdvice,
  type BayeuxReply,
  type ConnectionType,
} from './bayeux-protocol.js';

/**
 * The server side of Bayeux as a pure function: one parsed message and the client it names (as
 * stored) in, the reply and the one change to make out. The handler loads the client, applies
 * the change through the store and sends the reply, so any Lambda instance can serve any client.
 */

/** A handshaken client, as the store keeps it. */
export interface BayeuxClient {
  id: string;
  /** Whom the client receives for: the `gms_user` of its handshake (header, connection or `ext`). */
  gmsUser?: string;
  subscriptions: string[];
  /** Forgotten after this (renewed by every `/meta/connect`). */
  expiresAt: number;
}

export interface BayeuxTiming {
  /** Long-polling: how long a `/meta/connect` waits for a message before answering empty. */
  holdMs: number;
  /** Long-polling: the pause the client makes before its next `/meta/connect`. */
  intervalMs: number;
  /** WebSocket: connects are answered at once and serve as a heartbeat this often. */
  websocketIntervalMs: number;
  /** A client that has not connected for this long is forgotten (its next message answers 402). */
  clientIdleMs: number;
}

export const DEFAULT_BAYEUX_TIMING: BayeuxTiming = {
  holdMs: 2_000,
  intervalMs: 1_000,
  websocketIntervalMs: 30_000,
  clientIdleMs: 10 * 60_000,
};

/** The longest `gms_user` a client may name: it becomes a key in the connections table. */
export const MAX_GMS_USER_LENGTH = 256;

export interface StepContext {
  now: number;
  /** The transport the message came over. */
  transport: ConnectionType;
  newClientId: () => string;
  /** `gms_user` of the request (HTTP header) or of the WebSocket connection. */
  gmsUser?: string;
  timing: BayeuxTiming;
}

export type BayeuxStep =
  | { kind: 'reply'; reply: BayeuxReply }
  | { kind: 'create'; client: BayeuxClient; reply: BayeuxReply }
  /** `hold`: a long-polling connect waits (up to `holdMs`) for messages before the reply goes. */
  | { kind: 'connect'; clientId: string; expiresAt: number; hold: boolean; reply: BayeuxReply }
  | { kind: 'subscribe'; clientId: string; channels: string[]; reply: BayeuxReply }
  | { kind: 'unsubscribe'; clientId: string; channels: string[]; reply: BayeuxReply }
  | { kind: 'disconnect'; clientId: string; reply: BayeuxReply };

/** The answer to a message naming a client the server does not know (never handshaken, expired, dropped). */
export const UNKNOWN_CLIENT = '402::Unknown client';
export const HANDSHAKE_ADVICE: BayeuxAdvice = { reconnect: 'handshake', interval: 0 };

export function connectAdvice(transport: ConnectionType, timing: BayeuxTiming): BayeuxAdvice {
  return transport === 'long-polling'
    ? { reconnect: 'retry', interval: timing.intervalMs, timeout: timing.holdMs }
    : { reconnect: 'retry', interval: timing.websocketIntervalMs, timeout: 0 };
}

function userOf(message: BayeuxMessage, ctx: StepContext): string | undefined {
  const fromExt = message.ext?.gms_user;
  const user = ctx.gmsUser ?? (typeof fromExt === 'string' ? fromExt : undefined);
  return user !== undefined && user.length > 0 && user.length <= MAX_GMS_USER_LENGTH ? user : undefined;
}

const channelsOf = (subscription: string | string[]) =>
  Array.isArray(subscription) ? subscription : [subscription];

export function step(message: BayeuxMessage, client: BayeuxClient | undefined, ctx: StepContext): BayeuxStep {
  const about = { channel: message.channel, ...(message.id !== undefined ? { id: message.id } : {}) };
  if (message.channel === '/meta/handshake') {
    const m = message as Extract<BayeuxMessage, { channel: '/meta/handshake' }>;
    if (!m.version.startsWith('1.')) {
      return { kind: 'reply', reply: errorReply(about, `400::Unsupported version ${m.version}`) };
    }
    const common = CONNECTION_TYPES.filter((t) => m.supportedConnectionTypes.includes(t));
    if (common.length === 0) {
      return {
        kind: 'reply',
        reply: errorReply(about, `400::No supported connection type: use ${CONNECTION_TYPES.join(' or ')}`),
      };
    }
    const user = userOf(m, ctx);
    const created: BayeuxClient = {
      id: ctx.newClientId(),
      ...(user !== undefined ? { gmsUser: user } : {}),
      subscriptions: [],
      expiresAt: ctx.now + ctx.timing.clientIdleMs,
    };
    return {
      kind: 'create',
      client: created,
      reply: {
        ...about,
        version: BAYEUX_VERSION,
        supportedConnectionTypes: [...CONNECTION_TYPES],
        clientId: created.id,
        successful: true,
        advice: { ...connectAdvice(ctx.transport, ctx.timing), interval: 0 },
      },
    };
  }

  const named = (message as { clientId?: string }).clientId;
  const withClient = { ...about, ...(named !== undefined ? { clientId: named } : {}) };
  if (!client) return { kind: 'reply', reply: errorReply(withClient, UNKNOWN_CLIENT, HANDSHAKE_ADVICE) };
  const ok = { ...about, clientId: client.id, successful: true };

  switch (message.channel) {
    case '/meta/connect': {
      const m = message as Extract<BayeuxMessage, { channel: '/meta/connect' }>;
      if (!(CONNECTION_TYPES as readonly string[]).includes(m.connectionType)) {
        return {
          kind: 'reply',
          reply: errorReply(ok, `400::Unsupported connection type ${m.connectionType}`),
        };
      }
      return {
        kind: 'connect',
        clientId: client.id,
        expiresAt: ctx.now + ctx.timing.clientIdleMs,
        hold: ctx.transport === 'long-polling' && m.advice?.timeout !== 0,
        reply: { ...ok, advice: connectAdvice(ctx.transport, ctx.timing) },
      };
    }
    case '/meta/subscribe': {
      const m = message as Extract<BayeuxMessage, { channel: '/meta/subscribe' }>;
      const channels = channelsOf(m.subscription);
      const denied = channels.find((c) => !SUBSCRIBABLE_CHANNELS.includes(c));
      if (denied !== undefined) {
        return {
          kind: 'reply',
          reply: {
            ...errorReply(
              ok,
              `403::Subscription denied: ${denied} (subscribe to ${SUBSCRIBABLE_CHANNELS.join(', ')})`,
            ),
            subscription: m.subscription,
          },
        };
      }
      return {
        kind: 'subscribe',
        clientId: client.id,
        channels,
        reply: { ...ok, subscription: m.subscription },
      };
    }
    case '/meta/unsubscribe': {
      const m = message as Extract<BayeuxMessage, { channel: '/meta/unsubscribe' }>;
      return {
        kind: 'unsubscribe',
        clientId: client.id,
        channels: channelsOf(m.subscription),
        reply: { ...ok, subscription: m.subscription },
      };
    }
    case '/meta/disconnect':
      return { kind: 'disconnect', clientId: client.id, reply: ok };
    default:
      // GMS's channels carry notifications from the server only; no service channel is served.
      return { kind: 'reply', reply: errorReply(ok, `403::Publish denied: ${message.channel}`) };
  }
}

/** A Bayeux client as stored: the domain's record, and the WebSocket it last connected over. */
export interface StoredBayeuxClient extends BayeuxClient {
  /** The API Gateway (or local) WebSocket connection of its last `/meta/connect`; none: long-polling. */
  connectionId?: string;
}

/** A message waiting for a long-polling client's next `/meta/connect`. */
export interface PendingBayeuxMessage {
  id: string;
  createdAt: number;
  message: unknown;
}
