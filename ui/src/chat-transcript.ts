import { useCallback, useEffect, useRef } from 'react';

/**
 * The Chat API v1 transcript as both sides of a chat see it (customer: `service/{id}/ixn/chat`,
 * agent: `agents/{agentId}/chats/{id}`), kept by transcript position so that pushes, answers and
 * refreshes arriving in any order, or twice, add up to the same transcript.
 */

/** `[eventType, nickname, text, partyId, partyType]`. */
export type ChatRow = [string, string, string, string, string];

export interface ChatResponse {
  chatIxnState: 'CONNECTED' | 'TRANSCRIPT' | 'DISCONNECTED';
  chatSessionId: string;
  transcriptPosition: number;
  startedAt: string;
  transcriptToShow: ChatRow[];
  chatServiceMessage: string;
}

export interface Transcript {
  /** Position -> event. */
  rows: Record<number, ChatRow>;
  state?: ChatResponse['chatIxnState'];
  /** The highest position known. */
  last: number;
}

export const EMPTY_TRANSCRIPT: Transcript = { rows: {}, last: 0 };

export function isChatResponse(value: unknown): value is ChatResponse {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as ChatResponse).transcriptToShow) &&
    typeof (value as ChatResponse).transcriptPosition === 'number'
  );
}

/**
 * Adds an answer's events. Every answer ends at its `transcriptPosition` (the events after the
 * position sent, a push's one event, or the event a request created), so the i-th of n events is
 * at `transcriptPosition - (n - 1 - i)`.
 */
export function mergeResponse(t: Transcript, r: ChatResponse): Transcript {
  const rows = { ...t.rows };
  const n = r.transcriptToShow.length;
  r.transcriptToShow.forEach((row, i) => {
    rows[r.transcriptPosition - (n - 1 - i)] = row;
  });
  const last = n > 0 ? Math.max(t.last, r.transcriptPosition) : t.last;
  // A chat never comes back once it ended, whatever a late answer says.
  const state = t.state === 'DISCONNECTED' ? t.state : r.chatIxnState;
  return { rows, last, state };
}

export function orderedRows(t: Transcript): { position: number; row: ChatRow }[] {
  return Object.entries(t.rows)
    .map(([p, row]) => ({ position: Number(p), row }))
    .sort((a, b) => a.position - b.position);
}

/** The first position not yet seen, counting from 1 without gaps: where a refresh must start. */
export function contiguousUpTo(t: Transcript): number {
  let p = 0;
  while (t.rows[p + 1]) p++;
  return p;
}

/** Whether a party of `partyType` (`AGENT`, `CLIENT`) is typing: its last relevant event says so. */
export function typingParty(t: Transcript, partyType: string): string | undefined {
  const rows = orderedRows(t).filter((e) => e.row[4] === partyType);
  for (let i = rows.length - 1; i >= 0; i--) {
    const [type, nickname] = rows[i]!.row;
    if (type === 'Notice.TypingStarted') return nickname || partyType.toLowerCase();
    if (type === 'Notice.TypingStopped' || type === 'Message.Text' || type === 'Notice.Left')
      return undefined;
  }
  return undefined;
}

/** Whether the party of `partyType` left the chat. */
export function hasLeft(t: Transcript, partyType: string): boolean {
  return orderedRows(t).some((e) => e.row[0] === 'Notice.Left' && e.row[4] === partyType);
}

/** How long after the last keystroke the typing notice stops. */
const TYPING_IDLE_MS = 4000;

/**
 * Sends `startTyping` on the first keystroke and `stopTyping` after a pause, on send or when the
 * component goes away, so the other side sees the notice while (and only while) one types.
 */
export function useTypingNotices(notify: (started: boolean) => Promise<unknown>) {
  const typing = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const latest = useRef(notify);
  useEffect(() => {
    latest.current = notify;
  }, [notify]);

  const stop = useCallback(async () => {
    clearTimeout(timer.current);
    if (!typing.current) return;
    typing.current = false;
    await latest.current(false).catch(() => undefined);
  }, []);

  const keystroke = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void stop(), TYPING_IDLE_MS);
    if (typing.current) return;
    typing.current = true;
    void latest.current(true).catch(() => {
      typing.current = false;
    });
  }, [stop]);

  useEffect(
    () => () => {
      void stop();
    },
    [stop],
  );
  return { keystroke, stop };
}
