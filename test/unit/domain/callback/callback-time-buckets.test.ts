import { describe, expect, it } from 'vitest';
import { parseTimezone } from '../../../../functions/domain/office-hours.js';
import {
  BUCKET_MINUTES,
  bucketStart,
  localDay,
  nextBucketStart,
  nextLocalMidnight,
} from '../../../../functions/domain/callback/time-bucket-rule.js';

const t = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const zone = (name: string) => parseTimezone(name).zone;
const paris = zone('Europe/Paris');
const newYork = zone('America/New_York');
const utc = zone('UTC');

/** The buckets (start ISO) chained from the one containing `from` until `to`. */
function chain(z: ReturnType<typeof zone>, minutes: number, from: string, to: string): string[] {
  const out: string[] = [];
  for (let s = bucketStart(z, t(from), minutes); s < t(to); s = nextBucketStart(z, s, minutes))
    out.push(iso(s));
  return out;
}

describe('time buckets in UTC', () => {
  it('floors to the bucket and steps by its length', () => {
    expect(iso(bucketStart(utc, t('2026-11-23T12:07:31Z'), 5))).toBe('2026-11-23T12:05:00.000Z');
    expect(iso(nextBucketStart(utc, t('2026-11-23T12:07:31Z'), 5))).toBe('2026-11-23T12:10:00.000Z');
    expect(iso(bucketStart(utc, t('2026-11-23T13:59:59Z'), 120))).toBe('2026-11-23T12:00:00.000Z');
    expect(iso(bucketStart(utc, t('2026-11-23T12:00:00Z'), 15))).toBe('2026-11-23T12:00:00.000Z');
  });
});

