import { InvalidParameterError } from './errors.js';
import { timeZone, type TimeZone } from './time/zoned-time.js';

/**
 * Office hours (GMS `office-hours` built-in, the "Calendar Service"): weekly hours, dated
 * additions and holidays, all in the wall-clock time of `_timezone`, turned into UTC periods.
 *
 * Options (each family may be numbered: `_bh_regular1`, `_bh_regular2`, ...; empty values are ignored):
 * - `_timezone`: IANA / Java zone id (`Europe/Paris`, `UTC`); default `UTC`.
 * - `_bh_regular{N}`: `<days> <times>`, e.g. `Mon-Fri 08:00-20:00`, `Sat 10:00-14:00`,
 *   `Mon,Wed 09:00-12:00,14:00-18:00`. Day ranges may wrap (`Sat-Mon`). `24:00` ends at midnight.
 * - `_bh_add{N}`: `MM-dd <times>` (every year) or `yyyy-MM-dd <times>`: extra open hours on that date.
 * - `_holiday{N}`: `yyyy-MM-dd` or `MM-dd` (every year), comma lists allowed: closed all day.
 *
 * Precedence on a date: a holiday removes the regular hours; `_bh_add` hours are added even on a
 * holiday, because an addition names hours on one date and is more specific than closing the
 * whole date (holiday `12-24` plus `_bh_add` `12-24 09:00-12:00` opens Christmas Eve morning).
 *
 * A time range never crosses midnight (end must follow start; use `24:00`); write an overnight
 * shift as two ranges, the periods join in `mergePeriods`.
 *
 * DST: wall-clock times are converted per date. A time skipped by a spring-forward change maps to
 * the instant the change happens, so a range lying entirely in the gap is empty and one straddling
 * it keeps its real length. A time repeated by a fall-back change maps to its FIRST occurrence
 * (the earlier, summer offset), the same choice for starts and ends, so periods never overlap.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** Queries longer than this are refused; it bounds the work of one request. */
export const MAX_RANGE_DAYS = 366;

/** Minutes after local midnight; `to` may be 1440 (24:00). */
export interface TimeRange {
  from: number;
  to: number;
}

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/** A date that either names a year or recurs every year. */
interface DateMatch {
  year?: number;
  month: number;
  day: number;
}

interface WeeklyHours {
  /** ISO weekdays, 1 = Monday ... 7 = Sunday. */
  weekdays: ReadonlySet<number>;
  ranges: readonly TimeRange[];
}

interface DatedHours {
  date: DateMatch;
  ranges: readonly TimeRange[];
}

export interface OfficeHours {
  /** The zone id as configured. */
  timezone: string;
  zone: TimeZone;
  regular: readonly WeeklyHours[];
  additions: readonly DatedHours[];
  holidays: readonly DateMatch[];
}

/** Epoch milliseconds, `start` inclusive, `end` exclusive. */
export interface OpenPeriod {
  start: number;
  end: number;
}

export interface OpenDay {
  /** Local date in the service's zone, `yyyy-MM-dd`. */
  date: string;
  periods: OpenPeriod[];
}

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

function invalid(option: string, value: string, expected: string): InvalidParameterError {
  return new InvalidParameterError(option, `Option '${option}' must be ${expected}, not '${value}'.`);
}

export function parseTimezone(value: string | undefined): { timezone: string; zone: TimeZone } {
  const timezone = value === undefined || value.trim() === '' ? 'UTC' : value.trim();
  const zone = timeZone(timezone);
  if (!zone) {
    throw invalid('_timezone', timezone, 'a time zone id such as Europe/Paris or UTC');
  }
  return { timezone, zone };
}

function parseWeekday(option: string, value: string, name: string): number {
  const index = WEEKDAYS.indexOf(name.slice(0, 3).toLowerCase());
  const full = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'][index];
  if (index < 0 || !(name.length === 3 || name.toLowerCase() === full)) {
    throw invalid(
      option,
      value,
      'days (Mon..Sun, ranges like Mon-Fri, lists like Mon,Wed) followed by times',
    );
  }
  return index + 1;
}

