import * as z from '../zod.js';
import { errorReply, type BayeuxReply } from './bayeux-protocol.js';

/**
 * The Bayeux messages a CometD client sends, parsed: batches, meta messages with the members each
 * needs, publishes. The protocol's constants and the replies the server sends are in
 * bayeux-protocol.ts, which carries no schema (the push path delivers without loading zod).
 */

/** A batch larger than this is refused whole: a client sends a handful of messages at a time. */
export const MAX_BATCH_MESSAGES = 50;

const id = z.optional(z.union([z.string().check(z.maxLength(64)), z.pipe(z.number(), z.transform(String))]));
const clientId = z.optional(z.string().check(z.minLength(1), z.maxLength(128)));
/** Bayeux channel names: segments of letters, digits and a few marks, `*`/`**` as wildcards. */
const CHANNEL = /^\/[A-Za-z0-9_\-.~!$()*+@]+(\/[A-Za-z0-9_\-.~!$()*+@]+)*$/;
const channelName = z.string().check(z.maxLength(256), z.regex(CHANNEL));
const subscription = z.union([channelName, z.array(channelName).check(z.minLength(1), z.maxLength(20))]);
const ext = z.optional(z.record(z.string(), z.unknown()));

const handshake = z.object({
  channel: z.literal('/meta/handshake'),
  id,
  version: z.string().check(z.maxLength(16)),
  minimumVersion: z.optional(z.string().check(z.maxLength(16))),
  supportedConnectionTypes: z.array(z.string().check(z.maxLength(64))).check(z.minLength(1), z.maxLength(10)),
  ext,
});
const connect = z.object({
  channel: z.literal('/meta/connect'),
  id,
  clientId,
  connectionType: z.string().check(z.maxLength(64)),
  /** The cometd client's first connect asks `{timeout: 0}`: answer at once instead of holding. */
  advice: z.optional(z.looseObject({ timeout: z.optional(z.number()) })),
  ext,
});
const subscribe = z.object({ channel: z.literal('/meta/subscribe'), id, clientId, subscription, ext });
const unsubscribe = z.object({ channel: z.literal('/meta/unsubscribe'), id, clientId, subscription, ext });
const disconnect = z.object({ channel: z.literal('/meta/disconnect'), id, clientId, ext });
const publish = z.object({ channel: channelName, id, clientId, data: z.unknown(), ext });

export type HandshakeMessage = z.output<typeof handshake>;
export type ConnectMessage = z.output<typeof connect>;
export type SubscribeMessage = z.output<typeof subscribe>;
export type UnsubscribeMessage = z.output<typeof unsubscribe>;
export type DisconnectMessage = z.output<typeof disconnect>;
export type PublishMessage = z.output<typeof publish>;

export type BayeuxMessage =
  | HandshakeMessage
  | ConnectMessage
  | SubscribeMessage
  | UnsubscribeMessage
  | DisconnectMessage
  | PublishMessage;

export type ParsedMessage = { ok: true; message: BayeuxMessage } | { ok: false; reply: BayeuxReply };

const META_SCHEMAS: Record<string, z.ZodMiniType<BayeuxMessage>> = {
  '/meta/handshake': handshake,
  '/meta/connect': connect,
  '/meta/subscribe': subscribe,
  '/meta/unsubscribe': unsubscribe,
  '/meta/disconnect': disconnect,
};

/** The members of a failed message a reply echoes, so the client can match it to its request. */
function echo(raw: Record<string, unknown>): Pick<BayeuxReply, 'channel' | 'id' | 'clientId'> {
  return {
    ...(typeof raw.channel === 'string' && raw.channel.length <= 256 ? { channel: raw.channel } : {}),
    ...(typeof raw.id === 'string' && raw.id.length <= 64 ? { id: raw.id } : {}),
    ...(typeof raw.clientId === 'string' && raw.clientId.length <= 128 ? { clientId: raw.clientId } : {}),
  };
}

/**
 * One message of a batch: a known meta message with the members it needs, or a publish. Anything
 * else gets an error reply in Bayeux's `<code>::<message>` form (4xx codes, as CometD uses them).
 */
export function parseMessage(raw: unknown): ParsedMessage {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, reply: errorReply({}, '400::Message is not a JSON object') };
  }
  const record = raw as Record<string, unknown>;
  const about = echo(record);
  if (typeof record.channel !== 'string' || record.channel.length === 0) {
    return { ok: false, reply: errorReply(about, '400::Missing channel') };
  }
  const channel = record.channel;
  const schema = channel.startsWith('/meta/') ? META_SCHEMAS[channel] : publish;
  if (!schema) return { ok: false, reply: errorReply(about, `400::Unknown meta channel ${channel}`) };
  const out = schema.safeParse(record);
  if (!out.success) {
    const issue = out.error.issues[0]!;
    const member = issue.path.length > 0 ? issue.path.join('.') : 'message';
    return { ok: false, reply: errorReply(about, `400::Invalid ${member}: ${issue.message}`) };
  }
  return { ok: true, message: out.data };
}

/**
 * A request body or WebSocket frame: a JSON array of messages (a single object is accepted as a
 * batch of one, as CometD servers do). `undefined` when the text is not JSON at all.
 */
export function parseBatch(
  body: unknown,
): { ok: true; messages: unknown[] } | { ok: false; reply: BayeuxReply } {
  const messages = Array.isArray(body)
    ? body
    : body !== null && typeof body === 'object'
      ? [body]
      : undefined;
  if (!messages) return { ok: false, reply: errorReply({}, '400::The body is not a Bayeux message array') };
  if (messages.length === 0) return { ok: false, reply: errorReply({}, '400::Empty message array') };
  if (messages.length > MAX_BATCH_MESSAGES) {
    return { ok: false, reply: errorReply({}, `400::More than ${MAX_BATCH_MESSAGES} messages in one batch`) };
  }
  return { ok: true, messages };
}
