import { describe, expect, it } from 'vitest';
import { MetricsRecorder } from '../../../functions/adapters/metrics-recorder.js';
import {
  oneSubjectPerMinute,
  type MetricEvent,
  type MetricWrite,
} from '../../../functions/domain/reports/metric-events.js';
import type { MetricsStore } from '../../../functions/ports/metrics.js';

const AT = Date.parse('2026-11-23T12:00:30.000Z');
const MINUTE = Date.parse('2026-11-23T12:00:00.000Z');

const queued = (id: string, at = AT): MetricEvent => ({
  kind: 'callback-entered',
  id,
  service: 'svc',
  mediaType: 'voice',
  state: 'QUEUED',
  at,
});

function storeOf(fail = false) {
  const calls: MetricWrite[][] = [];
  const store: MetricsStore = {
    write: async (writes) => {
      calls.push(writes);
      if (fail) throw new Error('table unavailable');
    },
    read: async () => [],
  };
  return { store, calls };
}

describe('oneSubjectPerMinute', () => {
  it('gives every write of a series and minute the first subject; other series and minutes keep theirs', () => {
    const writes: MetricWrite[] = [
      { series: 'callback#a', minute: 0, subject: 'cb1', add: { x: 1 } },
      { series: 'callback#a', minute: 0, subject: 'cb2', add: { x: 1 } },
      { series: 'callback#b', minute: 0, subject: 'cb3', add: { x: 1 } },
      { series: 'callback#a', minute: 60_000, subject: 'cb4', add: { x: 1 } },
      { series: 'service#a', minute: 0, add: { accesses: 1 } },
    ];
    expect(oneSubjectPerMinute(writes).map((w) => w.subject)).toEqual([
      'cb1',
      'cb1',
      'cb3',
      'cb4',
      undefined,
    ]);
    // The input is not changed.
    expect(writes[1]!.subject).toBe('cb2');
  });
});

describe('MetricsRecorder', () => {
  it('records made in one turn of the event loop share one store write, each waiting for it', async () => {
    const { store, calls } = storeOf();
    const recorder = new MetricsRecorder(store);
    let resolved = 0;
    const all = ['cb1', 'cb2', 'cb3'].map((id) => recorder.record(queued(id)).then(() => resolved++));
    await Promise.resolve();
    expect(resolved).toBe(0);
    await Promise.all(all);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.map((w) => [w.series, w.minute, w.subject, w.add])).toEqual([
      ['callback#svc', MINUTE, 'cb1', { 'entered.QUEUED': 1 }],
      ['callback#svc', MINUTE, 'cb1', { 'entered.QUEUED': 1 }],
      ['callback#svc', MINUTE, 'cb1', { 'entered.QUEUED': 1 }],
    ]);
  });

  it('a record made after the write began goes in the next write', async () => {
    const { store, calls } = storeOf();
    const recorder = new MetricsRecorder(store);
    await recorder.record(queued('cb1'));
    await recorder.record(queued('cb2'));
    expect(calls.map((c) => c.map((w) => w.subject))).toEqual([['cb1'], ['cb2']]);
  });

  it('a failed write fails none of the callers', async () => {
    const { store, calls } = storeOf(true);
    const recorder = new MetricsRecorder(store);
    await expect(
      Promise.all([recorder.record(queued('cb1')), recorder.record(queued('cb2'))]),
    ).resolves.toEqual([undefined, undefined]);
    expect(calls).toHaveLength(1);
  });
});
