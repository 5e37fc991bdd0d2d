import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ErrorNotice } from '../../../components/Notice';
import type { QueuePosition } from './dialogs';
import type { Sample } from './use-sample';

const AUTO_MS = 5000;

/** Where a waiting callback stands: `check-queue-position` of the current (or any) callback id. */
export function QueueScreen({ sample }: { sample: Sample }) {
  const [id, setId] = useState(sample.session?.id ?? '');
  const [position, setPosition] = useState<QueuePosition>();
  const [checkedAt, setCheckedAt] = useState<Date>();
  const [error, setError] = useState<unknown>();
  const [auto, setAuto] = useState(false);
  const { request } = sample;

  const check = useCallback(async () => {
    if (!id.trim()) return;
    try {
      setPosition(
        await request<QueuePosition>('GET', `/service/${encodeURIComponent(id.trim())}/check-queue-position`),
      );
      setError(undefined);
    } catch (e) {
      setPosition(undefined);
      setError(e);
    } finally {
      setCheckedAt(new Date());
    }
  }, [id, request]);

  useEffect(() => {
    if (!auto) return;
    const t = setInterval(() => void check(), AUTO_MS);
    return () => clearInterval(t);
  }, [auto, check]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void check();
  };

  return (
    <section className="card stack" aria-labelledby="queue-title">
      <h2 id="queue-title">Queue</h2>
      <p className="muted small">
        For a callback waiting for an agent: its position among the callbacks of the same queue and the
        estimated wait.
      </p>
      <form className="row" onSubmit={submit}>
        <label>
          Callback id
          <input value={id} onChange={(e) => setId(e.target.value)} required size={36} />
        </label>
        <button type="submit">Check queue position</button>
        <label className="inline">
          <input type="checkbox" checked={auto} onChange={(e) => setAuto(e.target.checked)} />
          Every {AUTO_MS / 1000} s
        </label>
      </form>
      <ErrorNotice error={error} />
      {position ? (
        <dl className="agent-facts" data-testid="queue-position">
          <div>
            <dt>Position</dt>
            <dd>{position._position}</dd>
          </div>
          <div>
            <dt>Estimated wait</dt>
            <dd>{position._eta === 'n/a' ? 'n/a' : `${position._eta} s`}</dd>
          </div>
          <div>
            <dt>Total waiting</dt>
            <dd>{position._total_waiting}</dd>
          </div>
          <div>
            <dt>Agent ready threshold passed</dt>
            <dd>
              {position._agent_ready_threshold_passed ? 'yes' : 'no'}
              {position._agent_ready_threshold_passed_reason ? (
                <span className="muted"> ({position._agent_ready_threshold_passed_reason})</span>
              ) : null}
            </dd>
          </div>
        </dl>
      ) : null}
      {checkedAt ? <p className="muted small">Checked at {checkedAt.toLocaleTimeString()}.</p> : null}
    </section>
  );
}
