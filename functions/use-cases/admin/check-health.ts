import type { Ports } from '../../ports/index.js';
import type { QueueFigures } from '../../ports/metrics.js';

export type CheckHealthPorts = Pick<
  Ports,
  'clock' | 'runtime' | 'tableHealth' | 'queueStats' | 'ticks' | 'connections' | 'node'
>;

/** `up` green, `warn` amber (working, needs a look), `down` red: the Monitor tab's bars. */
export type Health = 'up' | 'warn' | 'down';

/** What `GET admin/monitor` answers (its schema is `monitorView` in routes/monitor-routes.ts). */
export interface HealthReport {
  region: string;
  mode: 'local' | 'aws';
  checkedAt: string;
  api: { status: Health };
  tables: { id: string; name: string; status: Health; latencyMs: number; error?: string }[];
  queue: { status: Health; error?: string } & Partial<QueueFigures>;
  scheduler: {
    status: Health;
    lastTickAt: string | null;
    lagSeconds: number | null;
    failedJobs: number;
    error?: string;
  };
  websocket: { status: Health; connections?: number; capped?: boolean; url?: string; error?: string };
  node: 'ONLINE' | 'OFFLINE';
}

/** The tick runs every minute: later than this it is behind, and much later it is not running. */
export const TICK_LATE_SECONDS = 150;
export const TICK_DOWN_SECONDS = 300;
/** Enough for any real deployment's figure; beyond it the count says "at least". */
const CONNECTION_COUNT_LIMIT = 5_000;

const failure = (e: unknown) => (e instanceof Error ? (e.name === 'Error' ? e.message : e.name) : String(e));

async function queue(ports: CheckHealthPorts): Promise<HealthReport['queue']> {
  try {
    const q = await ports.queueStats.stats();
    return { status: q.deadLetters > 0 ? 'warn' : 'up', ...q };
  } catch (e) {
    return { status: 'down', error: failure(e) };
  }
}

async function scheduler(ports: CheckHealthPorts, now: number): Promise<HealthReport['scheduler']> {
  try {
    const last = await ports.ticks.last();
    if (!last) return { status: 'down', lastTickAt: null, lagSeconds: null, failedJobs: 0 };
    const lagSeconds = Math.max(0, Math.round((now - last.at) / 1000));
    const status =
      lagSeconds > TICK_DOWN_SECONDS
        ? 'down'
        : lagSeconds > TICK_LATE_SECONDS || last.failedJobs > 0
          ? 'warn'
          : 'up';
    return { status, lastTickAt: new Date(last.at).toISOString(), lagSeconds, failedJobs: last.failedJobs };
  } catch (e) {
    return { status: 'down', lastTickAt: null, lagSeconds: null, failedJobs: 0, error: failure(e) };
  }
}

async function websocket(ports: CheckHealthPorts, now: number): Promise<HealthReport['websocket']> {
  const url = ports.runtime.websocketUrl ? { url: ports.runtime.websocketUrl } : {};
  try {
    const { count, capped } = await ports.connections.count(now, CONNECTION_COUNT_LIMIT);
    return { status: 'up', connections: count, capped, ...url };
  } catch (e) {
    return { status: 'down', error: failure(e), ...url };
  }
}

/** Every part is checked on its own, at once: one failing part turns its bar red, not the page. */
export async function checkHealth(ports: CheckHealthPorts): Promise<HealthReport> {
  const now = ports.clock.now();
  const [tables, queueFigures, tick, sockets, node] = await Promise.all([
    ports.tableHealth.probe(),
    queue(ports),
    scheduler(ports, now),
    websocket(ports, now),
    ports.node.get(),
  ]);
  return {
    region: ports.runtime.region,
    mode: ports.runtime.mode,
    checkedAt: new Date(now).toISOString(),
    api: { status: 'up' },
    tables: tables.map((t) => ({
      id: t.id,
      name: t.name,
      status: t.ok ? 'up' : 'down',
      latencyMs: t.latencyMs,
      ...(t.error ? { error: t.error } : {}),
    })),
    queue: queueFigures,
    scheduler: tick,
    websocket: sockets,
    // As GMS's node API: a node shutting down reports OFFLINE.
    node: node === 'ONLINE' ? 'ONLINE' : 'OFFLINE',
  };
}
