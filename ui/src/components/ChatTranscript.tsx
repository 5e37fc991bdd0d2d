import { useEffect, useRef } from 'react';
import { orderedRows, typingParty, type Transcript } from '../chat-transcript';
import './contact.css';

const NOTICE_TEXT: Record<string, string> = {
  'Notice.Joined': 'joined',
  'Notice.Left': 'left',
};

/**
 * A chat transcript seen from one side (`self`). Every text from the server is rendered as
 * text: a message holding HTML shows its tags, never runs them. Typing notices are not lines of
 * the transcript but a live status under it.
 */
export function ChatTranscript({
  transcript,
  self,
  label,
}: {
  transcript: Transcript;
  /** The party type of this side: `AGENT` or `CLIENT`. */
  self: 'AGENT' | 'CLIENT';
  label: string;
}) {
  const list = useRef<HTMLOListElement>(null);
  const rows = orderedRows(transcript).filter(
    (e) => e.row[0] !== 'Notice.TypingStarted' && e.row[0] !== 'Notice.TypingStopped',
  );
  const other = self === 'AGENT' ? 'CLIENT' : 'AGENT';
  const typing = transcript.state === 'DISCONNECTED' ? undefined : typingParty(transcript, other);

  useEffect(() => {
    const el = list.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [rows.length]);

  return (
    <div className="chat-transcript">
      <ol ref={list} aria-label={label} className="chat-lines" tabIndex={0} aria-live="polite">
        {rows.length === 0 ? <li className="muted">No events yet.</li> : null}
        {rows.map(({ position, row: [type, nickname, text, , partyType] }) => {
          const mine = partyType === self;
          if (type === 'Message.Text') {
            return (
              <li key={position} className={`chat-line message ${mine ? 'mine' : 'theirs'}`}>
                <span className="who">{nickname || partyType}</span>
                <span className="text">{text}</span>
              </li>
            );
          }
          return (
            <li key={position} className="chat-line chat-notice">
              <span className="who">{nickname || partyType}</span>{' '}
              <span className="text">{text || NOTICE_TEXT[type] || type}</span>
              {type === 'Notice.Custom' ? <span className="muted"> (custom notice)</span> : null}
            </li>
          );
        })}
      </ol>
      <p className="typing muted" role="status" aria-live="polite">
        {typing ? `${typing} is typing…` : ''}
      </p>
    </div>
  );
}
