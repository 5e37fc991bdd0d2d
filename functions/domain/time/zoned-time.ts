/**
 * Time zones without a date library: the wall clock of an instant in a zone (from
 * `Intl.DateTimeFormat`), the instant of a wall-clock time, calendar arithmetic and the ISO-8601
 * forms. It answers as luxon (which it replaces, for bundle size) did at each call site:
 * - zone names: `UTC`/`GMT`, `UTC+3`/`UTC-03:30`, `local`/`system`/`default` (the host's zone) and
 *   every id `Intl` accepts (case-insensitive IANA ids, `Etc/GMT+3`, ...);
 * - a wall time resolves against a guessed offset (`resolveWall`): the guess wins when it is right
 *   (so an overlap takes the offset guessed), else the offset in force there; a time skipped by a
 *   spring-forward change moves forward by the length of the gap (02:30 in a 02:00-03:00 gap is
 *   03:30).
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

export interface TimeZone {
  /** The zone as named. */
  readonly name: string;
  /** Minutes east of UTC at instant `t`. */
  offset(t: number): number;
}

/** Wall-clock fields; `month` 1-12. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const fixedZone = (name: string, minutes: number): TimeZone => ({ name, offset: () => minutes });

/** UTC, for parsing and formatting in it. */
export const UTC: TimeZone = fixedZone('UTC', 0);

const formatters = new Map<string, Intl.DateTimeFormat>();

function intlFormatter(name: string): Intl.DateTimeFormat | undefined {
  let dtf = formatters.get(name);
  if (dtf) return dtf;
  try {
    dtf = new Intl.DateTimeFormat('en-US', {
      hourCycle: 'h23',
      timeZone: name,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      era: 'short',
    });
    dtf.format();
  } catch {
    return undefined;
  }
  formatters.set(name, dtf);
  return dtf;
}

/** Milliseconds of a wall time read as UTC (years 0-99 are years 0-99, not 19xx). */
export function wallMs(w: Pick<WallTime, 'year' | 'month' | 'day'> & Partial<WallTime>): number {
  const d = new Date(
    Date.UTC(w.year, w.month - 1, w.day, w.hour ?? 0, w.minute ?? 0, w.second ?? 0, w.millisecond ?? 0),
  );
  if (w.year < 100 && w.year >= 0) d.setUTCFullYear(w.year, w.month - 1, w.day);
  return d.getTime();
}

function intlZone(name: string, dtf: Intl.DateTimeFormat): TimeZone {
  return {
    name,
    offset(t: number): number {
      const fields: Record<string, string> = {};
      for (const part of dtf.formatToParts(new Date(t))) fields[part.type] = part.value;
      let year = Number(fields.year);
      if (fields.era === 'BC') year = -Math.abs(year) + 1;
      const hour = Number(fields.hour);
      const asUtc = wallMs({
        year,
        month: Number(fields.month),
        day: Number(fields.day),
        hour: hour === 24 ? 0 : hour,
        minute: Number(fields.minute),
        second: Number(fields.second),
      });
      const over = t % 1000;
      return (asUtc - (t - (over >= 0 ? over : 1000 + over))) / MINUTE_MS;
    },
  };
}

/** The zone a name denotes, or `undefined` when it names none. */
export function timeZone(name: string): TimeZone | undefined {
  const lowered = name.toLowerCase();
  if (lowered === 'utc' || lowered === 'gmt') return fixedZone(name, 0);
  if (lowered === 'local' || lowered === 'system' || lowered === 'default') {
    const host = new Intl.DateTimeFormat().resolvedOptions().timeZone;
    return intlZone(name, intlFormatter(host)!);
  }
  const fixed = /^utc(?:([+-]\d{1,2})(?::(\d{2}))?)?$/.exec(lowered);
  if (fixed) return fixedZone(name, signedOffset(fixed[1], fixed[2]));
  const dtf = intlFormatter(name);
  return dtf ? intlZone(name, dtf) : undefined;
}

/** A zone `Intl` knows (IANA ids, `UTC`), the check luxon's `IANAZone.isValidZone` made. */
export function ianaZone(name: string): TimeZone | undefined {
  return intlFormatter(name) ? timeZone(name) : undefined;
}

