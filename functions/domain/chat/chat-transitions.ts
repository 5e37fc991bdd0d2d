import { ConflictError } from '../errors.js';
import type {
  ChatClient,
  ChatEventDraft,
  ChatEventType,
  ChatParty,
  ChatSession,
  ChatSessionChange,
} from './chat-session.js';

/** Who acts on a chat: the customer (Chat API v1) or the agent it was routed to (agent API). */
export type ChatActor = 'client' | 'agent';

export type ChatAction =
  | { kind: 'join-client'; client: ChatClient }
  | { kind: 'join-agent'; agent: ChatParty }
  | { kind: 'message'; text: string }
  | { kind: 'typing'; started: boolean }
  | { kind: 'custom'; text: string }
  | { kind: 'leave' };

/** One transcript event and the header change committed with it. */
export interface ChatTransition {
  event: ChatEventDraft;
  change?: ChatSessionChange;
}

/** Chat Server's notice texts, so a GMS client shows what it showed before. */
export const NOTICE_TEXT: Partial<Record<ChatEventType, string>> = {
  'Notice.Joined': 'has joined the session',
  'Notice.Left': 'has left the session',
  'Notice.TypingStarted': 'is typing',
  'Notice.TypingStopped': 'has stopped typing',
};

const draft = (type: ChatEventType, party: ChatParty, now: number, text?: string): ChatEventDraft => ({
  type,
  party: { id: party.id, type: party.type, nickname: party.nickname },
  text: text ?? NOTICE_TEXT[type] ?? '',
  at: now,
});

function actingParty(session: ChatSession, actor: ChatActor): ChatParty {
  const party = actor === 'client' ? session.client : session.agent;
  if (!party) {
    throw new ConflictError(
      actor === 'client'
        ? `Chat ${session.id} has not been started: POST .../ixn/chat first.`
        : `The agent has not joined chat ${session.id}.`,
    );
  }
  return party;
}

/**
 * What `action` by `actor` does to the chat as it is now. Undefined: nothing happens (the chat
 * ended, or the agent already joined). Pure: the store calls it again on the fresh header when a
 * concurrent append took the position first.
 */
export function decide(
  session: ChatSession,
  actor: ChatActor,
  action: ChatAction,
  now: number,
): ChatTransition | undefined {
  if (action.kind === 'join-client' && session.client) {
    throw new ConflictError(`Chat ${session.id} has already been started.`);
  }
  if (session.state === 'DISCONNECTED') return undefined;
  switch (action.kind) {
    case 'join-client':
      return {
        event: draft('Notice.Joined', action.client, now),
        change: { client: action.client, startedAt: now },
      };
    case 'join-agent':
      if (session.agent?.id === action.agent.id) return undefined;
      return { event: draft('Notice.Joined', action.agent, now), change: { agent: action.agent } };
    case 'message':
      return { event: draft('Message.Text', actingParty(session, actor), now, action.text) };
    case 'typing':
      return {
        event: draft(
          action.started ? 'Notice.TypingStarted' : 'Notice.TypingStopped',
          actingParty(session, actor),
          now,
        ),
      };
    case 'custom':
      return { event: draft('Notice.Custom', actingParty(session, actor), now, action.text) };
    case 'leave':
      return {
        event: draft('Notice.Left', actingParty(session, actor), now),
        change: { state: 'DISCONNECTED' },
      };
  }
}
