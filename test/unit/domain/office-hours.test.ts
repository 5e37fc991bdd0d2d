import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../../functions/domain/errors.js';
import {
  isOpen,
  localMidnightAfter,
  openDays,
  openPeriods,
  parseOfficeHours,
  type OpenPeriod,
} from '../../../functions/domain/office-hours.js';

const t = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const show = (periods: OpenPeriod[]) => periods.map((p) => `${iso(p.start)}/${iso(p.end)}`);

/** The periods of each local date in the window, as `start/end` ISO strings. */
function daysOf(options: Record<string, string>, start: string, end = start): Record<string, string[]> {
  const hours = parseOfficeHours(options);
  return Object.fromEntries(openDays(hours, t(start), t(end)).map((d) => [d.date, show(d.periods)]));
}

function parseError(options: Record<string, string>): InvalidParameterError {
  try {
    parseOfficeHours(options);
  } catch (error) {
    if (error instanceof InvalidParameterError) return error;
    throw error;
  }
  throw new Error('expected an InvalidParameterError');
}

const weekdays = { _bh_regular1: 'Mon-Fri 08:00-20:00' };

describe('office hours in Europe/Paris across DST', () => {
  const paris = { _timezone: 'Europe/Paris', ...weekdays };

  it('moves 08:00-20:00 from 07:00Z to 06:00Z over the spring-forward weekend (2026-03-29)', () => {
    expect(daysOf(paris, '2026-03-27T12:00:00Z', '2026-03-30T12:00:00Z')).toEqual({
      '2026-03-27': ['2026-03-27T07:00:00.000Z/2026-03-27T19:00:00.000Z'],
      '2026-03-28': [],
      '2026-03-29': [],
      '2026-03-30': ['2026-03-30T06:00:00.000Z/2026-03-30T18:00:00.000Z'],
    });
  });

  it('moves 08:00-20:00 from 06:00Z back to 07:00Z over the fall-back weekend (2026-10-25)', () => {
    expect(daysOf(paris, '2026-10-23T12:00:00Z', '2026-10-26T12:00:00Z')).toEqual({
      '2026-10-23': ['2026-10-23T06:00:00.000Z/2026-10-23T18:00:00.000Z'],
      '2026-10-24': [],
      '2026-10-25': [],
      '2026-10-26': ['2026-10-26T07:00:00.000Z/2026-10-26T19:00:00.000Z'],
    });
  });

  it('keeps a range across the spring-forward gap to its real length and drops a range inside the gap', () => {
    const hours = {
      _timezone: 'Europe/Paris',
      _bh_regular1: 'Sun 01:00-03:00',
      _bh_add1: '2026-03-29 02:10-02:50',
    };
    // 01:00 CET is 00:00Z; 03:00 CEST is 01:00Z: one real hour, and 02:10-02:50 never happens.
    expect(daysOf(hours, '2026-03-29T10:00:00Z')).toEqual({
      '2026-03-29': ['2026-03-29T00:00:00.000Z/2026-03-29T01:00:00.000Z'],
    });
  });

  it('maps a repeated fall-back time to its first (summer) occurrence', () => {
    const hours = { _timezone: 'Europe/Paris', _bh_regular1: 'Sun 01:00-02:30,02:45-04:00' };
    // 02:30 and 02:45 happen twice (00:30Z/01:30Z and 00:45Z/01:45Z); the first one counts.
    expect(daysOf(hours, '2026-10-25T10:00:00Z')).toEqual({
      '2026-10-25': [
        '2026-10-24T23:00:00.000Z/2026-10-25T00:30:00.000Z',
        '2026-10-25T00:45:00.000Z/2026-10-25T03:00:00.000Z',
      ],
    });
  });

  it('gives a 24-hour service a 23-hour and a 25-hour day, joined into one period', () => {
    const hours = parseOfficeHours({ _timezone: 'Europe/Paris', _bh_regular1: 'Mon-Sun 00:00-24:00' });
    const spring = openDays(hours, t('2026-03-29T12:00:00Z'), t('2026-03-29T12:00:00Z'))[0]!;
    expect(show(spring.periods)).toEqual(['2026-03-28T23:00:00.000Z/2026-03-29T22:00:00.000Z']);
    const fall = openDays(hours, t('2026-10-25T12:00:00Z'), t('2026-10-25T12:00:00Z'))[0]!;
    expect(show(fall.periods)).toEqual(['2026-10-24T22:00:00.000Z/2026-10-25T23:00:00.000Z']);
    expect(show(openPeriods(hours, t('2026-10-24T00:00:00Z'), t('2026-10-27T00:00:00Z')))).toEqual([
      '2026-10-24T00:00:00.000Z/2026-10-27T00:00:00.000Z',
    ]);
  });

  it('clips openPeriods to the window and returns nothing for an empty window', () => {
    const hours = parseOfficeHours(paris);
    expect(show(openPeriods(hours, t('2026-03-27T10:00:00Z'), t('2026-03-30T10:00:00Z')))).toEqual([
      '2026-03-27T10:00:00.000Z/2026-03-27T19:00:00.000Z',
      '2026-03-30T06:00:00.000Z/2026-03-30T10:00:00.000Z',
    ]);
    expect(openPeriods(hours, t('2026-03-27T10:00:00Z'), t('2026-03-27T10:00:00Z'))).toEqual([]);
  });

  it('answers isOpen with inclusive starts and exclusive ends, in summer and winter', () => {
    const hours = parseOfficeHours(paris);
    expect(isOpen(hours, t('2026-03-30T06:00:00Z'))).toBe(true);
    expect(isOpen(hours, t('2026-03-30T05:59:59.999Z'))).toBe(false);
    expect(isOpen(hours, t('2026-03-30T18:00:00Z'))).toBe(false);
    expect(isOpen(hours, t('2026-03-27T06:30:00Z'))).toBe(false);
    expect(isOpen(hours, t('2026-03-27T07:00:00Z'))).toBe(true);
    expect(isOpen(hours, t('2026-03-28T12:00:00Z'))).toBe(false);
  });

  it('finds local midnights on both sides of a DST change', () => {
    const hours = parseOfficeHours(paris);
    expect(iso(localMidnightAfter(hours, t('2026-03-28T12:00:00Z'), 1))).toBe('2026-03-28T23:00:00.000Z');
    expect(iso(localMidnightAfter(hours, t('2026-03-28T12:00:00Z'), 2))).toBe('2026-03-29T22:00:00.000Z');
    // 23:30Z on 03-28 is already 00:30 on 03-29 in Paris.
    expect(iso(localMidnightAfter(hours, t('2026-03-28T23:30:00Z'), 0))).toBe('2026-03-28T23:00:00.000Z');
  });
});

