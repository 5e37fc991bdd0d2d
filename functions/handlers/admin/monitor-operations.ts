import * as z from 'zod';
import type { Operation } from '../../http/handler-factory.js';
import { json } from '../../http/http-result.js';
import type { monitorView } from '../../routes/monitor-routes.js';
import type { Deps } from '../../composition/full.js';

type Report = z.infer<typeof monitorView>;

/** The tick runs every minute: later than this it is behind, and much later it is not running. */
export const TICK_LATE_SECONDS = 150;
export const TICK_DOWN_SECONDS = 300;
/** Enough for any real deployment's figure; beyond it the count says "at least". */
const CONNECTION_COUNT_LIMIT = 5_000;

const failure = (e: unknown) => (e instanceof Error ? (e.name === 'Error' ? e.message : e.name) : String(e));

async function queue(deps: Deps): Promise<Report['queue']> {
  try {
    const q = await deps.queueStats.stats();
    return { status: q.deadLetters > 0 ? 'warn' : 'up', ...q };
  } catch (e) {
    return { status: 'down', error: failure(e) };
  }
}

async function scheduler(deps: Deps, now: number): Promise<Report['scheduler']> {
  try {
    const last = await deps.ticks.last();
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

async function websocket(deps: Deps, now: number): Promise<Report['websocket']> {
  const url = deps.runtime.websocketUrl ? { url: deps.runtime.websocketUrl } : {};
  try {
    const { count, capped } = await deps.connections.count(now, CONNECTION_COUNT_LIMIT);
    return { status: 'up', connections: count, capped, ...url };
  } catch (e) {
    return { status: 'down', error: failure(e), ...url };
  }
}

export const monitorOperations: Record<string, Operation> = {
  // Every part is checked on its own, at once: one failing part turns its bar red, not the page.
  adminMonitor: async (_req, deps) => {
    const now = deps.clock.now();
    const [tables, queueFigures, tick, sockets, node] = await Promise.all([
      deps.tableHealth.probe(),
      queue(deps),
      scheduler(deps, now),
      websocket(deps, now),
      deps.node.get(),
    ]);
    const report: Report = {
      region: deps.runtime.region,
      mode: deps.runtime.mode,
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
    return json(report);
  },
};