describe('time buckets follow the wall clock of the zone', () => {
  it('aligns 120-minute buckets on even local hours in Paris, odd UTC hours in winter', () => {
    expect(iso(bucketStart(paris, t('2026-11-23T12:30:00Z'), 120))).toBe('2026-11-23T11:00:00.000Z');
  });

  it('Paris spring forward (2026-03-29 02:00 CET -> 03:00 CEST): the skipped hour has no bucket', () => {
    expect(chain(paris, 60, '2026-03-28T23:00:00Z', '2026-03-29T03:00:00Z')).toEqual([
      '2026-03-28T23:00:00.000Z', // 00:00 CET
      '2026-03-29T00:00:00.000Z', // 01:00 CET
      '2026-03-29T01:00:00.000Z', // 03:00 CEST
      '2026-03-29T02:00:00.000Z', // 04:00 CEST
    ]);
    // A 120-minute bucket [02:00, 04:00) begins at the change and lasts one real hour.
    expect(chain(paris, 120, '2026-03-28T23:00:00Z', '2026-03-29T04:00:00Z')).toEqual([
      '2026-03-28T23:00:00.000Z',
      '2026-03-29T01:00:00.000Z',
      '2026-03-29T02:00:00.000Z',
    ]);
    expect(iso(bucketStart(paris, t('2026-03-29T01:30:00Z'), 120))).toBe('2026-03-29T01:00:00.000Z');
  });

  it('Paris fall back (2026-10-25 03:00 CEST -> 02:00 CET): the repeated hour has its own buckets', () => {
    expect(chain(paris, 60, '2026-10-24T23:00:00Z', '2026-10-25T03:00:00Z')).toEqual([
      '2026-10-24T23:00:00.000Z', // 01:00 CEST
      '2026-10-25T00:00:00.000Z', // 02:00 CEST
      '2026-10-25T01:00:00.000Z', // 02:00 CET, again
      '2026-10-25T02:00:00.000Z', // 03:00 CET
    ]);
    expect(iso(bucketStart(paris, t('2026-10-25T00:30:00Z'), 30))).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(bucketStart(paris, t('2026-10-25T01:40:00Z'), 30))).toBe('2026-10-25T01:30:00.000Z');
  });

  it('New York spring forward (2026-03-08 02:00 EST -> 03:00 EDT)', () => {
    expect(chain(newYork, 60, '2026-03-08T05:00:00Z', '2026-03-08T09:00:00Z')).toEqual([
      '2026-03-08T05:00:00.000Z', // 00:00 EST
      '2026-03-08T06:00:00.000Z', // 01:00 EST
      '2026-03-08T07:00:00.000Z', // 03:00 EDT
      '2026-03-08T08:00:00.000Z', // 04:00 EDT
    ]);
  });

  it('New York fall back (2026-11-01 02:00 EDT -> 01:00 EST): the repeated hour is a bucket of its own', () => {
    expect(chain(newYork, 120, '2026-11-01T04:00:00Z', '2026-11-01T10:00:00Z')).toEqual([
      '2026-11-01T04:00:00.000Z', // 00:00-02:00 EDT
      '2026-11-01T06:00:00.000Z', // 01:00-02:00 EST, started by the change
      '2026-11-01T07:00:00.000Z', // 02:00-04:00 EST
      '2026-11-01T09:00:00.000Z',
    ]);
    expect(iso(bucketStart(newYork, t('2026-11-01T05:59:59Z'), 120))).toBe('2026-11-01T04:00:00.000Z');
    expect(iso(bucketStart(newYork, t('2026-11-01T06:30:00Z'), 120))).toBe('2026-11-01T06:00:00.000Z');
    expect(chain(newYork, 60, '2026-11-01T05:00:00Z', '2026-11-01T08:00:00Z')).toEqual([
      '2026-11-01T05:00:00.000Z', // 01:00 EDT
      '2026-11-01T06:00:00.000Z', // 01:00 EST
      '2026-11-01T07:00:00.000Z', // 02:00 EST
    ]);
  });

  const transitions = [
    ['Europe/Paris', '2026-03-29T01:00:00Z'],
    ['Europe/Paris', '2026-10-25T01:00:00Z'],
    ['America/New_York', '2026-03-08T07:00:00Z'],
    ['America/New_York', '2026-11-01T06:00:00Z'],
    ['Australia/Lord_Howe', '2026-04-04T15:00:00Z'], // back 30 minutes, into the middle of buckets
    ['Australia/Lord_Howe', '2026-10-03T15:30:00Z'],
  ] as const;

  it.each(transitions)(
    'every instant near the change in %s (%s) is in exactly one bucket',
    (name, change) => {
      // Buckets chained from before the change must be the same as those found from any instant.
      const z = zone(name);
      for (const minutes of BUCKET_MINUTES) {
        const from = t(change) - 6 * 3_600_000;
        const to = t(change) + 6 * 3_600_000;
        const starts: number[] = [];
        for (let s = bucketStart(z, from, minutes); s < to; s = nextBucketStart(z, s, minutes))
          starts.push(s);
        for (let i = 1; i < starts.length; i++) expect(starts[i]!).toBeGreaterThan(starts[i - 1]!);
        for (let x = from; x < to; x += 60_000) {
          const s = bucketStart(z, x, minutes);
          const next = nextBucketStart(z, x, minutes);
          expect(s).toBeLessThanOrEqual(x);
          expect(next).toBeGreaterThan(x);
          const i = starts.indexOf(s);
          expect(i).toBeGreaterThanOrEqual(0);
          if (i < starts.length - 1) expect(next).toBe(starts[i + 1]);
          expect(next - s).toBeLessThanOrEqual(minutes * 60_000);
        }
      }
    },
  );
});

describe('local days', () => {
  it('names the day in the zone and ends it at local midnight, 23 or 25 hours later on DST days', () => {
    expect(localDay(paris, t('2026-03-28T23:30:00Z'))).toBe('2026-03-29');
    expect(iso(nextLocalMidnight(paris, t('2026-03-29T10:00:00Z')))).toBe('2026-03-29T22:00:00.000Z');
    expect(iso(nextLocalMidnight(paris, t('2026-10-25T10:00:00Z')))).toBe('2026-10-25T23:00:00.000Z');
    expect(localDay(newYork, t('2026-11-02T04:30:00Z'))).toBe('2026-11-01');
    expect(iso(nextLocalMidnight(newYork, t('2026-11-01T12:00:00Z')))).toBe('2026-11-02T05:00:00.000Z');
    expect(iso(nextLocalMidnight(newYork, t('2026-11-01T12:00:00Z'), 3))).toBe('2026-11-04T05:00:00.000Z');
  });
});
