import { hasLeft, useTypingNotices } from '../../../chat-transcript';
import { ChatComposer } from '../../../components/ChatComposer';
import { ChatTranscript } from '../../../components/ChatTranscript';
import { ErrorNotice } from '../../../components/Notice';
import type { Sample } from './use-sample';

/**
 * The customer's chat: started from a StartChat dialog (`notify_by=comet`), events pushed with
 * tag `service.chat.refresh.<id>`, messages and typing notices sent through the Chat API v1.
 */
export function ChatScreen({ sample }: { sample: Sample }) {
  const { chat, socketState } = sample;
  const typing = useTypingNotices((started) => sample.chatAction(started ? 'startTyping' : 'stopTyping'));

  if (!chat) {
    return (
      <section className="card" aria-labelledby="chat-title">
        <h2 id="chat-title">Chat</h2>
        <p className="muted">
          No chat yet: run Chat-Immediate or Chat-Delayed on the GMS screen; its StartChat dialog opens the
          chat here.
        </p>
      </section>
    );
  }

  const ended = chat.transcript.state === 'DISCONNECTED';
  const agentLeft = hasLeft(chat.transcript, 'AGENT');
  return (
    <section className="card stack" aria-labelledby="chat-title">
      <h2 id="chat-title">
        Chat <small className="muted">{chat.id}</small>
      </h2>
      <p className="muted small" data-testid="sample-chat-channel">
        {chat.started ? (chat.transcript.state ?? 'CONNECTED') : 'Not started'} · events{' '}
        {socketState === 'open'
          ? `pushed over the WebSocket with tag service.chat.refresh.${chat.id}`
          : `wait for the WebSocket (${socketState}); use Refresh meanwhile`}
      </p>
      {!chat.started ? (
        <div>
          <button type="button" onClick={() => void sample.startChat()} disabled={chat.starting}>
            {chat.starting ? 'Starting…' : 'Start chat'}
          </button>
        </div>
      ) : null}
      <ErrorNotice error={chat.error} />
      {chat.started ? (
        <ChatTranscript transcript={chat.transcript} self="CLIENT" label="Chat transcript" />
      ) : null}
      {ended ? (
        <p className="notice success" role="status">
          The chat has ended{agentLeft ? ': the agent left' : ''}.
        </p>
      ) : null}
      {chat.started && !ended ? (
        <ChatComposer
          typing={typing}
          act={sample.chatAction}
          actions={
            <button type="button" className="secondary" onClick={() => void sample.refreshChat()}>
              Refresh
            </button>
          }
        />
      ) : null}
    </section>
  );
}
