import { describe, expect, it } from 'vitest';
import type { NodeStatus } from '../../../../functions/ports/config.js';
import type { QueueFigures } from '../../../../functions/ports/metrics.js';
import type { TickRecord } from '../../../../functions/ports/tick-records.js';
import { readRuntimeConfig } from '../../../../functions/runtime-config.js';
import {
  checkHealth,
  TICK_DOWN_SECONDS,
  TICK_LATE_SECONDS,
  type CheckHealthPorts,
} from '../../../../functions/use-cases/admin/check-health.js';
import { ManualClock } from '../../../support/manual-clock.js';

interface Parts {
  figures?: QueueFigures | Error;
  tick?: TickRecord | Error;
  connections?: { count: number; capped: boolean } | Error;
  node?: NodeStatus;
}

const answer = <T>(v: T | Error): Promise<T> => (v instanceof Error ? Promise.reject(v) : Promise.resolve(v));

function portsWith(clock: ManualClock, parts: Parts): CheckHealthPorts {
  return {
    clock,
    runtime: { ...readRuntimeConfig({}), region: 'eu-west-1', mode: 'aws', websocketUrl: 'wss://ws.example' },
    tableHealth: {
      probe: async () => [
        { id: 'config', name: 'gms-config', ok: true, latencyMs: 3 },
        { id: 'metrics', name: 'gms-metrics', ok: false, latencyMs: 9, error: 'AccessDeniedException' },
      ],
    },
    queueStats: {
      stats: () => answer(parts.figures ?? { depth: 1, inFlight: 0, delayed: 2, deadLetters: 0 }),
    },
    ticks: {
      record: async () => undefined,
      last: () => answer(parts.tick),
      recordScheduled: async () => undefined,
      lastScheduled: async () => undefined,
      forgetScheduled: async () => undefined,
      recordQueuedSweep: async () => undefined,
      lastQueuedSweep: async () => undefined,
      forgetQueuedSweep: async () => undefined,
    },
    connections: {
      count: () => answer(parts.connections ?? { count: 4, capped: false }),
    } as unknown as CheckHealthPorts['connections'],
    node: { get: async () => parts.node ?? 'ONLINE', set: async () => undefined },
  };
}

describe('checkHealth (the monitor)', () => {
  it('reports each part on its own: a failing table is down, the rest up', async () => {
    const clock = new ManualClock();
    const report = await checkHealth(portsWith(clock, { tick: { at: clock.now() - 30_000, failedJobs: 0 } }));
    expect(report).toMatchObject({
      region: 'eu-west-1',
      mode: 'aws',
      checkedAt: new Date(clock.now()).toISOString(),
      api: { status: 'up' },
      queue: { status: 'up', depth: 1, delayed: 2, deadLetters: 0 },
      scheduler: { status: 'up', lagSeconds: 30, failedJobs: 0 },
      websocket: { status: 'up', connections: 4, capped: false, url: 'wss://ws.example' },
      node: 'ONLINE',
    });
    expect(report.tables).toEqual([
      { id: 'config', name: 'gms-config', status: 'up', latencyMs: 3 },
      { id: 'metrics', name: 'gms-metrics', status: 'down', latencyMs: 9, error: 'AccessDeniedException' },
    ]);
  });

  it('warns on dead letters, a late tick or failed jobs; a silent scheduler is down', async () => {
    const clock = new ManualClock();
    const late = await checkHealth(
      portsWith(clock, {
        figures: { depth: 0, inFlight: 0, delayed: 0, deadLetters: 3 },
        tick: { at: clock.now() - (TICK_LATE_SECONDS + 1) * 1000, failedJobs: 0 },
      }),
    );
    expect(late.queue.status).toBe('warn');
    expect(late.scheduler.status).toBe('warn');
    const failed = await checkHealth(portsWith(clock, { tick: { at: clock.now(), failedJobs: 2 } }));
    expect(failed.scheduler).toMatchObject({ status: 'warn', failedJobs: 2 });
    const silent = await checkHealth(
      portsWith(clock, { tick: { at: clock.now() - (TICK_DOWN_SECONDS + 1) * 1000, failedJobs: 0 } }),
    );
    expect(silent.scheduler.status).toBe('down');
    const never = await checkHealth(portsWith(clock, {}));
    expect(never.scheduler).toEqual({ status: 'down', lastTickAt: null, lagSeconds: null, failedJobs: 0 });
  });

  it('a part that cannot be checked is down with its error, and the node shutting down reads OFFLINE', async () => {
    const clock = new ManualClock();
    const failure = Object.assign(new Error('denied'), { name: 'AccessDeniedException' });
    const report = await checkHealth(
      portsWith(clock, {
        figures: failure,
        tick: new Error('no table'),
        connections: failure,
        node: 'SHUTDOWN',
      }),
    );
    expect(report.queue).toEqual({ status: 'down', error: 'AccessDeniedException' });
    expect(report.scheduler).toMatchObject({ status: 'down', error: 'no table' });
    expect(report.websocket).toEqual({
      status: 'down',
      error: 'AccessDeniedException',
      url: 'wss://ws.example',
    });
    expect(report.node).toBe('OFFLINE');
  });
});
