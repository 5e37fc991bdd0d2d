import { useState, type FormEvent, type ReactNode } from 'react';
import type { useTypingNotices } from '../chat-transcript';
import './contact.css';

/** The longest message the Chat API takes. */
const MAX_MESSAGE = 4096;

export type ChatComposerOp = 'send' | 'disconnect';

/**
 * The message box of one side of a chat: Enter sends (Shift+Enter is a new line), keystrokes
 * drive the typing notices, and a send or disconnect stops the notice first so the other side
 * does not see "typing" after the message. Failures are shown by the owner (`act` rejects);
 * the text stays to send again.
 */
export function ChatComposer({
  typing,
  act,
  actions,
}: {
  /** Owned by the caller, whose lifetime is the chat's: the notice stops when the chat goes away. */
  typing: ReturnType<typeof useTypingNotices>;
  act(op: ChatComposerOp, message?: string): Promise<unknown>;
  /** More buttons, between Send and Disconnect. */
  actions?: ReactNode;
}) {
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);

  const send = async (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    setSending(true);
    try {
      await typing.stop();
      await act('send', text);
      setText('');
    } catch {
      // The owner shows the error; the text stays to send again.
    } finally {
      setSending(false);
    }
  };

  const disconnect = async () => {
    await typing.stop();
    await act('disconnect').catch(() => undefined);
  };

  return (
    <form className="chat-compose" onSubmit={send}>
      <label className="grow">
        Message
        <textarea
          name="message"
          rows={2}
          maxLength={MAX_MESSAGE}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            typing.keystroke();
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              e.currentTarget.form?.requestSubmit();
            }
          }}
        />
      </label>
      <div className="row">
        <button type="submit" disabled={sending || !text.trim()}>
          Send
        </button>
        {actions}
        <button type="button" className="danger" onClick={() => void disconnect()}>
          Disconnect
        </button>
      </div>
    </form>
  );
}
