import type { TimeZone } from '../time/zoned-time.js';
import { formatLocalDate, instantOfWallTime, localDateOf } from '../office-hours.js';

/**
 * Wall-clock time buckets and days in a service's zone, as UTC instants.
 *
 * A bucket of N minutes is a range of local wall-clock time starting at a multiple of N minutes
 * after local midnight (every valid N divides a day). A change of UTC offset (DST) also starts a
 * bucket, so no bucket is ever longer than N real minutes:
 * - spring forward: the bucket the change falls in ends at the change; the next one starts there,
 *   reading the new wall clock (Paris, 120 minutes: 00:00-02:00 CET, then 03:00-04:00 CEST, then
 *   04:00-06:00 CEST);
 * - fall back: the repeated wall-clock time gets buckets of its own, with new UTC starts (New York,
 *   120 minutes: 00:00-02:00 EDT, then 01:00-02:00 EST, then 02:00-04:00 EST).
 * Every instant belongs to exactly one bucket, `bucketStart` and `nextBucketStart` agree, and the
 * counters keyed by bucket start (UTC) never overlap. Offset changes are assumed to be more than
 * two hours apart, as they are in every zone.
 */

export const BUCKET_MINUTES = [5, 10, 15, 20, 30, 60, 120] as const;

const MINUTE_MS = 60_000;

const wallOf = (zone: TimeZone, t: number) => t + zone.offset(t) * MINUTE_MS;
const mod = (a: number, n: number) => ((a % n) + n) % n;

/** The first instant in (from, to] whose offset differs from the one at `from`, if any. */
function changeWithin(zone: TimeZone, from: number, to: number): number | undefined {
  const before = zone.offset(from);
  if (zone.offset(to) === before) return undefined;
  let lo = from;
  let hi = to;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (zone.offset(mid) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** The start of the bucket containing `t`. */
export function bucketStart(zone: TimeZone, t: number, minutes: number): number {
  const bucketMs = minutes * MINUTE_MS;
  const boundary = t - mod(wallOf(zone, t), bucketMs);
  const change = changeWithin(zone, t - bucketMs, t);
  return change === undefined ? boundary : Math.max(boundary, change);
}

/** The start of the bucket after the one containing `t`. */
export function nextBucketStart(zone: TimeZone, t: number, minutes: number): number {
  const bucketMs = minutes * MINUTE_MS;
  const boundary = t - mod(wallOf(zone, t), bucketMs) + bucketMs;
  return changeWithin(zone, t, boundary) ?? boundary;
}

/** The local date (`yyyy-MM-dd`) of `t` in `zone`. */
export const localDay = (zone: TimeZone, t: number) => formatLocalDate(localDateOf(zone, t));

/** The instant the local day `days` after the one containing `t` begins (days last 23 or 25 hours on DST days). */
export function nextLocalMidnight(zone: TimeZone, t: number, days = 1): number {
  const d = localDateOf(zone, t);
  return instantOfWallTime(zone, Date.UTC(d.year, d.month - 1, d.day + days));
}
