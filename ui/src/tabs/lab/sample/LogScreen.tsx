import { useState } from 'react';
import type { LogEntry } from './gms-client';
import type { Sample } from './use-sample';

const KIND: Record<LogEntry['kind'], string> = {
  request: 'HTTP →',
  response: 'HTTP ←',
  'ws-in': 'WS in',
  'ws-out': 'WS out',
  ws: 'WS',
  info: 'info',
  error: 'error',
};

const stamp = (d: Date) =>
  `${d.toLocaleTimeString([], { hour12: false })}.${String(d.getMilliseconds()).padStart(3, '0')}`;

/** Every request and answer and every WebSocket frame of the sample, timestamped, newest first. */
export function LogScreen({ sample }: { sample: Sample }) {
  const [filter, setFilter] = useState('');
  const f = filter.trim().toLowerCase();
  const entries = sample.log
    .filter((e) => !f || e.title.toLowerCase().includes(f) || (e.body ?? '').toLowerCase().includes(f))
    .slice()
    .reverse();
  return (
    <section className="card stack" aria-labelledby="log-title">
      <h2 id="log-title">Log</h2>
      <div className="row">
        <label>
          Filter
          <input
            type="search"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            placeholder="e.g. chat"
          />
        </label>
        <button type="button" className="secondary" onClick={sample.clearLog}>
          Clear
        </button>
        <span role="status" className="muted">
          {entries.length} of {sample.log.length} entries (newest first)
        </span>
      </div>
      <ol className="sample-log" aria-label="Log entries" tabIndex={0}>
        {entries.map((e) => (
          <li key={e.seq}>
            <div className="log-head">
              <time dateTime={e.at.toISOString()}>{stamp(e.at)}</time>
              <span className={`log-kind ${e.kind === 'error' ? 'error' : ''}`}>{KIND[e.kind]}</span>
              <span>{e.title}</span>
            </div>
            {e.body ? <pre>{e.body}</pre> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