describe('office hours in America/New_York across DST', () => {
  const ny = { _timezone: 'America/New_York', ...weekdays };

  it('moves 08:00-20:00 from 13:00Z to 12:00Z over the spring-forward weekend (2026-03-08)', () => {
    expect(daysOf(ny, '2026-03-06T15:00:00Z', '2026-03-09T15:00:00Z')).toEqual({
      '2026-03-06': ['2026-03-06T13:00:00.000Z/2026-03-07T01:00:00.000Z'],
      '2026-03-07': [],
      '2026-03-08': [],
      '2026-03-09': ['2026-03-09T12:00:00.000Z/2026-03-10T00:00:00.000Z'],
    });
  });

  it('moves 08:00-20:00 from 12:00Z back to 13:00Z over the fall-back weekend (2026-11-01)', () => {
    expect(daysOf(ny, '2026-10-30T15:00:00Z', '2026-11-02T15:00:00Z')).toEqual({
      '2026-10-30': ['2026-10-30T12:00:00.000Z/2026-10-31T00:00:00.000Z'],
      '2026-10-31': [],
      '2026-11-01': [],
      '2026-11-02': ['2026-11-02T13:00:00.000Z/2026-11-03T01:00:00.000Z'],
    });
  });

  it('handles the 02:00 gap on 2026-03-08', () => {
    const hours = {
      _timezone: 'America/New_York',
      _bh_regular1: 'Sun 01:30-03:30',
      _bh_regular2: 'Sun 02:15-02:45',
    };
    // 01:30 EST = 06:30Z, 03:30 EDT = 07:30Z; 02:15-02:45 does not exist and adds nothing.
    expect(daysOf(hours, '2026-03-08T12:00:00Z')).toEqual({
      '2026-03-08': ['2026-03-08T06:30:00.000Z/2026-03-08T07:30:00.000Z'],
    });
  });

  it('starts a range that begins inside the gap when the clocks jump (07:00Z)', () => {
    const hours = { _timezone: 'America/New_York', _bh_regular1: 'Sun 02:30-04:00' };
    expect(daysOf(hours, '2026-03-08T12:00:00Z')).toEqual({
      '2026-03-08': ['2026-03-08T07:00:00.000Z/2026-03-08T08:00:00.000Z'],
    });
  });

  it('starts a range at the first 01:00 on 2026-11-01 and counts the repeated hour as open', () => {
    const parsed = parseOfficeHours({ _timezone: 'America/New_York', _bh_regular1: 'Sun 01:00-02:30' });
    // 01:00 EDT = 05:00Z (the first of two 01:00s); 02:30 EST = 07:30Z.
    expect(show(openDays(parsed, t('2026-11-01T12:00:00Z'), t('2026-11-01T12:00:00Z'))[0]!.periods)).toEqual([
      '2026-11-01T05:00:00.000Z/2026-11-01T07:30:00.000Z',
    ]);
    expect(isOpen(parsed, t('2026-11-01T06:30:00Z'))).toBe(true); // 01:30 EST, the second 01:30
    expect(isOpen(parsed, t('2026-11-01T04:59:00Z'))).toBe(false);
    expect(isOpen(parsed, t('2026-11-01T07:30:00Z'))).toBe(false);
  });
});

