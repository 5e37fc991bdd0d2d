import { useEffect, useState } from 'react';

/** One push the local push simulator recorded for a device token (`GET /genesys/local/push`). */
interface SimulatedPush {
  platform: string;
  payload: unknown;
  at: number;
}

type Loaded =
  | { kind: 'loading' }
  | { kind: 'pushes'; pushes: SimulatedPush[] }
  /** The route answers 404: not the local runtime (in AWS the pushes go out through Amazon SNS). */
  | { kind: 'not-local' }
  | { kind: 'error'; message: string };

/**
 * What the sample's device token received by native push, read from the local push simulator
 * every 2 s. The simulator exists only in the local runtime: in AWS `/genesys/local/push` is an
 * unknown path (404, not JSON), which is how this panel knows to say so instead.
 */
export function NativePushes({ baseUrl, token, os }: { baseUrl: string; token: string; os: string }) {
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const url = `${baseUrl.replace(/\/+$/, '')}/genesys/local/push?token=${encodeURIComponent(token)}`;
    const load = async () => {
      try {
        const res = await fetch(url, { cache: 'no-store' });
        if (stopped) return;
        // Elsewhere the path is unknown: a 404, or whatever a front (a CDN's page) answers instead of JSON.
        if (res.status === 404 || !res.headers.get('content-type')?.includes('json')) {
          setLoaded({ kind: 'not-local' });
          return;
        }
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const body = (await res.json()) as { pushes: SimulatedPush[] };
        if (!stopped) setLoaded({ kind: 'pushes', pushes: body.pushes });
      } catch (e) {
        if (!stopped) setLoaded({ kind: 'error', message: (e as Error).message });
      }
      if (!stopped) timer = setTimeout(() => void load(), 2000);
    };
    void load();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [baseUrl, token]);

  return (
    <section className="card stack" aria-labelledby="native-pushes-title" data-testid="native-pushes">
      <h2 id="native-pushes-title">
        Native push to <code>{token}</code> ({os})
      </h2>
      {loaded.kind === 'loading' ? <p className="muted">Loading…</p> : null}
      {loaded.kind === 'not-local' ? (
        <p className="muted">
          The push simulator runs only in the local runtime (<code>npm start</code>). Here the pushes go to
          the device through Amazon SNS mobile push.
        </p>
      ) : null}
      {loaded.kind === 'error' ? <p className="muted">Push simulator unreachable: {loaded.message}</p> : null}
      {loaded.kind === 'pushes' && loaded.pushes.length === 0 ? (
        <p className="muted">Nothing received yet.</p>
      ) : null}
      {loaded.kind === 'pushes' && loaded.pushes.length > 0 ? (
        <ol className="stack" reversed>
          {[...loaded.pushes].reverse().map((p, i) => (
            <li key={`${p.at}-${i}`}>
              <span className="muted small">
                {new Date(p.at).toLocaleTimeString()} · {p.platform}
              </span>
              <pre className="small">{JSON.stringify(p.payload, null, 2)}</pre>
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
