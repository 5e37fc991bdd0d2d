import { InvalidParameterError } from '../../domain/errors.js';
import {
  isOpen,
  localMidnightAfter,
  MAX_RANGE_DAYS,
  mergePeriods,
  openDays,
  parseOfficeHours,
  type OfficeHours,
  type OpenPeriod,
} from '../../domain/office-hours.js';
import { readInteger } from '../../domain/option-values.js';
import { parseIso, UTC } from '../../domain/time/zoned-time.js';
import type { Ports } from '../../ports/index.js';

const DAY_MS = 86_400_000;

/**
 * ISO-8601 instant; without an offset it is UTC (GMS's convention). A `+hh:mm` offset sent
 * unencoded in a query string arrives as a space, so that space is read back as `+`.
 */
function readInstant(name: string, value: string): number {
  const text = value.trim().replace(/ (\d{2}(?::?\d{2})?)$/, '+$1');
  // The date comes first, so the current date (a time alone would be on it) never matters.
  const parsed = /^\d{4}-\d{2}-\d{2}/.test(text) ? parseIso(text, UTC, 0) : undefined;
  if (parsed === undefined) {
    throw new InvalidParameterError(
      name,
      `Parameter '${name}' must be an ISO-8601 date-time such as 2026-03-29T08:00:00.000Z, not '${value}'.`,
    );
  }
  return parsed;
}

/**
 * The queried window: `start` (default now); `end` (default `start`), or `number-of-days=N`, the
 * N local dates beginning with the date of `start` (end = local midnight after the Nth date).
 */
function queryWindow(
  query: OfficeHoursQuery,
  now: number,
  hours: OfficeHours,
): { start: number; end: number } {
  const start = query.start ? readInstant('start', query.start) : now;
  const days = query['number-of-days'];
  if (days !== undefined && days.trim() !== '') {
    if (query.end) {
      throw new InvalidParameterError('number-of-days', "Give either 'end' or 'number-of-days', not both.");
    }
    const n = readInteger('number-of-days', days, 1, { min: 1, max: MAX_RANGE_DAYS });
    return { start, end: localMidnightAfter(hours, start, n) };
  }
  const end = query.end ? readInstant('end', query.end) : start;
  if (end < start)
    throw new InvalidParameterError('end', `Parameter 'end' (${query.end}) is before 'start'.`);
  if (end - start > MAX_RANGE_DAYS * DAY_MS) {
    throw new InvalidParameterError(
      'end',
      `The range from 'start' to 'end' must not exceed ${MAX_RANGE_DAYS} days.`,
    );
  }
  return { start, end };
}

const iso = (t: number) => new Date(t).toISOString();
const periodJson = (p: OpenPeriod) => ({ start: iso(p.start), end: iso(p.end) });

/** The window asked for, as sent (ISO-8601 instants; a count of local dates). */
export interface OfficeHoursQuery {
  start?: string;
  end?: string;
  'number-of-days'?: string;
}

export type OfficeHoursPorts = Pick<Ports, 'clock'>;

/**
 * `office-hours` (Calendar Service): `GET /genesys/1/service/{name}?start=&end=&number-of-days=`.
 * Answers `{error: null, timezone, start, end, open, periods, days}`: `open` says whether the
 * service is open at `start` (so a bare GET answers "open now?"); `days` lists every local date of
 * the window with its full open periods (empty = closed that day); `periods` is the same periods
 * joined across midnight. All instants are ISO-8601 UTC.
 */
export function officeHours(
  ports: OfficeHoursPorts,
  options: Record<string, string>,
  query: OfficeHoursQuery,
) {
  const hours = parseOfficeHours(options);
  const { start, end } = queryWindow(query, ports.clock.now(), hours);
  const days = openDays(hours, start, end);
  return {
    error: null,
    timezone: hours.timezone,
    start: iso(start),
    end: iso(end),
    open: isOpen(hours, start),
    periods: mergePeriods(days.flatMap((d) => d.periods)).map(periodJson),
    days: days.map((d) => ({ date: d.date, periods: d.periods.map(periodJson) })),
  };
}