describe('holidays and additions', () => {
  const base = { _timezone: 'Europe/Paris', ...weekdays };

  it('closes a dated holiday all day, and a yearly one in every year', () => {
    const hours = { ...base, _holiday1: '2026-07-14', _holiday2: '12-25' };
    expect(daysOf(hours, '2026-07-13T12:00:00Z', '2026-07-15T12:00:00Z')).toEqual({
      '2026-07-13': ['2026-07-13T06:00:00.000Z/2026-07-13T18:00:00.000Z'],
      '2026-07-14': [],
      '2026-07-15': ['2026-07-15T06:00:00.000Z/2026-07-15T18:00:00.000Z'],
    });
    expect(daysOf(hours, '2027-07-14T12:00:00Z')['2027-07-14']).toEqual([
      '2027-07-14T06:00:00.000Z/2027-07-14T18:00:00.000Z',
    ]);
    expect(daysOf(hours, '2026-12-25T12:00:00Z')['2026-12-25']).toEqual([]);
    expect(daysOf(hours, '2030-12-25T12:00:00Z')['2030-12-25']).toEqual([]);
  });

  it('accepts a comma list of holidays', () => {
    const hours = parseOfficeHours({ ...base, _holiday: '2026-07-13, 2026-07-15' });
    expect(isOpen(hours, t('2026-07-13T10:00:00Z'))).toBe(false);
    expect(isOpen(hours, t('2026-07-14T10:00:00Z'))).toBe(true);
    expect(isOpen(hours, t('2026-07-15T10:00:00Z'))).toBe(false);
  });

  it('opens _bh_add hours on a holiday (additions win) and on a weekend', () => {
    const hours = {
      ...base,
      _holiday1: '2026-07-14',
      _bh_add1: '07-14 10:00-12:00',
      _bh_add2: '2026-07-18 09:00-11:00',
    };
    expect(daysOf(hours, '2026-07-14T12:00:00Z', '2026-07-18T12:00:00Z')).toMatchObject({
      '2026-07-14': ['2026-07-14T08:00:00.000Z/2026-07-14T10:00:00.000Z'],
      '2026-07-18': ['2026-07-18T07:00:00.000Z/2026-07-18T09:00:00.000Z'],
    });
    // The dated addition is for 2026 only; 2027-07-18 is a Sunday with no hours.
    expect(daysOf(hours, '2027-07-18T12:00:00Z')['2027-07-18']).toEqual([]);
  });

  it('joins an addition that overlaps regular hours', () => {
    const hours = { ...base, _bh_add1: '07-15 19:00-22:00' };
    expect(daysOf(hours, '2026-07-15T12:00:00Z')['2026-07-15']).toEqual([
      '2026-07-15T06:00:00.000Z/2026-07-15T20:00:00.000Z',
    ]);
  });
});

