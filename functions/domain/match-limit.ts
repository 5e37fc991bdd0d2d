import type { AttemptCounter } from '../ports/attempt-counter.js';
import { secondsLeftInWindow } from './fixed-window.js';

/**
 * Failed matches (no live session on the number, or `_return_data` without proof) a source may
 * have per window before `match-interaction` answers 429 without looking anything up. A telephony
 * platform sends one match per inbound call and rarely misses; a sweep over a pool's range misses
 * on almost every number. Callers with telephony credentials are not limited.
 */
export const MATCH_FAILURE_LIMIT = { maxFailures: 30, windowSeconds: 60 };

export const matchFailureKey = (sourceIp: string) => `match-fail#ip#${sourceIp}`;

/** Seconds until the source may match again (0: it may now). */
export async function matchBlockedFor(
  counter: AttemptCounter,
  sourceIp: string,
  now: number,
): Promise<number> {
  const { maxFailures, windowSeconds } = MATCH_FAILURE_LIMIT;
  const failures = await counter.count(matchFailureKey(sourceIp), windowSeconds, now);
  if (failures < maxFailures) return 0;
  // The limit lifts when the counter's window holding `now` ends.
  return secondsLeftInWindow(windowSeconds, now);
}

/** Counts a failed match; true when this failure reaches the limit (the moment worth logging). */
export async function recordMatchFailure(
  counter: AttemptCounter,
  sourceIp: string,
  now: number,
): Promise<boolean> {
  const { maxFailures, windowSeconds } = MATCH_FAILURE_LIMIT;
  return (await counter.hit(matchFailureKey(sourceIp), windowSeconds, now)) === maxFailures;
}
