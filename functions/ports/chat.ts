import type { ChatEvent, ChatSession } from '../domain/chat/chat-session.js';
import type { ChatTransition } from '../domain/chat/chat-transitions.js';

/** Chat sessions. */

/**
 * Chats and their transcripts. Positions are allocated by `append` in one transaction with the
 * event, so they are dense and unique under concurrent writers, and a writer that dies writes
 * nothing.
 */
export interface ChatStore {
  /** Writes the header if no chat with that id exists; returns whether it did. */
  create(session: ChatSession): Promise<boolean>;
  get(id: string): Promise<ChatSession | undefined>;
  /**
   * Reads the header, asks `decide` what to write, and commits the event at `last + 1` with the
   * header change, conditional on `last` being unchanged; on a race it reads and decides again.
   * `decide` returning undefined writes nothing (`event` is then undefined).
   */
  append(
    id: string,
    decide: (session: ChatSession) => ChatTransition | undefined,
  ): Promise<{ session: ChatSession; event?: ChatEvent } | undefined>;
  /** Events with position > `after`, in order: one page (`TRANSCRIPT_PAGE_EVENTS`, `_TEXT_BYTES`). */
  events(id: string, after: number): Promise<ChatEvent[]>;
}
