import { DateTime, Info, Settings } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import {
  formatWall,
  ianaZone,
  parseIso,
  plus,
  resolveWall,
  startOf,
  timeZone,
  wallMs,
  wallTime,
  type TimeZone,
} from '../../../../functions/domain/time/zoned-time.js';

/**
 * functions/domain/time/zoned-time.ts replaces luxon in functions/ (bundle size); every answer is
 * compared with luxon's, which stays a test dependency for that.
 */
const ZONES = ['Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'UTC'];
const zone = (name: string): TimeZone => {
  const z = timeZone(name);
  if (!z) throw new Error(name);
  return z;
};
const at = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;

afterEach(() => {
  Settings.now = () => Date.now();
});

describe('timeZone', () => {
  it('knows the names luxon knows, and no other', () => {
    const names = [
      'Europe/Paris',
      'europe/paris',
      'America/New_York',
      'Asia/Kolkata',
      'UTC',
      'utc',
      'GMT',
      'UTC+3',
      'utc-03:30',
      'Etc/GMT+3',
      'EST',
      'local',
      'default',
      'Bad/Zone',
      'Europe/Pariss',
      'UTC+',
      'nonsense',
    ];
    const ours = names.map((n) => timeZone(n) !== undefined);
    const luxons = names.map((n) => Info.normalizeZone(n)?.isValid === true);
    expect(ours).toEqual(luxons);
    expect(ours.filter((v) => !v)).toHaveLength(4);
    expect(timeZone('UTC-03:30')!.offset(0)).toBe(-210);
  });

  it('ianaZone: only what Intl knows (the report timezone parameter)', () => {
    expect(ianaZone('Europe/Paris')?.offset(at('2026-07-01T00:00:00Z'))).toBe(120);
    expect(ianaZone('UTC+3')).toBeUndefined();
    expect(ianaZone('local')).toBeUndefined();
    expect(ianaZone('Bad/Zone')).toBeUndefined();
  });

  it.each(ZONES)('%s: the offset of every instant of 2026 is luxon’s', (name) => {
    const ours = zone(name);
    const theirs = Info.normalizeZone(name)!;
    const differ: number[] = [];
    for (let t = at('2026-01-01T00:00:00Z'); t < at('2027-01-01T00:00:00Z'); t += 61 * 60_000 + 1234) {
      if (ours.offset(t) !== theirs.offset(t)) differ.push(t);
    }
    expect(differ).toEqual([]);
  });

  it('half-hour zones: Kolkata is +05:30 all year, Lord Howe moves by 30 minutes', () => {
    expect(zone('Asia/Kolkata').offset(at('2026-01-15T00:00:00Z'))).toBe(330);
    expect(zone('Asia/Kolkata').offset(at('2026-07-15T00:00:00Z'))).toBe(330);
    expect(zone('Australia/Lord_Howe').offset(at('2026-01-15T00:00:00Z'))).toBe(660);
    expect(zone('Australia/Lord_Howe').offset(at('2026-07-15T00:00:00Z'))).toBe(630);
  });
});

describe('resolveWall: DST gap and overlap', () => {
  const wall = (y: number, mo: number, d: number, h: number, mi = 0) =>
    wallMs({ year: y, month: mo, day: d, hour: h, minute: mi });

  it('Europe/Paris: 02:30 on 2026-03-29 does not exist and moves forward to 03:30 CEST', () => {
    const paris = zone('Europe/Paris');
    for (const guess of [60, 120]) {
      expect(resolveWall(paris, wall(2026, 3, 29, 2, 30), guess)).toBe(at('2026-03-29T01:30:00Z'));
    }
    const luxon = DateTime.fromObject(
      { year: 2026, month: 3, day: 29, hour: 2, minute: 30 },
      { zone: 'Europe/Paris' },
    );
    expect(luxon.toMillis()).toBe(at('2026-03-29T01:30:00Z'));
  });

  it('Europe/Paris: 02:30 on 2026-10-25 happens twice; the guessed offset picks which', () => {
    const paris = zone('Europe/Paris');
    expect(resolveWall(paris, wall(2026, 10, 25, 2, 30), 120)).toBe(at('2026-10-25T00:30:00Z'));
    expect(resolveWall(paris, wall(2026, 10, 25, 2, 30), 60)).toBe(at('2026-10-25T01:30:00Z'));
    // luxon: setting the hour of a summer time of that day keeps summer time (the earlier one).
    const morning = DateTime.fromISO('2026-10-25T00:10:00', { zone: 'Europe/Paris' });
    expect(morning.set({ hour: 2, minute: 30 }).toMillis()).toBe(at('2026-10-25T00:30:00Z'));
  });

  it('America/New_York: the 02:00-03:00 gap of 2026-03-08 and the 01:00-02:00 overlap of 2026-11-01', () => {
    const ny = zone('America/New_York');
    expect(resolveWall(ny, wall(2026, 3, 8, 2, 30), -300)).toBe(at('2026-03-08T07:30:00Z'));
    expect(resolveWall(ny, wall(2026, 3, 8, 2, 30), -240)).toBe(at('2026-03-08T07:30:00Z'));
    expect(resolveWall(ny, wall(2026, 11, 1, 1, 30), -240)).toBe(at('2026-11-01T05:30:00Z'));
    expect(resolveWall(ny, wall(2026, 11, 1, 1, 30), -300)).toBe(at('2026-11-01T06:30:00Z'));
  });

  it('Asia/Kolkata: no change, every wall time is one instant whatever the guess', () => {
    const kolkata = zone('Asia/Kolkata');
    for (const guess of [0, 330, 600]) {
      expect(resolveWall(kolkata, wall(2026, 3, 29, 2, 30), guess)).toBe(at('2026-03-28T21:00:00Z'));
    }
  });
});

describe('calendar arithmetic, as luxon’s plus and startOf', () => {
  const steps = [
    { days: 1 },
    { days: -1 },
    { days: 29 },
    { weeks: 2 },
    { months: 1 },
    { months: -1 },
    { years: 1 },
    { hours: 1 },
    { minutes: 15 },
  ];

  it.each(ZONES)('%s: every 9h37 of 2026, each step and the start of its hour and day', (name) => {
    const ours = zone(name);
    const differ: string[] = [];
    for (let t = at('2026-01-01T00:00:00Z'); t < at('2027-01-01T00:00:00Z'); t += 9 * HOUR + 37 * 60_000) {
      const l = DateTime.fromMillis(t, { zone: name });
      for (const step of steps) {
        if (plus(ours, t, step) !== l.plus(step).toMillis())
          differ.push(`${l.toISO()} + ${JSON.stringify(step)}`);
      }
      if (startOf(ours, t, 'day') !== l.startOf('day').toMillis()) differ.push(`${l.toISO()} day`);
      if (startOf(ours, t, 'hour') !== l.startOf('hour').toMillis()) differ.push(`${l.toISO()} hour`);
    }
    expect(differ).toEqual([]);
  });

  it('a day across a DST change is 23 or 25 hours; a month keeps the day, clamped', () => {
    const paris = zone('Europe/Paris');
    const before = at('2026-03-28T11:00:00Z'); // 12:00 CET
    expect(plus(paris, before, { days: 1 }) - before).toBe(23 * HOUR);
    const autumn = at('2026-10-24T10:00:00Z'); // 12:00 CEST
    expect(plus(paris, autumn, { days: 1 }) - autumn).toBe(25 * HOUR);
    expect(
      formatWall(paris, plus(paris, at('2026-01-31T11:00:00Z'), { months: 1 }), 'yyyy-MM-dd HH:mm'),
    ).toBe('2026-02-28 12:00');
  });

  it('wallTime and formatWall read the wall clock, with quoted text', () => {
    const t = at('2026-12-01T07:05:09Z');
    expect(wallTime(zone('Asia/Kolkata'), t)).toEqual({
      year: 2026,
      month: 12,
      day: 1,
      hour: 12,
      minute: 35,
      second: 9,
      millisecond: 0,
    });
    expect(formatWall(zone('America/New_York'), t, "yyyy-MM-dd HH:mm:ss 'local'")).toBe(
      '2026-12-01 02:05:09 local',
    );
    expect(formatWall(zone('UTC'), t, "yyyyLLdd'T'HHmm")).toBe(
      DateTime.fromMillis(t, { zone: 'utc' }).toFormat("yyyyLLdd'T'HHmm"),
    );
  });
});

describe('parseIso, as luxon’s fromISO', () => {
  const TEXTS = [
    '2026-12-01',
    '20261201',
    '2026-12',
    '2026',
    '2026-12-01T08:00',
    '2026-12-01t08:00z',
    '2026-12-01T08:00:00Z',
    '2026-12-01T08:00:00+05:30',
    '2026-12-01T08:00:00-0300',
    '2026-12-01T08:00:00.123456',
    '2026-12-01T08:00:00,5',
    '2026-12-01T08:00[America/New_York]',
    '2026-12-01T08:00+01:00[Asia/Kolkata]',
    '2026-W49-2',
    '2026W492',
    '2026-W49',
    '2020-W53-5',
    '2026-W53',
    '2026-335',
    '2024-366',
    '2026-366',
    '+002026-12-01',
    '2026-12-01T24:00',
    '2026-12-01T24:01',
    '2026-12-01T25:00',
    '2026-02-29',
    '2024-02-29',
    '2026-13-01',
    '2026-12-01 08:00',
    '2026-12-01T08:00[Bad/Zone]',
    '08:00',
    'T08:30:15',
    'nonsense',
    '',
    // DST: the gap moves forward; the overlap is checked below with `now` on each side.
    '2026-03-29T02:30',
    '2026-03-08T02:30',
  ];

  it.each(ZONES)('%s: every form, valid or not, gives luxon’s instant', (name) => {
    const now = at('2026-12-02T14:00:00Z');
    Settings.now = () => now;
    const ours = TEXTS.map((text) => parseIso(text, zone(name), now) ?? null);
    const theirs = TEXTS.map((text) => {
      const t = DateTime.fromISO(text, { zone: name });
      return t.isValid ? t.toMillis() : null;
    });
    expect(ours).toEqual(theirs);
    expect(ours.filter((t) => t === null)).toHaveLength(10);
  });

  it.each([
    ['Europe/Paris', '2026-10-25T02:30', '2026-07-01T12:00:00Z', '2026-10-25T00:30:00Z'],
    ['Europe/Paris', '2026-10-25T02:30', '2026-12-01T12:00:00Z', '2026-10-25T01:30:00Z'],
    ['America/New_York', '2026-11-01T01:30', '2026-07-01T12:00:00Z', '2026-11-01T05:30:00Z'],
    ['America/New_York', '2026-11-01T01:30', '2026-12-01T12:00:00Z', '2026-11-01T06:30:00Z'],
  ])(
    '%s: the repeated %s takes the offset in force at now (%s), as luxon did',
    (name, text, nowIso, expected) => {
      const now = at(nowIso);
      Settings.now = () => now;
      expect(parseIso(text, zone(name), now)).toBe(at(expected));
      expect(DateTime.fromISO(text, { zone: name }).toMillis()).toBe(at(expected));
    },
  );

  it('a time alone is on the date of now in the zone', () => {
    const now = at('2026-12-01T20:00:00Z'); // already 2 December in Kolkata
    expect(parseIso('08:00', zone('Asia/Kolkata'), now)).toBe(at('2026-12-02T02:30:00Z'));
  });
});
