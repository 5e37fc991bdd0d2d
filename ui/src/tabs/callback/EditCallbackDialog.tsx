import { useState, type FormEvent } from 'react';
import { api } from '../../api';
import { ErrorNotice } from '../../components/Notice';
import { AvailabilityHint } from './AvailabilityHint';
import { callbackPath, stateText, type CallbackView } from './callback-model';
import { formatLocal, fromLocalInput, toLocalInput, zoneLabel } from './local-time';
import { Modal } from './Modal';

interface Props {
  callback: CallbackView;
  onClose: () => void;
  /** After a change: what happened, for the tab to say and to refresh the table. */
  onChanged: (message: string) => void;
}

/**
 * The ✎ of an editable row: reschedule (SCHEDULED only) and cancel, on the public Callback
 * Services API. The server decides what is allowed: a PROCESSING callback's cancel is refused and
 * its reason shown.
 */
export function EditCallbackDialog({ callback, onClose, onChanged }: Props) {
  const [desired, setDesired] = useState(toLocalInput(callback._desired_time));
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const path = callbackPath(callback._service_name, callback._id);
  const properties = Object.entries(callback).filter(
    (e): e is [string, string] => typeof e[1] === 'string' && !['_id', '_url'].includes(e[0]),
  );

  const run = async (action: () => Promise<string>) => {
    setBusy(true);
    setError(undefined);
    try {
      onChanged(await action());
    } catch (err) {
      setError(err);
      setConfirming(false);
    } finally {
      setBusy(false);
    }
  };

  const reschedule = (e: FormEvent) => {
    e.preventDefault();
    const iso = fromLocalInput(desired);
    if (!iso) return setError('Enter the new desired time.');
    void run(async () => {
      const updated = await api<CallbackView>(path, { method: 'PUT', body: { _new_desired_time: iso } });
      return `Callback ${callback._id} rescheduled to ${formatLocal(updated._desired_time)}.`;
    });
  };

  const cancel = () =>
    run(async () => {
      await api(path, { method: 'DELETE' });
      return `Callback ${callback._id} cancelled.`;
    });

  return (
    <Modal title="Edit Callback" onClose={onClose}>
      <div className="stack">
        <dl className="cb-details">
          <dt>State</dt>
          <dd>{stateText(callback)}</dd>
          <dt>Desired time ({zoneLabel()})</dt>
          <dd>{formatLocal(callback._desired_time)}</dd>
          <dt>Phone number</dt>
          <dd>{callback._customer_number || 'Not Specified'}</dd>
          <dt>Service</dt>
          <dd>{callback._service_name}</dd>
          <dt>Service ID</dt>
          <dd>
            <code>{callback._id}</code>
          </dd>
        </dl>
        <details>
          <summary>All properties ({properties.length})</summary>
          <dl className="cb-details">
            {properties.map(([k, v]) => (
              <div key={k} className="cb-detail">
                <dt>
                  <code>{k}</code>
                </dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
        </details>

        {callback._callback_state === 'SCHEDULED' ? (
          <form className="row" onSubmit={reschedule} aria-label="Reschedule">
            <label>
              New desired time ({zoneLabel()})
              <input
                type="datetime-local"
                value={desired}
                onChange={(e) => setDesired(e.target.value)}
                required
              />
            </label>
            <button type="submit" disabled={busy}>
              Reschedule
            </button>
          </form>
        ) : (
          <p className="muted">Only a SCHEDULED callback can be rescheduled.</p>
        )}
        <AvailabilityHint error={error} onPick={(iso) => setDesired(toLocalInput(iso))} />

        <div className="row">
          {confirming ? (
            <>
              <span>Cancel this callback? It becomes COMPLETED (CANCELLED).</span>
              <button type="button" className="danger" disabled={busy} onClick={() => void cancel()}>
                Yes, cancel the callback
              </button>
              <button type="button" className="secondary" onClick={() => setConfirming(false)}>
                No, keep it
              </button>
            </>
          ) : (
            <button type="button" className="danger" disabled={busy} onClick={() => setConfirming(true)}>
              Cancel callback
            </button>
          )}
        </div>
        <ErrorNotice error={error} />
      </div>
    </Modal>
  );
}
