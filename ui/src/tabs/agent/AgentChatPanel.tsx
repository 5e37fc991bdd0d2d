import { hasLeft, useTypingNotices, type Transcript } from '../../chat-transcript';
import { ChatComposer } from '../../components/ChatComposer';
import { ChatTranscript } from '../../components/ChatTranscript';
import { ErrorNotice } from '../../components/Notice';
import type { SocketState } from '../../push-socket';
import type { ChatOp } from './agent-api';
import { CHAT_FALLBACK_POLL_MS } from './use-agent-chat';

/** The agent's side of a chat it accepted: transcript, message box with typing notices, disconnect. */
export function AgentChatPanel({
  chatId,
  transcript,
  socketState,
  joined,
  ended,
  error,
  act,
  canDismiss,
  onDismiss,
}: {
  chatId: string;
  transcript: Transcript;
  socketState: SocketState;
  joined: boolean;
  ended: boolean;
  error: unknown;
  act(op: ChatOp, message?: string): Promise<void>;
  /** The chat ended and its callback is done: the panel may go. */
  canDismiss: boolean;
  onDismiss(): void;
}) {
  const typing = useTypingNotices((started) => act(started ? 'startTyping' : 'stopTyping'));
  const customerLeft = hasLeft(transcript, 'CLIENT');
  const canWrite = joined && !ended;

  return (
    <section className="card chat-panel" aria-labelledby="agent-chat-title">
      <h2 id="agent-chat-title">Chat {ended ? '(ended)' : ''}</h2>
      <p className="muted small" data-testid="chat-channel">
        {socketState === 'open'
          ? `Chat events: WebSocket push (subscribed to ${chatId}).`
          : `Chat events: WebSocket ${socketState}; ${joined ? `reading the transcript every ${CHAT_FALLBACK_POLL_MS / 1000} s` : 'events follow once it is back'}.`}
      </p>
      {!joined ? (
        <p className="muted">Accept the chat to join it; its transcript shows once you joined.</p>
      ) : null}
      <ChatTranscript transcript={transcript} self="AGENT" label="Chat transcript" />
      {ended ? (
        <p className="notice success" role="status">
          The chat has ended{customerLeft ? ': the customer left' : ''}.
        </p>
      ) : customerLeft ? (
        <p className="notice" role="status">
          The customer left the chat. Complete the callback to finish.
        </p>
      ) : null}
      <ErrorNotice error={error} />
      {canWrite ? <ChatComposer typing={typing} act={act} /> : null}
      {canDismiss ? (
        <button type="button" className="secondary" onClick={onDismiss}>
          Close chat
        </button>
      ) : null}
    </section>
  );
}
