import type { ChatEvent, ChatSession } from './chat-session.js';

/** One transcript line as GMS sends it: `[eventType, nickname, text, partyId, partyType]`. */
export type TranscriptLine = [string, string, string, string, string];

export interface ChatResponse {
  chatIxnState: 'CONNECTED' | 'TRANSCRIPT' | 'DISCONNECTED';
  chatSessionId: string;
  transcriptPosition: number;
  startedAt: string;
  transcriptToShow: TranscriptLine[];
  chatServiceMessage: string;
  [verbose: string]: unknown;
}

/** Where the chat requests of this deployment are: the verbose answer lists them. */
export interface VerboseContext {
  /** `https://host[:port]` the client reached. */
  origin: string;
}

/** `YYYY-MM-DDTHH:MM:SSZ`, GMS's format (no milliseconds). */
export const chatTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export const transcriptLine = (e: ChatEvent): TranscriptLine => [
  e.type,
  e.party.nickname,
  e.text,
  e.party.id,
  e.party.type,
];

/** The chat requests' path on this server, relative to its origin. */
export const chatRequestPath = (id: string) => `/genesys/1/service/${encodeURIComponent(id)}/ixn/chat`;

export const chatRequestBase = (origin: string, id: string) => `${origin}${chatRequestPath(id)}`;

/**
 * The answer to every chat request. `transcriptPosition` is the position of the last event
 * returned, or `after` (the caller's position) when there is none, so the caller can always
 * send it back as is.
 */
export function chatResponse(
  session: ChatSession,
  events: readonly ChatEvent[],
  after: number,
  verbose?: VerboseContext,
): ChatResponse {
  const connected = session.state === 'CONNECTED';
  const out: ChatResponse = {
    chatIxnState: connected ? 'CONNECTED' : 'DISCONNECTED',
    chatSessionId: session.id,
    transcriptPosition: events.length > 0 ? events[events.length - 1]!.position : after,
    startedAt: chatTime(session.startedAt ?? session.createdAt),
    transcriptToShow: events.map(transcriptLine),
    chatServiceMessage: connected ? 'Chat service is available' : 'Chat session has ended',
  };
  return verbose ? { ...out, ...verboseFields(session, verbose) } : out;
}

/**
 * GMS's verbose members. There is no separate Chat Server here: its host and port are this API's,
 * there is no load balancer, and the chat id itself is the key that secures the session.
 */
function verboseFields(session: ChatSession, ctx: VerboseContext): Record<string, unknown> {
  const url = new URL(ctx.origin);
  const tls = url.protocol === 'https:';
  const base = chatRequestBase(ctx.origin, session.id);
  return {
    userId: session.client?.id ?? '',
    secureKey: session.id,
    checkChatServiceLoadBalancerPath: '',
    chatServerLoadBalancerAlias: '',
    chatServerHost: url.hostname,
    chatWebApiPort: url.port || (tls ? '443' : '80'),
    isTLSrequired: tls,
    clientTimeZoneOffset: 0,
    _chatIxnAPI_SEND_URL: `${base}/send`,
    _chatIxnAPI_REFRESH_URL: `${base}/refresh`,
    _chatIxnAPI_START_TYPING_URL: `${base}/startTyping`,
    _chatIxnAPI_STOP_TYPING_URL: `${base}/stopTyping`,
    _chatIxnAPI_DISCONNECT_URL: `${base}/disconnect`,
    _chatIxnAPI_REFRESH_FROM_START_URL: `${base}/refresh?transcriptPosition=0`,
  };
}
