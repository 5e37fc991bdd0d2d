import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../../../functions/domain/errors.js';
import {
  periodLabel,
  rangeDescription,
  reportRange,
} from '../../../../functions/domain/reports/report-range.js';

const NOW = Date.parse('2026-12-01T10:20:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

function invalid(query: Parameters<typeof reportRange>[0], parameter: string) {
  try {
    reportRange(query, NOW);
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidParameterError);
    expect((e as InvalidParameterError).parameter).toBe(parameter);
    return;
  }
  throw new Error(`expected ${JSON.stringify(query)} to be refused`);
}

describe('reportRange', () => {
  it("today: midnight to midnight on the zone's calendar, per hour by default", () => {
    const r = reportRange({}, NOW);
    expect([r.preset, r.interval, r.timezone]).toEqual(['today', '1h', 'UTC']);
    expect([iso(r.from), iso(r.to)]).toEqual(['2026-12-01T00:00:00.000Z', '2026-12-02T00:00:00.000Z']);
    expect(r.periods).toHaveLength(24);
    const paris = reportRange({ timezone: 'Europe/Paris' }, NOW);
    expect(iso(paris.from)).toBe('2026-11-30T23:00:00.000Z');
  });

  it('presets: yesterday, the last 7 and the last 30 days with today (per day by default)', () => {
    const y = reportRange({ range: 'yesterday' }, NOW);
    expect([iso(y.from), iso(y.to), y.periods.length]).toEqual([
      '2026-11-30T00:00:00.000Z',
      '2026-12-01T00:00:00.000Z',
      24,
    ]);
    const w = reportRange({ range: 'last-week' }, NOW);
    expect([iso(w.from), w.interval, w.periods.length]).toEqual(['2026-11-25T00:00:00.000Z', '1d', 7]);
    const m = reportRange({ range: 'last-month', interval: '15m' }, NOW);
    expect([iso(m.from), m.periods.length]).toEqual(['2026-11-02T00:00:00.000Z', 30 * 96]);
  });

  it('custom ranges align their start down to the interval on the wall clock', () => {
    const r = reportRange(
      { start: '2026-12-01T10:07:00Z', end: '2026-12-01T11:00:00Z', interval: '15m' },
      NOW,
    );
    expect(r.preset).toBe('custom');
    expect(r.periods.map((p) => iso(p.start))).toEqual([
      '2026-12-01T10:00:00.000Z',
      '2026-12-01T10:15:00.000Z',
      '2026-12-01T10:30:00.000Z',
      '2026-12-01T10:45:00.000Z',
    ]);
    // India is UTC+5:30: its hours start at :30 UTC.
    const india = reportRange({ start: '2026-12-01', interval: '1h', timezone: 'Asia/Kolkata' }, NOW);
    expect(iso(india.periods[0]!.start)).toBe('2026-11-30T18:30:00.000Z');
    expect(india.periods).toHaveLength(24);
    const all = reportRange({ start: '2026-12-01', end: '2026-12-03', interval: 'all' }, NOW);
    expect(all.periods).toEqual([
      { start: Date.parse('2026-12-01T00:00:00Z'), end: Date.parse('2026-12-03T00:00:00Z') },
    ]);
  });

  it('days follow the calendar across DST changes; hours keep their length', () => {
    const spring = reportRange(
      { start: '2026-03-29', end: '2026-03-31', interval: '1d', timezone: 'Europe/Paris' },
      NOW,
    );
    expect(spring.periods.map((p) => (p.end - p.start) / 3_600_000)).toEqual([23, 24]);
    const fall = reportRange({ start: '2026-11-01', interval: '1h', timezone: 'America/New_York' }, NOW);
    expect(fall.periods).toHaveLength(25);
    expect(fall.periods.every((p) => p.end - p.start === 3_600_000)).toBe(true);
    const labels = fall.periods.map((p) => periodLabel(p.start, 'America/New_York', '1h'));
    expect(labels.filter((l) => l === '2026-11-01 01:00')).toHaveLength(2);
  });

  it('describes the range for titles', () => {
    const r = reportRange(
      { start: '2026-12-01T08:00', end: '2026-12-01T09:00', interval: '30m', timezone: 'Europe/Paris' },
      NOW,
    );
    expect(rangeDescription(r)).toBe('2026-12-01 08:00 to 2026-12-01 09:00 (Europe/Paris), per 30 minutes');
  });

  it('refuses bad input naming the parameter', () => {
    invalid({ range: 'fortnight' }, 'range');
    invalid({ interval: '2h' }, 'interval');
    invalid({ timezone: 'Mars/Olympus' }, 'timezone');
    invalid({ range: 'custom' }, 'start');
    invalid({ start: 'soon' }, 'start');
    invalid({ start: '2026-12-01', end: 'later' }, 'end');
    invalid({ start: '2026-12-02', end: '2026-12-01' }, 'end');
    invalid({ start: '2026-01-01', end: '2026-06-01' }, 'end');
    invalid({ start: '2026-09-01', end: '2026-11-30', interval: '15m' }, 'interval');
  });
});
