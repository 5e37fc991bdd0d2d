import { InvalidParameterError } from '../errors.js';
import {
  formatWall,
  ianaZone,
  parseIso,
  plus,
  startOf,
  timeZone,
  wallTime,
  type TimeZone,
} from '../time/zoned-time.js';
import { MINUTE_MS } from './metric-events.js';

export const RANGE_PRESETS = ['today', 'yesterday', 'last-week', 'last-month', 'custom'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

/** Roll-up periods; `all` is one period over the whole range ("over today", "over last month"). */
export const INTERVALS = ['15m', '30m', '1h', '1d', 'all'] as const;
export type Interval = (typeof INTERVALS)[number];

/** A custom range may span this much; presets never exceed it. */
export const MAX_RANGE_DAYS = 92;
/** Periods one report may have (a month at 15 minutes is 2,976). */
export const MAX_PERIODS = 3000;

export interface Period {
  start: number;
  end: number;
}

export interface ReportRange {
  preset: RangePreset;
  interval: Interval;
  timezone: string;
  from: number;
  to: number;
  periods: Period[];
}

export interface RangeQuery {
  range?: string;
  start?: string;
  end?: string;
  interval?: string;
  timezone?: string;
}

function readZone(value: string | undefined): { timezone: string; zone: TimeZone } {
  const timezone = value?.trim() || 'UTC';
  const zone = ianaZone(timezone);
  if (!zone) {
    throw new InvalidParameterError(
      'timezone',
      `Parameter 'timezone' must be an IANA time zone such as Europe/Paris or UTC, not '${timezone}'.`,
    );
  }
  return { timezone, zone };
}

/** The zone of a range already read (`reportRange` checked its name). */
function zoneOf(timezone: string): TimeZone {
  const zone = timeZone(timezone);
  if (!zone) throw new Error(`Unknown time zone '${timezone}'.`);
  return zone;
}

/** An ISO date or time; without an offset, on `zone`'s wall clock (an overlap: the offset at `now`). */
function readTime(parameter: 'start' | 'end', value: string, zone: TimeZone, now: number): number {
  const t = parseIso(value.trim(), zone, now);
  if (t === undefined) {
    throw new InvalidParameterError(
      parameter,
      `Parameter '${parameter}' must be an ISO-8601 date or time such as 2026-12-01 or 2026-12-01T08:00:00Z, not '${value}'.`,
    );
  }
  return t;
}

function pick<T extends string>(
  parameter: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  const v = value?.trim();
  if (!v) return fallback;
  if (!(allowed as readonly string[]).includes(v)) {
    throw new InvalidParameterError(
      parameter,
      `Parameter '${parameter}' must be one of ${allowed.join(', ')}, not '${v}'.`,
    );
  }
  return v as T;
}

/** The start of the period holding `t`, on the zone's wall clock. */
function alignDown(zone: TimeZone, t: number, interval: Interval): number {
  switch (interval) {
    case '15m':
    case '30m': {
      const step = interval === '15m' ? 15 : 30;
      const minutes = Math.floor(wallTime(zone, t).minute / step) * step;
      return startOf(zone, t, 'hour') + minutes * MINUTE_MS;
    }
    case '1h':
      return startOf(zone, t, 'hour');
    case '1d':
      return startOf(zone, t, 'day');
    case 'all':
      return t;
  }
}

function next(zone: TimeZone, t: number, interval: Exclude<Interval, 'all'>): number {
  // Minutes and hours step in elapsed time (a DST change neither stretches nor skips a period);
  // days step on the calendar (23 or 25 hours across a change).
  switch (interval) {
    case '15m':
      return t + 15 * MINUTE_MS;
    case '30m':
      return t + 30 * MINUTE_MS;
    case '1h':
      return t + 60 * MINUTE_MS;
    case '1d':
      return plus(zone, t, { days: 1 });
  }
}

/**
 * The range and periods of a report: a preset on the zone's calendar (`today` so far and to
 * midnight, `yesterday`, `last-week` = the last 7 days with today, `last-month` = the last 30 days
 * with today) or a custom `start`..`end`, cut into periods of `interval` aligned on the zone's
 * wall clock.
 */
export function reportRange(query: RangeQuery, now: number): ReportRange {
  const { timezone, zone } = readZone(query.timezone);
  const given = (v: string | undefined) => v !== undefined && v.trim() !== '';
  const preset = pick('range', query.range, RANGE_PRESETS, given(query.start) ? 'custom' : 'today');
  const interval = pick(
    'interval',
    query.interval,
    INTERVALS,
    preset === 'today' || preset === 'yesterday' ? '1h' : '1d',
  );
  const today = startOf(zone, now, 'day');
  const days = (t: number, n: number) => plus(zone, t, { days: n });
  let start: number;
  let end: number;
  switch (preset) {
    case 'today':
      [start, end] = [today, days(today, 1)];
      break;
    case 'yesterday':
      [start, end] = [days(today, -1), today];
      break;
    case 'last-week':
      [start, end] = [days(today, -6), days(today, 1)];
      break;
    case 'last-month':
      [start, end] = [days(today, -29), days(today, 1)];
      break;
    case 'custom': {
      if (!given(query.start)) {
        throw new InvalidParameterError('start', "Parameter 'start' is mandatory with range=custom.");
      }
      start = readTime('start', query.start!, zone, now);
      end = given(query.end) ? readTime('end', query.end!, zone, now) : days(start, 1);
      if (end <= start) throw new InvalidParameterError('end', "Parameter 'end' must be after 'start'.");
      // More than MAX_RANGE_DAYS calendar days (a day across a DST change is 23 or 25 hours).
      if (end > days(start, MAX_RANGE_DAYS)) {
        throw new InvalidParameterError('end', `A custom range may span at most ${MAX_RANGE_DAYS} days.`);
      }
      start = alignDown(zone, start, interval);
      break;
    }
  }
  const periods: Period[] = [];
  if (interval === 'all') {
    periods.push({ start, end });
  } else {
    for (let t = start; t < end; t = next(zone, t, interval)) {
      if (periods.length === MAX_PERIODS) {
        throw new InvalidParameterError(
          'interval',
          `The range holds more than ${MAX_PERIODS} periods of ${interval}; choose a longer interval.`,
        );
      }
      periods.push({ start: t, end: Math.min(next(zone, t, interval), end) });
    }
  }
  return {
    preset,
    interval,
    timezone,
    from: Math.floor(start / MINUTE_MS) * MINUTE_MS,
    to: end,
    periods,
  };
}

/** A period's start on the report's wall clock, as exports show it: `2026-12-01 08:15`. */
export function periodLabel(at: number, timezone: string, interval: Interval): string {
  return formatWall(zoneOf(timezone), at, interval === '1d' ? 'yyyy-MM-dd' : 'yyyy-MM-dd HH:mm');
}

export const INTERVAL_NAMES: Record<Interval, string> = {
  '15m': 'per 15 minutes',
  '30m': 'per 30 minutes',
  '1h': 'per hour',
  '1d': 'per day',
  all: 'over the whole range',
};

/** `2026-12-01 00:00 to 2026-12-02 00:00 (Europe/Paris), per hour`. */
export function rangeDescription(range: ReportRange): string {
  const zone = zoneOf(range.timezone);
  const fmt = (at: number) => formatWall(zone, at, 'yyyy-MM-dd HH:mm');
  return `${fmt(range.from)} to ${fmt(range.to)} (${range.timezone}), ${INTERVAL_NAMES[range.interval]}`;
}
