import { GENESYS_CHANNEL } from '../push/push-protocol.js';

/**
 * Bayeux 1.0 (the CometD protocol) as GMS clients speak it at `/genesys/cometd`: the transports
 * this server offers, the one channel it delivers on (`/_genesys`), and the replies and messages it
 * sends. Parsing what a client sends is bayeux-message.ts.
 */

export const BAYEUX_VERSION = '1.0';

/** Where GMS serves CometD, on the API's host (`_comet_url`). */
export const COMETD_PATH = '/genesys/cometd';

/** WebSocket first: the cometd client tries the transports in the server's order of preference. */
export const CONNECTION_TYPES = ['websocket', 'long-polling'] as const;
export type ConnectionType = (typeof CONNECTION_TYPES)[number];

/** The channels a client may subscribe to: GMS delivers every notification on `/_genesys`. */
export const SUBSCRIBABLE_CHANNELS: readonly string[] = [GENESYS_CHANNEL];

export interface BayeuxAdvice {
  reconnect: 'retry' | 'handshake' | 'none';
  interval: number;
  timeout?: number;
}

/** A reply to a meta (or publish) message, or a message delivered on a channel. */
export interface BayeuxReply {
  channel?: string;
  id?: string;
  clientId?: string;
  successful?: boolean;
  error?: string;
  advice?: BayeuxAdvice;
  version?: string;
  supportedConnectionTypes?: string[];
  subscription?: string | string[];
  data?: unknown;
}

export const errorReply = (
  about: Pick<BayeuxReply, 'channel' | 'id' | 'clientId'>,
  error: string,
  advice?: BayeuxAdvice,
): BayeuxReply => ({ ...about, successful: false, error, ...(advice ? { advice } : {}) });

/** Text of a WebSocket frame: Bayeux frames are JSON arrays, the project's own protocol sends objects. */
export function isBayeuxFrame(text: string | undefined): boolean {
  return text !== undefined && text.trimStart().startsWith('[');
}

/** `{channel: "/_genesys", data: {id, tag, message}}`: GMS's notification as CometD delivers it. */
export function genesysMessage(id: string, tag: string, message: unknown): BayeuxReply {
  return { channel: GENESYS_CHANNEL, data: { id, tag, message } };
}
