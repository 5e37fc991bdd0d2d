import { parseBatch, parseMessage } from '../../domain/bayeux/bayeux-message.js';
import { errorReply, type BayeuxReply, type ConnectionType } from '../../domain/bayeux/bayeux-protocol.js';
import {
  DEFAULT_BAYEUX_TIMING,
  HANDSHAKE_ADVICE,
  UNKNOWN_CLIENT,
  step,
  type BayeuxClient,
  type BayeuxTiming,
} from '../../domain/bayeux/bayeux-server.js';
import type { Ports } from '../../ports/index.js';

/** The Bayeux clients as stored, new client ids, the clock, and the CometD timing settings. */
export type BayeuxExchangePorts = Pick<Ports, 'bayeux' | 'ids' | 'clock' | 'runtime'>;

/** One Bayeux request: an HTTP long-polling body or a WebSocket frame, already parsed as JSON. */
export interface BayeuxRequest {
  body: unknown;
  transport: ConnectionType;
  /** The WebSocket connection the frame came over. */
  connectionId?: string;
  /** The `gms_user` of the request or connection; read only when the batch holds a handshake. */
  gmsUser: () => Promise<string | undefined>;
}

/** How often a held long-polling connect looks for messages. */
const HOLD_POLL_MS = 200;

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const bayeuxTiming = (d: Pick<Ports, 'runtime'>): BayeuxTiming => ({
  ...DEFAULT_BAYEUX_TIMING,
  ...d.runtime.cometd,
});

/**
 * Serves one batch: each message through the Bayeux state machine (`domain/bayeux`), its change
 * applied to the client as stored, its reply collected. A `/meta/connect` answers last, after the
 * messages waiting for the client; over long-polling it first waits briefly for some to arrive.
 */
export async function exchange(d: BayeuxExchangePorts, req: BayeuxRequest): Promise<BayeuxReply[]> {
  const batch = parseBatch(req.body);
  if (!batch.ok) return [batch.reply];
  const timing = bayeuxTiming(d);
  const hasHandshake = batch.messages.some(
    (m) => m !== null && typeof m === 'object' && (m as { channel?: unknown }).channel === '/meta/handshake',
  );
  const gmsUser = hasHandshake ? await req.gmsUser() : undefined;
  const known = new Map<string, BayeuxClient | undefined>();
  const replies: BayeuxReply[] = [];
  let connect: { reply: BayeuxReply; clientId: string; hold: boolean } | undefined;

  for (const raw of batch.messages) {
    const parsed = parseMessage(raw);
    if (!parsed.ok) {
      replies.push(parsed.reply);
      continue;
    }
    const message = parsed.message;
    const now = d.clock.now();
    let client: BayeuxClient | undefined;
    const named = (message as { clientId?: string }).clientId;
    if (named !== undefined && message.channel !== '/meta/handshake') {
      if (!known.has(named)) known.set(named, await d.bayeux.get(named, now));
      client = known.get(named);
    }
    const s = step(message, client, {
      now,
      transport: req.transport,
      newClientId: () => d.ids.id(),
      ...(gmsUser !== undefined ? { gmsUser } : {}),
      timing,
    });
    const gone = () => errorReply(s.reply, UNKNOWN_CLIENT, HANDSHAKE_ADVICE);
    switch (s.kind) {
      case 'reply':
        replies.push(s.reply);
        break;
      case 'create':
        await d.bayeux.create({
          ...s.client,
          ...(req.connectionId !== undefined ? { connectionId: req.connectionId } : {}),
        });
        known.set(s.client.id, s.client);
        replies.push(s.reply);
        break;
      case 'connect':
        if (await d.bayeux.touch(s.clientId, req.connectionId, s.expiresAt)) {
          connect = { reply: s.reply, clientId: s.clientId, hold: s.hold };
        } else {
          known.set(s.clientId, undefined);
          replies.push(gone());
        }
        break;
      case 'subscribe':
        replies.push((await d.bayeux.subscribe(s.clientId, s.channels)) ? s.reply : gone());
        break;
      case 'unsubscribe':
        await d.bayeux.unsubscribe(s.clientId, s.channels);
        replies.push(s.reply);
        break;
      case 'disconnect':
        await d.bayeux.remove(s.clientId);
        known.set(s.clientId, undefined);
        replies.push(s.reply);
        break;
    }
  }
  if (!connect) return replies;
  return [...replies, ...(await waiting(d, connect.clientId, connect.hold, timing)), connect.reply];
}

/**
 * The messages waiting for the client. A held connect looks again every 200 ms up to `holdMs`
 * (a few seconds at most, so no function waits long), then answers with what it has.
 */
async function waiting(
  d: BayeuxExchangePorts,
  clientId: string,
  hold: boolean,
  timing: BayeuxTiming,
): Promise<BayeuxReply[]> {
  const rounds = hold ? Math.ceil(timing.holdMs / HOLD_POLL_MS) : 0;
  for (let round = 0; ; round++) {
    const found = (await d.bayeux.takePending(clientId, d.clock.now())) as BayeuxReply[];
    if (found.length > 0 || round >= rounds) return found;
    await pause(Math.min(HOLD_POLL_MS, timing.holdMs));
  }
}
