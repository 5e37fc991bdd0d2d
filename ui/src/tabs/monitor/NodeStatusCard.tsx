import { useEffect, useId, useRef, useState } from 'react';
import { api } from '../../api';
import { useAuth } from '../../auth';
import { ErrorNotice, SuccessNotice } from '../../components/Notice';
import { useLoad } from '../../components/use-load';

type NodeStatus = 'ONLINE' | 'OFFLINE';

/**
 * GMS's node status (`admin/node/status`): OFFLINE takes the deployment out of load balancers
 * (the `get` service answers its offline code). Changing it is for administrators, after a confirmation.
 */
export function NodeStatusCard({ onChanged }: { onChanged(): void }) {
  const { has } = useAuth();
  const node = useLoad(async () => (await api<string>('/admin/node/status')).trim() as NodeStatus);
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<string>();
  const confirmRef = useRef<HTMLButtonElement>(null);
  const askId = useId();
  const current = node.value;
  const target: NodeStatus = current === 'ONLINE' ? 'OFFLINE' : 'ONLINE';

  useEffect(() => {
    if (asking) confirmRef.current?.focus();
  }, [asking]);

  const change = async () => {
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    try {
      await api(`/admin/node/changestatus/${target}`, { method: 'POST' });
      await node.reload();
      setDone(`The node is now ${target}.`);
      setAsking(false);
      onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const status = current === 'ONLINE' ? 'up' : current === 'OFFLINE' ? 'down' : undefined;
  return (
    <section className="card node-card" aria-labelledby="node-title">
      <h2 id="node-title">Node status</h2>
      <p className="node-status">
        {status ? <span className={`status-dot ${status}`} aria-hidden="true" /> : null}
        <strong data-testid="node-status">{current ?? (node.loading ? 'Loading…' : 'Unknown')}</strong>
        <span className="muted">
          {current === 'OFFLINE'
            ? ' Load balancers leave this deployment out; the get service answers its offline code.'
            : current === 'ONLINE'
              ? ' Serving requests.'
              : ''}
        </span>
      </p>
      <ErrorNotice error={node.error ?? error} />
      <SuccessNotice message={done} />
      {has('Administrator') && current ? (
        asking ? (
          <div className="confirm" role="group" aria-labelledby={askId}>
            <p id={askId}>
              {target === 'OFFLINE'
                ? 'Set the node OFFLINE? Load balancers stop sending it traffic until it is set ONLINE again.'
                : 'Set the node ONLINE? It takes traffic again.'}
            </p>
            <div className="row">
              <button
                ref={confirmRef}
                type="button"
                className={target === 'OFFLINE' ? 'danger' : undefined}
                onClick={() => void change()}
                disabled={busy}
              >
                {busy ? 'Changing…' : `Yes, set ${target}`}
              </button>
              <button type="button" className="secondary" onClick={() => setAsking(false)} disabled={busy}>
                Cancel
              </button>
            </div>
          </div>
        ) : (
          <button
            type="button"
            className={target === 'OFFLINE' ? 'danger' : undefined}
            onClick={() => {
              setDone(undefined);
              setAsking(true);
            }}
          >
            Set {target}…
          </button>
        )
      ) : null}
    </section>
  );
}