/** `+05`, `30` -> 330; `-03`, `30` -> -210; `-00`, `30` -> -30. */
function signedOffset(hours: string | undefined, minutes: string | undefined): number {
  let h = parseInt(hours ?? '', 10);
  if (Number.isNaN(h)) h = 0;
  const m = parseInt(minutes ?? '', 10) || 0;
  return h * 60 + (h < 0 || Object.is(h, -0) ? -m : m);
}

/** The wall-clock fields of instant `t` in `zone`. */
export function wallTime(zone: TimeZone, t: number): WallTime {
  const d = new Date(t + zone.offset(t) * MINUTE_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
  };
}

/**
 * The instant of wall time `local` (milliseconds read as UTC) in `zone`, `guess` being the offset
 * (minutes) to try first: it is kept when right (an overlap takes it), else the offset in force
 * there; a skipped time moves forward by the gap.
 */
export function resolveWall(zone: TimeZone, local: number, guess: number): number {
  let t = local - guess * MINUTE_MS;
  const o2 = zone.offset(t);
  if (o2 === guess) return t;
  t -= (o2 - guess) * MINUTE_MS;
  const o3 = zone.offset(t);
  if (o2 === o3) return t;
  return local - Math.min(o2, o3) * MINUTE_MS;
}

/** The calendar units `plus` adds on the wall clock; `hours` and `minutes` add elapsed time. */
export interface DurationLike {
  years?: number;
  months?: number;
  weeks?: number;
  days?: number;
  hours?: number;
  minutes?: number;
}

export function daysInMonth(year: number, month: number): number {
  const m = (((month - 1) % 12) + 12) % 12;
  return new Date(Date.UTC(year + (month - 1 - m) / 12, m + 1, 0)).getUTCDate();
}

/**
 * `t` plus `d` in `zone`: years, months (the day clamped to the month's last), weeks and days on
 * the wall clock, keeping its time of day; then hours and minutes as elapsed time.
 */
export function plus(zone: TimeZone, t: number, d: DurationLike): number {
  const w = wallTime(zone, t);
  const year = w.year + Math.trunc(d.years ?? 0);
  const month = w.month + Math.trunc(d.months ?? 0);
  const day =
    Math.min(w.day, daysInMonth(year, month)) + Math.trunc(d.days ?? 0) + Math.trunc(d.weeks ?? 0) * 7;
  const out = resolveWall(zone, wallMs({ ...w, year, month, day }), zone.offset(t));
  return out + (d.hours ?? 0) * 3_600_000 + (d.minutes ?? 0) * MINUTE_MS;
}

/** The start of the hour or of the day holding `t`, on `zone`'s wall clock. */
export function startOf(zone: TimeZone, t: number, unit: 'hour' | 'day'): number {
  const w = wallTime(zone, t);
  const local = wallMs({ year: w.year, month: w.month, day: w.day, hour: unit === 'hour' ? w.hour : 0 });
  return resolveWall(zone, local, zone.offset(t));
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * `t` on `zone`'s wall clock with the tokens `yyyy`, `MM`/`LL`, `dd`, `HH`, `mm`, `ss`; text in
 * single quotes is copied.
 */
export function formatWall(zone: TimeZone, t: number, pattern: string): string {
  const w = wallTime(zone, t);
  const tokens: Record<string, string> = {
    yyyy: pad(w.year, 4),
    MM: pad(w.month),
    LL: pad(w.month),
    dd: pad(w.day),
    HH: pad(w.hour),
    mm: pad(w.minute),
    ss: pad(w.second),
  };
  return pattern.replace(/'([^']*)'|yyyy|MM|LL|dd|HH|mm|ss/g, (token, quoted?: string) =>
    quoted !== undefined ? quoted : tokens[token]!,
  );
}

const OFFSET = /(?:([Zz])|([+-]\d\d)(?::?(\d\d))?)/.source;
const IANA = /[A-Za-z_+-]{1,256}(?::?\/[A-Za-z0-9_+-]{1,256}(?:\/[A-Za-z0-9_+-]{1,256})?)?/.source;
const TIME = `(\\d\\d)(?::?(\\d\\d)(?::?(\\d\\d)(?:[.,](\\d{1,30}))?)?)?(?:${OFFSET}?(?:\\[(${IANA})\\])?)?`;
const ISO_FORMS: { re: RegExp; date: 'ymd' | 'week' | 'ordinal' | 'none'; fields: number }[] = [
  {
    re: new RegExp(`^([+-]\\d{6}|\\d{4})(?:-?(\\d\\d)(?:-?(\\d\\d))?)?(?:[Tt]${TIME})?$`),
    date: 'ymd',
    fields: 3,
  },
  { re: new RegExp(`^(\\d{4})-?W(\\d\\d)(?:-?(\\d))?(?:[Tt]${TIME})?$`), date: 'week', fields: 3 },
  { re: new RegExp(`^(\\d{4})-?(\\d{3})(?:[Tt]${TIME})?$`), date: 'ordinal', fields: 2 },
  { re: new RegExp(`^${TIME}$`), date: 'none', fields: 0 },
];

