import { useState } from 'react';
import type { CallbackDialog } from './dialogs';

/**
 * One dialog the server sent, shown as the seed's sample shows its actions: DialNumber (a tel:
 * link to dial), ConfirmationDialog (a message to acknowledge), StartChat (the chat to open), or
 * the bare wait text of a delayed scenario.
 */
export function DialogView({
  dialog,
  title,
  onStartChat,
  chatStarted,
  onSimulateCall,
  callSimulated,
}: {
  dialog: CallbackDialog;
  title: string;
  onStartChat?: () => void;
  chatStarted?: boolean;
  onSimulateCall?: (accessNumber: string) => void;
  callSimulated?: boolean;
}) {
  const [acknowledged, setAcknowledged] = useState(false);
  const action = dialog._action ?? 'Wait';
  return (
    <section className="card dialog-card" aria-label={title} data-testid="dialog">
      <h3>
        {title}: <span data-testid="dialog-action">{action}</span>
      </h3>
      {dialog._action === 'DialNumber' ? (
        <div className="stack">
          <p>{dialog._label}</p>
          {dialog._tel_url ? (
            <p>
              <a className="button" href={dialog._tel_url} data-testid="tel-link">
                Call {dialog._access_number}
              </a>
            </p>
          ) : null}
          <dl className="agent-facts">
            <div>
              <dt>Access number</dt>
              <dd>{dialog._access_number}</dd>
            </div>
            <div>
              <dt>Access code</dt>
              <dd>{dialog._access_code}</dd>
            </div>
            <div>
              <dt>tel: URL</dt>
              <dd>
                <code>{dialog._tel_url}</code>
              </dd>
            </div>
            <div>
              <dt>Reserved for</dt>
              <dd>{dialog._expiration_time} s</dd>
            </div>
          </dl>
          {onSimulateCall && dialog._access_number ? (
            <div className="stack">
              <p className="muted small">
                No phone here? Play the phone network: the customer&apos;s call reaches the access number
                (match-interaction) and is routed to an agent.
              </p>
              <div>
                <button
                  type="button"
                  className="secondary"
                  disabled={callSimulated}
                  onClick={() => onSimulateCall(dialog._access_number!)}
                >
                  {callSimulated ? 'Call arrived' : 'Simulate the call'}
                </button>
              </div>
            </div>
          ) : null}
        </div>
      ) : null}
      {dialog._action === 'ConfirmationDialog' ? (
        <div className="stack">
          <p data-testid="dialog-text">{dialog._text}</p>
          <div>
            <button type="button" disabled={acknowledged} onClick={() => setAcknowledged(true)}>
              {acknowledged ? 'Confirmed' : (dialog._ok_title ?? 'Ok')}
            </button>
          </div>
        </div>
      ) : null}
      {dialog._action === 'StartChat' ? (
        <div className="stack">
          <dl className="agent-facts">
            <div>
              <dt>Start chat URL</dt>
              <dd>
                <code>{dialog._start_chat_url}</code>
              </dd>
            </div>
            <div>
              <dt>Comet URL</dt>
              <dd>
                <code>{dialog._comet_url}</code>
              </dd>
            </div>
            {dialog._chat_parameters?.subject ? (
              <div>
                <dt>Subject</dt>
                <dd>{dialog._chat_parameters.subject}</dd>
              </div>
            ) : null}
          </dl>
          {onStartChat ? (
            <div>
              <button type="button" onClick={onStartChat} disabled={chatStarted}>
                {chatStarted ? 'Chat started' : (dialog._label ?? 'Start Chat')}
              </button>
            </div>
          ) : null}
        </div>
      ) : null}
      {!dialog._action ? <p data-testid="dialog-text">{dialog._text}</p> : null}
      <details>
        <summary>Answer as received</summary>
        <pre>{JSON.stringify(dialog, null, 2)}</pre>
      </details>
    </section>
  );
}
