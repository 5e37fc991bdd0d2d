/**
 * A chat of the GMS Chat API v1: its header (state, participants, the last transcript position)
 * and its transcript events. The chat id is the service session / callback `_id`.
 */
import type { DeviceAddress } from '../../ports/push.js';

/** While CONNECTED every party may post; DISCONNECTED is final (a party left). */
export type ChatState = 'CONNECTED' | 'DISCONNECTED';

export type PartyType = 'CLIENT' | 'AGENT' | 'EXTERNAL';

export interface ChatParty {
  /** Stable per participant: `client` for the customer, the agent id for an agent. */
  id: string;
  type: PartyType;
  nickname: string;
}

/** The customer as given to `ixn/chat` (start). */
export interface ChatClient extends ChatParty {
  type: 'CLIENT';
  firstName?: string;
  lastName?: string;
  email?: string;
  subject?: string;
  /** `notify_by=push_notification`: the device its events are also pushed to (native push). */
  push?: DeviceAddress;
}

export const CLIENT_PARTY_ID = 'client';

export interface ChatSession {
  id: string;
  /** The service the chat belongs to (`service.{name}`): request-chat or a chat callback service. */
  service: string;
  state: ChatState;
  /** Set once the customer started the chat (`ixn/chat`); starting again is refused. */
  client?: ChatClient;
  /** The agent who accepted the routed chat. */
  agent?: ChatParty;
  /** When the customer started the chat, epoch ms. */
  startedAt?: number;
  /** Position of the last transcript event; 0 before any. Positions are dense from 1. */
  last: number;
  /**
   * request-chat: no callback exists until the customer starts the chat; the start creates it
   * and hands it to the router (a chat callback service routed its callback at create).
   */
  routeOnStart: boolean;
  /** `_chat_400_response_on_disconnected`: requests on an ended chat get 400 instead of 200. */
  disconnected400: boolean;
  /** request-chat: routing of the callback created at start, and the application data to keep with it. */
  target?: string;
  virtualQueue?: string;
  userData: Record<string, string>;
  createdAt: number;
  /** The transcript is kept until then (the session's `_ttl`). */
  expiresAt: number;
}

/** What an append may change on the header together with the event (one transaction). */
export type ChatSessionChange = Partial<Pick<ChatSession, 'state' | 'client' | 'agent' | 'startedAt'>>;

export const CHAT_EVENT_TYPES = [
  'Message.Text',
  'Notice.Joined',
  'Notice.Left',
  'Notice.TypingStarted',
  'Notice.TypingStopped',
  'Notice.Custom',
] as const;
export type ChatEventType = (typeof CHAT_EVENT_TYPES)[number];

export interface ChatEvent {
  /** 1, 2, 3... in commit order, unique and without gaps per chat. */
  position: number;
  type: ChatEventType;
  party: ChatParty;
  /** Message and custom notice text exactly as sent (never interpreted as HTML). */
  text: string;
  at: number;
}

export type ChatEventDraft = Omit<ChatEvent, 'position'>;

/**
 * One answer holds at most this many events, and stops before this much message and nickname
 * text (UTF-8): a refresh from 0 on a long chat stays far below Lambda's 6 MB response limit. The
 * answer's `transcriptPosition` is its last event's, so the client's next refresh goes on from there.
 */
export const TRANSCRIPT_PAGE_EVENTS = 100;
export const TRANSCRIPT_PAGE_TEXT_BYTES = 1_000_000;

/** What an event weighs against `TRANSCRIPT_PAGE_TEXT_BYTES`. */
export const eventTextBytes = (e: Pick<ChatEvent, 'text' | 'party'>) =>
  Buffer.byteLength(e.text, 'utf8') + Buffer.byteLength(e.party.nickname, 'utf8');