function parseWeekdays(option: string, value: string, text: string): Set<number> {
  const days = new Set<number>();
  for (const item of text.split(',')) {
    const [first, last, extra] = item.split('-');
    if (extra !== undefined || !first)
      throw invalid(option, value, 'days like Mon-Fri or Mon,Wed followed by times');
    const from = parseWeekday(option, value, first);
    const to = last === undefined ? from : parseWeekday(option, value, last);
    // Ranges wrap around the week: Sat-Mon is Saturday, Sunday, Monday.
    for (let d = from, n = 0; n < 7; d = (d % 7) + 1, n++) {
      days.add(d);
      if (d === to) break;
    }
  }
  return days;
}

function parseClock(text: string, allowMidnightEnd: boolean): number | undefined {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (allowMidnightEnd && h === 24 && min === 0) return 1440;
  return h < 24 && min < 60 ? h * 60 + min : undefined;
}

function parseTimeRanges(option: string, value: string, text: string): TimeRange[] {
  const expected = 'times like 08:00-20:00 (several separated by commas; 24:00 ends at midnight)';
  return text.split(',').map((item) => {
    const [a, b, extra] = item.split('-').map((s) => s.trim());
    if (a === undefined || b === undefined || extra !== undefined) throw invalid(option, value, expected);
    const from = parseClock(a, false);
    const to = parseClock(b, true);
    if (from === undefined || to === undefined) throw invalid(option, value, expected);
    if (to <= from) {
      throw new InvalidParameterError(
        option,
        `Option '${option}': range ${item.trim()} must end after it starts (split overnight hours at 24:00), in '${value}'.`,
      );
    }
    return { from, to };
  });
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function parseDateMatch(option: string, value: string, text: string, expected: string): DateMatch {
  const m = /^(?:(\d{4})-)?(\d{1,2})-(\d{1,2})$/.exec(text.trim());
  if (!m) throw invalid(option, value, expected);
  const year = m[1] === undefined ? undefined : Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  // A yearly date may be Feb 29 (it only occurs in leap years).
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year ?? 2000, month)) {
    throw invalid(option, value, `${expected} naming a real date`);
  }
  return year === undefined ? { month, day } : { year, month, day };
}

function parseRegular(option: string, value: string): WeeklyHours {
  const m = /^(.*?)\s+(\d{1,2}:\d{2}\s*-.*)$/.exec(value.trim());
  if (!m) throw invalid(option, value, 'days followed by times, e.g. Mon-Fri 08:00-20:00');
  return {
    weekdays: parseWeekdays(option, value, m[1]!.replace(/\s+/g, '')),
    ranges: parseTimeRanges(option, value, m[2]!),
  };
}

function parseAddition(option: string, value: string): DatedHours {
  const expected = 'a date and times, e.g. 07-14 12:00-14:30 or 2026-07-14 12:00-14:30';
  const m = /^(\S+)\s+(.+)$/.exec(value.trim());
  if (!m) throw invalid(option, value, expected);
  return {
    date: parseDateMatch(option, value, m[1]!, expected),
    ranges: parseTimeRanges(option, value, m[2]!),
  };
}

function parseHolidays(option: string, value: string): DateMatch[] {
  return value
    .split(',')
    .map((d) => parseDateMatch(option, value, d, 'dates like 2026-07-15 or 07-15 (every year)'));
}

const numbered = (family: string) => new RegExp(`^${family}\\d*$`);
const REGULAR = numbered('_bh_regular');
const ADDITION = numbered('_bh_add');
const HOLIDAY = numbered('_holiday');

/** Reads the office-hours options of a service; malformed ones throw naming the option. */
export function parseOfficeHours(options: Record<string, string>): OfficeHours {
  const regular: WeeklyHours[] = [];
  const additions: DatedHours[] = [];
  const holidays: DateMatch[] = [];
  for (const [option, value] of Object.entries(options)) {
    if (value.trim() === '') continue;
    if (REGULAR.test(option)) regular.push(parseRegular(option, value));
    else if (ADDITION.test(option)) additions.push(parseAddition(option, value));
    else if (HOLIDAY.test(option)) holidays.push(...parseHolidays(option, value));
  }
  return { ...parseTimezone(options._timezone), regular, additions, holidays };
}

const offsetMs = (zone: TimeZone, t: number) => zone.offset(t) * MINUTE_MS;

/** Wall-clock time of a local date, as if it were UTC (`minutes` may reach into the next day). */
const wallMs = (date: LocalDate, minutes: number) =>
  Date.UTC(date.year, date.month - 1, date.day) + minutes * MINUTE_MS;

