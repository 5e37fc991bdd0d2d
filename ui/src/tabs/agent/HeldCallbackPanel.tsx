import { RECORD_FIELDS, type Agent, type HeldCallback } from './agent-api';

const LABELS: Record<(typeof RECORD_FIELDS)[number], string> = {
  _id: 'Callback id',
  _service_name: 'Service',
  _callback_state: 'Callback state',
  _customer_number: 'Customer number',
  _desired_time: 'Desired time',
  _media_type: 'Media type',
  _call_direction: 'Call direction',
};

function properties(cb: HeldCallback): [string, string][] {
  const fixed = new Set<string>(RECORD_FIELDS);
  return Object.entries(cb)
    .filter((e): e is [string, string] => !fixed.has(e[0]) && e[1] !== undefined)
    .sort(([a], [b]) => a.localeCompare(b));
}

/**
 * The callback the agent is offered or works on: its details and properties (as text), and what
 * the agent can do in its phase: accept or reject an offer, complete a conversation.
 */
export function HeldCallbackPanel({
  agent,
  busy,
  onAccept,
  onReject,
  onComplete,
}: {
  agent: Agent & { callback: HeldCallback };
  busy: boolean;
  onAccept(): void;
  onReject(): void;
  onComplete(ready: boolean): void;
}) {
  const cb = agent.callback;
  const props = properties(cb);
  const offered = agent.phase === 'offered';
  const title = offered
    ? 'Offered callback'
    : agent.phase === 'connected'
      ? 'Current callback'
      : 'Reserved callback';
  return (
    <section className={`card held-callback ${offered ? 'offered' : ''}`} aria-labelledby="held-title">
      <h2 id="held-title">
        {title}: {cb._media_type === 'chat' ? 'chat' : 'voice'} from {cb._service_name}
      </h2>
      <div className="table-scroll">
        <table aria-label="Callback details" className="kv">
          <tbody>
            {RECORD_FIELDS.map((f) =>
              cb[f] === undefined ? null : (
                <tr key={f}>
                  <th scope="row">{LABELS[f]}</th>
                  <td>{cb[f]}</td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      </div>
      <h3>Properties</h3>
      {props.length === 0 ? (
        <p className="muted">No properties.</p>
      ) : (
        <div className="table-scroll">
          <table aria-label="Callback properties" className="kv">
            <tbody>
              {props.map(([k, v]) => (
                <tr key={k}>
                  <th scope="row">{k}</th>
                  <td>{v}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="row agent-buttons">
        {offered ? (
          <button type="button" onClick={onAccept} disabled={busy}>
            Accept
          </button>
        ) : null}
        {offered || agent.phase === 'awaiting-customer' ? (
          <button type="button" className="danger" onClick={onReject} disabled={busy}>
            Reject
          </button>
        ) : null}
        {agent.phase === 'connected' ? (
          <>
            <button type="button" onClick={() => onComplete(true)} disabled={busy}>
              Complete
            </button>
            <button type="button" className="secondary" onClick={() => onComplete(false)} disabled={busy}>
              Complete and go not ready
            </button>
          </>
        ) : null}
      </div>
      {agent.phase === 'awaiting-customer' ? (
        <p className="muted">
          The customer was told an agent is available; you are connected as soon as they confirm or call.
        </p>
      ) : null}
    </section>
  );
}
