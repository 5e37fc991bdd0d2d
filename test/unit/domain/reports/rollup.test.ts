import { describe, expect, it } from 'vitest';
import { callbackMetricEvents } from '../../../../functions/domain/reports/callback-metrics.js';
import {
  combineFigure,
  figureKind,
  metricWrites,
} from '../../../../functions/domain/reports/metric-events.js';
import { watermarkReport } from '../../../../functions/domain/reports/callback-report.js';
import { reportRange } from '../../../../functions/domain/reports/report-range.js';
import {
  gaugeOf,
  maxOf,
  mediaFiguresOf,
  mergeSeries,
  rollUp,
  sumOf,
} from '../../../../functions/domain/reports/rollup.js';
import { callbackRecord } from '../../../support/callback-fixture.js';

const T0 = Date.parse('2026-12-01T10:00:00Z');
const minute = (i: number) => T0 + i * 60_000;

describe('roll-up of per-minute figures', () => {
  const range = reportRange(
    { start: '2026-12-01T10:00:00Z', end: '2026-12-01T10:30:00Z', interval: '15m' },
    T0,
  );

  it("the seed's watermark: 20 in one minute, 0 in the other 14 -> Min 0, Max 20, Avg 1", () => {
    const samples = Array.from({ length: 15 }, (_, i) => ({
      minute: minute(i),
      values: { queued: i === 3 ? 20 : 0 },
    }));
    const periods = rollUp(samples, range.periods);
    expect(gaugeOf(periods[0]!, 'queued')).toEqual({ min: 0, max: 20, avg: 1, samples: 15 });
    expect(gaugeOf(periods[1]!, 'queued')).toBeUndefined();
    const table = watermarkReport('cb1', range, periods);
    expect(table.rows[0]).toEqual({ period: '2026-12-01 10:00', min: 0, max: 20, avg: 1, samples: 15 });
    expect(table.rows[1]).toEqual({
      period: '2026-12-01 10:15',
      min: null,
      max: null,
      avg: null,
      samples: 0,
    });
  });

  it('sums counters, keeps maxima, drops minutes outside the range', () => {
    const periods = rollUp(
      [
        { minute: minute(-1), values: { n: 100 } },
        { minute: minute(0), values: { n: 1, top: 5 } },
        { minute: minute(14), values: { n: 2, top: 9 } },
        { minute: minute(15), values: { n: 4, top: 3 } },
        { minute: minute(30), values: { n: 100 } },
      ],
      range.periods,
    );
    expect(periods.map((p) => sumOf(p, 'n'))).toEqual([3, 4]);
    expect(periods.map((p) => maxOf(p, 'top'))).toEqual([9, 3]);
    expect(maxOf(periods[0]!, 'absent')).toBeNull();
  });

  it('merges series minute by minute', () => {
    expect(
      mergeSeries([
        [{ minute: minute(1), values: { queued: 2 } }],
        [
          { minute: minute(0), values: { queued: 1 } },
          { minute: minute(1), values: { queued: 3, other: 1 } },
        ],
      ]),
    ).toEqual([
      { minute: minute(0), values: { queued: 1 } },
      { minute: minute(1), values: { queued: 5, other: 1 } },
    ]);
  });

  it('merges maxima by the largest, not the sum (the longest hold over every service)', () => {
    expect(
      mergeSeries([
        [{ minute: minute(0), values: { 'voice.holdMax': 40, 'voice.holds': 1 } }],
        [{ minute: minute(0), values: { 'voice.holdMax': 90, 'voice.holds': 2 } }],
      ]),
    ).toEqual([{ minute: minute(0), values: { 'voice.holdMax': 90, 'voice.holds': 3 } }]);
  });

  it('picks one media type out of a callback series under the plain figure names', () => {
    expect(
      mediaFiguresOf(
        [
          { minute: minute(0), values: { 'entered.QUEUED': 3, 'chat.holds': 1, 'voice.holds': 2 } },
          { minute: minute(1), values: { 'entered.QUEUED': 1 } },
          { minute: minute(2), values: { 'chat.handled': 1, 'chat.handleSeconds': 30 } },
        ],
        'chat',
      ),
    ).toEqual([
      { minute: minute(0), values: { holds: 1 } },
      { minute: minute(2), values: { handled: 1, handleSeconds: 30 } },
    ]);
  });

  it('combines one figure read from several items by its kind', () => {
    expect(figureKind('entered.QUEUED')).toBe('counter');
    expect(figureKind('holdMax')).toBe('maximum');
    expect(figureKind('voice.holdMax')).toBe('maximum');
    expect(figureKind('queued')).toBe('gauge');
    expect(combineFigure('voice.holds', 2, 3)).toBe(5);
    expect(combineFigure('voice.holdMax', 20, 3)).toBe(20);
    expect(combineFigure('inUse', 7, 3)).toBe(3);
    expect(combineFigure('inUse', undefined, 3)).toBe(3);
  });
});

describe('what events record', () => {
  it('a callback entering a state, with its reason and hold time', () => {
    const queued = callbackRecord({ id: 'a', state: 'QUEUED', queuedAt: T0, updatedAt: T0 });
    expect(callbackMetricEvents(undefined, queued)).toEqual([
      { kind: 'callback-entered', id: 'a', service: 'cb-test', mediaType: 'voice', state: 'QUEUED', at: T0 },
    ]);
    const processing = { ...queued, state: 'PROCESSING' as const, updatedAt: T0 + 42_000, version: 2 };
    const [event] = callbackMetricEvents(queued, processing);
    expect(event).toMatchObject({ state: 'PROCESSING', holdMs: 42_000 });
    // One write: the state and the hold time go to the callback's service series, on its shard.
    expect(metricWrites(event!)).toEqual([
      {
        series: 'callback#cb-test',
        minute: T0,
        subject: 'a',
        add: { 'entered.PROCESSING': 1, 'voice.holds': 1, 'voice.holdSeconds': 42 },
        max: { 'voice.holdMax': 42 },
      },
    ]);
    const done = {
      ...processing,
      state: 'COMPLETED' as const,
      reason: 'AGENT_CONNECTED' as const,
      version: 3,
    };
    expect(metricWrites(callbackMetricEvents(processing, done)[0]!)[0]!.add).toEqual({
      'entered.COMPLETED': 1,
      'reason.AGENT_CONNECTED': 1,
    });
    // A change that keeps the state (a property update) records nothing.
    expect(callbackMetricEvents(processing, { ...processing, version: 3 })).toEqual([]);
  });

  it('access numbers: matches carry the held seconds, timeouts and cancels only count', () => {
    expect(
      metricWrites({ kind: 'access-exited', group: 'DNIS', exit: 'match', heldMs: 12_400, at: T0 + 59_999 }),
    ).toEqual([{ series: 'pool#DNIS', minute: T0, add: { matched: 1, heldSeconds: 12 } }]);
    expect(
      metricWrites({
        kind: 'agent-handled',
        id: 'cb1',
        service: 'svc',
        mediaType: 'chat',
        seconds: 29.6,
        at: T0,
      }),
    ).toEqual([
      {
        series: 'callback#svc',
        minute: T0,
        subject: 'cb1',
        add: { 'chat.handled': 1, 'chat.handleSeconds': 30 },
      },
    ]);
    expect(metricWrites({ kind: 'access-exited', group: 'DNIS', exit: 'timeout', at: T0 })[0]!.add).toEqual({
      timeouts: 1,
    });
    expect(metricWrites({ kind: 'access-exited', group: 'DNIS', exit: 'cancel', at: T0 })[0]!.add).toEqual({
      cancelled: 1,
    });
  });
});
