import { useState, type FormEvent } from 'react';
import { api } from '../../api';
import { ErrorNotice } from '../../components/Notice';
import { AvailabilityHint } from './AvailabilityHint';
import { fromLocalInput, toLocalInput, zoneLabel } from './local-time';
import { Modal } from './Modal';
import { PropertyRows, propertyFields, type PropertyRow } from './PropertyRows';

/** The dialog GMS answers a create with; `_id` is the new callback. */
export interface CreatedCallback {
  _id: string;
  _action?: string;
  _text?: string;
}

const FIELDS = [
  '_customer_number',
  '_desired_time',
  '_urs_virtual_queue',
  '_request_queue_time_stat',
] as const;

interface Props {
  services: string[];
  onClose: () => void;
  onCreated: (service: string, created: CreatedCallback) => void;
}

/**
 * Create Callback: the seed's parameters, sent to the public `POST service/callback/{service}` as a
 * mobile app would (JSON). Service options win over request parameters there, except the desired
 * time, the number and own properties.
 */
export function CreateCallbackDialog({ services, onClose, onCreated }: Props) {
  const [service, setService] = useState(services[0] ?? '');
  const [number, setNumber] = useState('');
  const [desired, setDesired] = useState('');
  const [virtualQueue, setVirtualQueue] = useState('');
  const [queueStat, setQueueStat] = useState('');
  const [properties, setProperties] = useState<PropertyRow[]>([]);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    const own = propertyFields(properties, FIELDS);
    if (typeof own === 'string') return setError(own);
    const desiredIso = fromLocalInput(desired);
    if (desired && !desiredIso) return setError('The desired time is not a valid date and time.');
    const body: Record<string, string> = { ...own };
    if (number.trim()) body._customer_number = number.trim();
    if (desiredIso) body._desired_time = desiredIso;
    if (virtualQueue.trim()) body._urs_virtual_queue = virtualQueue.trim();
    if (queueStat.trim()) body._request_queue_time_stat = queueStat.trim();
    setBusy(true);
    try {
      const created = await api<CreatedCallback>(`/service/callback/${encodeURIComponent(service)}`, {
        method: 'POST',
        body,
      });
      onCreated(service, created);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title="Create Callback" onClose={onClose}>
      <form className="stack" onSubmit={submit}>
        {services.length === 0 ? (
          <p className="notice error" role="alert">
            No callback service is configured: add one on the Services tab first.
          </p>
        ) : null}
        <label>
          Callback type (service)
          <select value={service} onChange={(e) => setService(e.target.value)} required>
            {services.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <p className="muted cb-hint">
          The service should have <code>_wait_for_user_confirm = false</code>: nobody is here to confirm.
        </p>
        <fieldset className="stack">
          <legend>Callback parameters</legend>
          <label>
            Customer number
            <input
              type="tel"
              name="_customer_number"
              autoComplete="off"
              value={number}
              onChange={(e) => setNumber(e.target.value)}
            />
          </label>
          <label>
            Desired time ({zoneLabel()}, empty for now) <code>_desired_time</code>
            <input
              type="datetime-local"
              name="_desired_time"
              value={desired}
              onChange={(e) => setDesired(e.target.value)}
            />
          </label>
          <label>
            <code>_urs_virtual_queue</code>
            <input
              name="_urs_virtual_queue"
              value={virtualQueue}
              onChange={(e) => setVirtualQueue(e.target.value)}
            />
          </label>
          <span className="muted cb-hint">
            Only if the service does not set it: it cannot be defined in both places.
          </span>
          <label>
            <code>_request_queue_time_stat</code>
            <input
              name="_request_queue_time_stat"
              value={queueStat}
              placeholder="ExpectedWaitTime;Queue;8999@SIP_Server;Environment"
              onChange={(e) => setQueueStat(e.target.value)}
            />
          </label>
        </fieldset>
        <PropertyRows rows={properties} onChange={setProperties} />
        <ErrorNotice error={error} />
        <AvailabilityHint error={error} onPick={(iso) => setDesired(toLocalInput(iso))} />
        <div className="row">
          <button type="submit" disabled={busy || !service}>
            {busy ? 'Creating…' : 'Create'}
          </button>
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Modal>
  );
}