/** The instant a wall-clock time happens in `zone` (see the DST rules at the top of this file). */
export function instantOfWallTime(zone: TimeZone, wall: number): number {
  const before = offsetMs(zone, wall - DAY_MS);
  const after = offsetMs(zone, wall + DAY_MS);
  const candidates = [wall - before, wall - after].filter((t) => t + offsetMs(zone, t) === wall);
  if (candidates.length > 0) return Math.min(...candidates);
  // Skipped wall time: find the transition, the first instant already on the new offset.
  let lo = wall - after;
  let hi = wall - before;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetMs(zone, mid) === after) hi = mid;
    else lo = mid;
  }
  return hi;
}

export function localDateOf(zone: TimeZone, t: number): LocalDate {
  const d = new Date(t + offsetMs(zone, t));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
export const formatLocalDate = (d: LocalDate) => `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`;

const matches = (m: DateMatch, d: LocalDate) =>
  m.month === d.month && m.day === d.day && (m.year === undefined || m.year === d.year);

/** The open wall-clock ranges of one local date, sorted, overlapping and touching ones joined. */
export function localRanges(hours: OfficeHours, date: LocalDate): TimeRange[] {
  const weekday = ((new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay() + 6) % 7) + 1;
  const ranges: TimeRange[] = [];
  if (!hours.holidays.some((h) => matches(h, date))) {
    for (const r of hours.regular) if (r.weekdays.has(weekday)) ranges.push(...r.ranges);
  }
  for (const a of hours.additions) if (matches(a.date, date)) ranges.push(...a.ranges);
  ranges.sort((a, b) => a.from - b.from);
  const merged: TimeRange[] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r.from <= last.to) last.to = Math.max(last.to, r.to);
    else merged.push({ ...r });
  }
  return merged;
}

/** The open periods of one local date, as UTC instants. */
export function dayPeriods(hours: OfficeHours, date: LocalDate): OpenPeriod[] {
  return localRanges(hours, date)
    .map((r) => ({
      start: instantOfWallTime(hours.zone, wallMs(date, r.from)),
      end: instantOfWallTime(hours.zone, wallMs(date, r.to)),
    }))
    .filter((p) => p.end > p.start);
}

/**
 * Every local date from the one containing `start` to the one containing the last instant before
 * `end` (the date of `start` alone when `end <= start`), each with its full open periods.
 */
export function openDays(hours: OfficeHours, start: number, end: number): OpenDay[] {
  const last = localDateOf(hours.zone, end > start ? end - 1 : start);
  const lastKey = formatLocalDate(last);
  const days: OpenDay[] = [];
  for (let d = localDateOf(hours.zone, start); ; d = addDays(d, 1)) {
    const key = formatLocalDate(d);
    days.push({ date: key, periods: dayPeriods(hours, d) });
    if (key === lastKey || days.length > MAX_RANGE_DAYS + 1) break;
  }
  return days;
}

/** Sorted periods with touching or overlapping ones joined (a 24-hour service reads as one period). */
export function mergePeriods(periods: readonly OpenPeriod[]): OpenPeriod[] {
  const merged: OpenPeriod[] = [];
  for (const p of [...periods].sort((a, b) => a.start - b.start)) {
    const last = merged[merged.length - 1];
    if (last && p.start <= last.end) last.end = Math.max(last.end, p.end);
    else merged.push({ ...p });
  }
  return merged;
}

/** The open time within [start, end), as joined periods. */
export function openPeriods(hours: OfficeHours, start: number, end: number): OpenPeriod[] {
  if (end <= start) return [];
  return mergePeriods(openDays(hours, start, end).flatMap((d) => d.periods))
    .map((p) => ({ start: Math.max(p.start, start), end: Math.min(p.end, end) }))
    .filter((p) => p.end > p.start);
}

export function isOpen(hours: OfficeHours, instant: number): boolean {
  return dayPeriods(hours, localDateOf(hours.zone, instant)).some(
    (p) => p.start <= instant && instant < p.end,
  );
}

/** Local midnight `days` dates after the date of `instant`. */
export function localMidnightAfter(hours: OfficeHours, instant: number, days: number): number {
  return instantOfWallTime(hours.zone, wallMs(addDays(localDateOf(hours.zone, instant), days), 0));
}
