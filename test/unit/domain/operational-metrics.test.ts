import { afterEach, describe, expect, it, vi } from 'vitest';
import { EmfOperationalMetrics } from '../../../functions/adapters/operational-metrics/emf-operational-metrics.js';
import type { CallbackRecord } from '../../../functions/domain/callback/callback-record.js';
import { countCallbackChange } from '../../../functions/domain/operational-metrics.js';
import { traceIdsOf } from '../../../functions/http/trace-ids.js';

interface EmfDocument {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: {
      Namespace: string;
      Dimensions: string[][];
      Metrics: { Name: string; Unit: string }[];
    }[];
  };
  [key: string]: unknown;
}

/** Everything written to stdout while `run` runs, as the EMF documents CloudWatch Logs would read. */
function emfLines(run: () => void): EmfDocument[] {
  const written: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(chunk.toString());
    return true;
  });
  try {
    run();
  } finally {
    spy.mockRestore();
  }
  return written
    .join('')
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => JSON.parse(l) as EmfDocument);
}

describe('EmfOperationalMetrics', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes one EMF document per set of dimension values, sums repeated counts, namespace GMS and the stage', () => {
    const metrics = new EmfOperationalMetrics('prod');
    metrics.count('CallbacksCreated', { service: 'cb1' });
    metrics.count('CallbacksQueued', { service: 'cb1' });
    metrics.count('CallbacksCreated', { service: 'cb1' });
    metrics.count('CallbacksCompleted', { service: 'cb1', reason: 'CANCELLED' });
    metrics.count('PoolExhausted', { pool: 'Main' }, 3);
    metrics.count('TickCompleted', {});

    const docs = emfLines(() => metrics.flush());
    const byMetric = (name: string) => docs.find((d) => name in d);
    expect(docs).toHaveLength(4);
    for (const d of docs) {
      expect(d._aws.CloudWatchMetrics).toHaveLength(1);
      expect(d._aws.CloudWatchMetrics[0]!.Namespace).toBe('GMS');
      expect(d.stage).toBe('prod');
      // No `service` dimension of Powertools' own: where there is one, it is the GMS service.
      expect(d.service === undefined || d.service === 'cb1').toBe(true);
    }
    const cb = byMetric('CallbacksCreated')!;
    expect(cb).toMatchObject({ stage: 'prod', service: 'cb1', CallbacksCreated: 2, CallbacksQueued: 1 });
    expect(cb._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([['stage', 'service']]);
    expect(cb._aws.CloudWatchMetrics[0]!.Metrics).toEqual([
      { Name: 'CallbacksCreated', Unit: 'Count' },
      { Name: 'CallbacksQueued', Unit: 'Count' },
    ]);
    const completed = byMetric('CallbacksCompleted')!;
    expect(completed).toMatchObject({ reason: 'CANCELLED', service: 'cb1', CallbacksCompleted: 1 });
    expect(completed._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([['stage', 'reason', 'service']]);
    expect(byMetric('PoolExhausted')).toMatchObject({ pool: 'Main', PoolExhausted: 3 });
    const tick = byMetric('TickCompleted')!;
    expect(tick).toMatchObject({ TickCompleted: 1 });
    expect(tick._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([['stage']]);
  });

  it('writes nothing when nothing was counted, and nothing twice', () => {
    const metrics = new EmfOperationalMetrics('default');
    expect(emfLines(() => metrics.flush())).toEqual([]);
    metrics.count('PushFailures', { channel: 'websocket' });
    expect(emfLines(() => metrics.flush())).toHaveLength(1);
    expect(emfLines(() => metrics.flush())).toEqual([]);
  });
});

describe('countCallbackChange', () => {
  const record = (state: CallbackRecord['state'], reason?: CallbackRecord['reason']) =>
    ({ id: 'c1', service: 'cb1', state, ...(reason ? { reason } : {}) }) as CallbackRecord;
  const counts = (before: CallbackRecord | undefined, after: CallbackRecord) => {
    const out: unknown[] = [];
    countCallbackChange(before, after, (name, dimensions) => out.push([name, dimensions]));
    return out;
  };

  it('counts a creation, a queueing and a completion by reason; nothing for a change in place', () => {
    expect(counts(undefined, record('SCHEDULED'))).toEqual([['CallbacksCreated', { service: 'cb1' }]]);
    expect(counts(undefined, record('QUEUED'))).toEqual([
      ['CallbacksCreated', { service: 'cb1' }],
      ['CallbacksQueued', { service: 'cb1' }],
    ]);
    expect(counts(record('SCHEDULED'), record('QUEUED'))).toEqual([['CallbacksQueued', { service: 'cb1' }]]);
    expect(counts(record('PROCESSING'), record('COMPLETED', 'NOT_AVAILABLE'))).toEqual([
      ['CallbacksCompleted', { service: 'cb1', reason: 'NOT_AVAILABLE' }],
    ]);
    expect(counts(record('QUEUED'), record('QUEUED'))).toEqual([]);
  });

  it('keeps one reason value for every configured preview-reject count', () => {
    expect(counts(record('ROUTING'), record('COMPLETED', 'AGENT_PREVIEW_CANCEL_AFTER_3REJECTS'))).toEqual([
      ['CallbacksCompleted', { service: 'cb1', reason: 'AGENT_PREVIEW_CANCEL_AFTER_REJECTS' }],
    ]);
  });
});

describe('traceIdsOf', () => {
  it('reads the callback id from callback paths and the session id from service session paths', () => {
    expect(traceIdsOf('/genesys/1/service/callback/{name}/{id}', { name: 'cb1', id: 'x1' })).toEqual({
      callbackId: 'x1',
    });
    expect(traceIdsOf('/genesys/1/service/{id}/ixn/chat/refresh', { id: 's1' })).toEqual({ sessionId: 's1' });
    expect(traceIdsOf('/genesys/1/storage/{id}', { id: 'st' })).toEqual({});
    expect(traceIdsOf('/genesys/1/service/{service}', { service: 'cb1' })).toEqual({});
  });
});
