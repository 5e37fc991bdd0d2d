import { openPeriods } from '../office-hours.js';
import { rulesOf, type CallbackRuleContext } from './callback-options.js';
import { bucketKey } from './callback-guards.js';
import { bucketStart, nextBucketStart, nextLocalMidnight } from './time-bucket-rule.js';

/**
 * Candidate slots for the times a callback could be scheduled at: the service's time buckets
 * clipped to its office hours, each with the bucket counter that decides whether it is free.
 */

/** How many proposals an availability error carries, and how far ahead they are looked for. */
export const PROPOSAL_SLOTS = 10;
export const PROPOSAL_WINDOW_MS = 7 * 86_400_000;

/** The first bucket boundary at or after `t`. */
export function boundaryAtOrAfter(ctx: CallbackRuleContext, t: number): number {
  const { zone, bucketMinutes } = rulesOf(ctx);
  return bucketStart(zone, t, bucketMinutes) === t ? t : nextBucketStart(zone, t, bucketMinutes);
}

/** The instant `days` local dates after the date of `t` begins, in the service's zone. */
export const localMidnightAfter = (ctx: CallbackRuleContext, t: number, days: number) =>
  nextLocalMidnight(rulesOf(ctx).zone, t, days);

export interface SlotCandidate {
  /** The earliest schedulable instant of the slot (bucket start, or opening time within it). */
  start: number;
  /** Its bucket counter. */
  key: string;
}

/**
 * Open bucket slots with a start in [from, to), in time order, at most `limit`: buckets clipped to
 * the office hours (a bucket the office opens in the middle of starts at the opening time).
 */
export function slotCandidates(
  ctx: CallbackRuleContext,
  from: number,
  to: number,
  limit: number,
): SlotCandidate[] {
  const rules = rulesOf(ctx);
  const periods = ctx.officeHours
    ? openPeriods(ctx.officeHours, from, to)
    : from < to
      ? [{ start: from, end: to }]
      : [];
  const out: SlotCandidate[] = [];
  for (const p of periods) {
    // Only the first slot of a period may start inside its bucket; the others start on boundaries.
    for (let start = p.start; start < p.end && out.length < limit;) {
      out.push({
        start,
        key: bucketKey(ctx.serviceName, bucketStart(rules.zone, start, rules.bucketMinutes)),
      });
      start = nextBucketStart(rules.zone, start, rules.bucketMinutes);
    }
    if (out.length >= limit) break;
  }
  return out;
}