describe('regular hours syntax', () => {
  it('reads day lists, several ranges, wrapping day ranges and full day names', () => {
    const options = {
      _bh_regular1: 'Mon, Wed 09:00-12:00,14:00-18:00',
      _bh_regular2: 'Sat-Mon 10:00-11:00',
      _bh_regular3: 'Thursday 07:00 - 08:00',
    };
    expect(parseOfficeHours(options).timezone).toBe('UTC');
    // 2026-06-01 is a Monday; Monday's 10:00-11:00 lies inside 09:00-12:00.
    expect(daysOf(options, '2026-06-01T00:00:00Z', '2026-06-07T23:59:00Z')).toEqual({
      '2026-06-01': [
        '2026-06-01T09:00:00.000Z/2026-06-01T12:00:00.000Z',
        '2026-06-01T14:00:00.000Z/2026-06-01T18:00:00.000Z',
      ],
      '2026-06-02': [],
      '2026-06-03': [
        '2026-06-03T09:00:00.000Z/2026-06-03T12:00:00.000Z',
        '2026-06-03T14:00:00.000Z/2026-06-03T18:00:00.000Z',
      ],
      '2026-06-04': ['2026-06-04T07:00:00.000Z/2026-06-04T08:00:00.000Z'],
      '2026-06-05': [],
      '2026-06-06': ['2026-06-06T10:00:00.000Z/2026-06-06T11:00:00.000Z'],
      '2026-06-07': ['2026-06-07T10:00:00.000Z/2026-06-07T11:00:00.000Z'],
    });
  });

  it('reads "Mon-Mon 01:00-24:00" as Monday only, ending at midnight, and ignores empty options', () => {
    const days = daysOf(
      { _bh_regular2: 'Mon-Mon 01:00-24:00', _bh_add1: '' },
      '2026-06-01T00:00:00Z',
      '2026-06-02T12:00:00Z',
    );
    expect(days).toEqual({
      '2026-06-01': ['2026-06-01T01:00:00.000Z/2026-06-02T00:00:00.000Z'],
      '2026-06-02': [],
    });
  });
});

describe('malformed options name the option', () => {
  it.each([
    [{ _timezone: 'Mars/Olympus_Mons' }, '_timezone', /time zone/],
    [{ _bh_regular1: 'Mon-Fri' }, '_bh_regular1', /days followed by times/],
    [{ _bh_regular2: 'Mon-Fry 08:00-20:00' }, '_bh_regular2', /days/],
    [{ _bh_regular1: 'Mon-Fri 20:00-08:00' }, '_bh_regular1', /must end after it starts/],
    [{ _bh_regular1: 'Mon-Fri 08:00-24:01' }, '_bh_regular1', /times like/],
    [{ _bh_regular1: 'Mon-Fri 25:00-26:00' }, '_bh_regular1', /times like/],
    [{ _bh_add1: '13-01 10:00-11:00' }, '_bh_add1', /real date/],
    [{ _bh_add3: '07-14' }, '_bh_add3', /date and times/],
    [{ _holiday2: '2026-02-29' }, '_holiday2', /real date/],
    [{ _holiday1: 'tomorrow' }, '_holiday1', /dates like/],
  ])('%j -> %s', (options, parameter, message) => {
    const error = parseError(options);
    expect(error.parameter).toBe(parameter);
    expect(error.message).toMatch(message);
  });

  it('accepts Feb 29 as a yearly date and in a leap year', () => {
    expect(() => parseOfficeHours({ _holiday1: '02-29', _holiday2: '2028-02-29' })).not.toThrow();
  });
});