const int = (s: string | undefined, fallback: number) => (s === undefined ? fallback : parseInt(s, 10));
const isLeap = (y: number) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
const daysInYear = (y: number) => (isLeap(y) ? 366 : 365);
/** ISO weekday (1 = Monday) of a date. */
const isoWeekday = (y: number, m: number, d: number) =>
  ((new Date(wallMs({ year: y, month: m, day: d })).getUTCDay() + 6) % 7) + 1;
function weeksInWeekYear(y: number): number {
  const p = (year: number) =>
    (year + Math.floor(year / 4) - Math.floor(year / 100) + Math.floor(year / 400)) % 7;
  return p(y) === 4 || p(y - 1) === 3 ? 53 : 52;
}

/**
 * An ISO-8601 date or date-time (the forms luxon's `fromISO` reads: calendar, week and ordinal
 * dates, basic or extended, a time alone, a `Z`/`±hh[:mm]` offset, a `[Zone/Id]`) as an instant.
 * Without an offset or zone it is a wall time in `zone`, resolved against the offset `zone` has at
 * `now` (a time alone is on the date of `now` there). `undefined` when it is not such a text or
 * names no real date and time.
 */
export function parseIso(text: string, zone: TimeZone, now: number): number | undefined {
  for (const form of ISO_FORMS) {
    const m = form.re.exec(text);
    if (!m) continue;
    const t = m.slice(1 + form.fields);
    const [hh, mi, ss, frac, z, offH, offM, iana] = t;
    let interpretation = zone;
    if (z !== undefined || offH !== undefined) interpretation = fixedZone('offset', signedOffset(offH, offM));
    if (iana !== undefined) {
      const named = intlFormatter(iana);
      if (!named) return undefined;
      interpretation = intlZone(iana, named);
    }
    let year: number;
    let month: number;
    let day: number;
    if (form.date === 'ymd') {
      [year, month, day] = [parseInt(m[1]!, 10), int(m[2], 1), int(m[3], 1)];
    } else if (form.date === 'week') {
      const [wy, wn, wd] = [parseInt(m[1]!, 10), parseInt(m[2]!, 10), int(m[3], 1)];
      if (wn < 1 || wn > weeksInWeekYear(wy) || wd < 1 || wd > 7) return undefined;
      const jan4 = wallMs({ year: wy, month: 1, day: 4 });
      const week1Monday = jan4 - (isoWeekday(wy, 1, 4) - 1) * DAY_MS;
      const d = new Date(week1Monday + ((wn - 1) * 7 + (wd - 1)) * DAY_MS);
      [year, month, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
    } else if (form.date === 'ordinal') {
      const [y, ordinal] = [parseInt(m[1]!, 10), parseInt(m[2]!, 10)];
      if (ordinal < 1 || ordinal > daysInYear(y)) return undefined;
      const d = new Date(wallMs({ year: y, month: 1, day: 1 }) + (ordinal - 1) * DAY_MS);
      [year, month, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
    } else {
      ({ year, month, day } = wallTime(interpretation, now));
    }
    const hour = int(hh, 0);
    const minute = int(mi, 0);
    const second = int(ss, 0);
    const millisecond = frac === undefined ? 0 : Math.floor(parseFloat(`0.${frac}`) * 1000);
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
    const midnightEnd = hour === 24 && minute === 0 && second === 0 && millisecond === 0;
    if (!((hour >= 0 && hour <= 23) || midnightEnd) || minute > 59 || second > 59) return undefined;
    const local = wallMs({ year, month, day, hour, minute, second, millisecond });
    return resolveWall(interpretation, local, interpretation.offset(now));
  }
  return undefined;
}
