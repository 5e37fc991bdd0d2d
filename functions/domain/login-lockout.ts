import type { AttemptCounter } from '../ports/attempt-counter.js';

/**
 * How many failed logins a key (one user, or one source address) may have in a window before it
 * is locked out, and how long each lockout lasts: `baseLockSeconds` after the `maxFailures`-th
 * failure, doubling with each further failure, never more than `maxLockSeconds`.
 */
export interface LockoutPolicy {
  maxFailures: number;
  windowSeconds: number;
  baseLockSeconds: number;
  maxLockSeconds: number;
}

export interface LoginLimits {
  perUser: LockoutPolicy;
  perSource: LockoutPolicy;
}

/**
 * A user gets 10 tries an hour; a source address 100, since many honest users can share one
 * (an office NAT). The hour-long window is longer than the longest lockout, so the doubling is
 * not undone by the window rolling over after each lockout.
 */
export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  perUser: { maxFailures: 10, windowSeconds: 3600, baseLockSeconds: 30, maxLockSeconds: 900 },
  perSource: { maxFailures: 100, windowSeconds: 3600, baseLockSeconds: 30, maxLockSeconds: 900 },
};

/** The lockout the `failures`-th failure in a window starts (0: none). */
export function lockSeconds(policy: LockoutPolicy, failures: number): number {
  if (failures < policy.maxFailures) return 0;
  const doublings = Math.min(failures - policy.maxFailures, 30);
  return Math.min(policy.maxLockSeconds, policy.baseLockSeconds * 2 ** doublings);
}

export const userKey = (username: string) => `login-fail#user#${username}`;
export const sourceKey = (sourceIp: string) => `login-fail#ip#${sourceIp}`;
/** Failed public API Basic credentials (admin/server, a service's `password`) of one address. */
export const publicSourceKey = (sourceIp: string) => `public-fail#ip#${sourceIp}`;

/**
 * The time of the `n`-th failure of a key. The counter's atomic `hit` hands each failure number
 * to exactly one request, so this key is written once, by that request, with the time as its
 * increment: its count is that time. Keeps the lockout on the shared counter, with no extra store.
 */
const failureTimeKey = (key: string, n: number) => `${key}#at#${n}`;

/**
 * Seconds the key stays locked at `now` (0 when it is not). Two reads at most: the failure count,
 * and, when over the limit, the time of the last failure.
 */
export async function lockedFor(
  counter: AttemptCounter,
  key: string,
  policy: LockoutPolicy,
  now: number,
): Promise<{ failures: number; retryAfterSeconds: number }> {
  const failures = await counter.count(key, policy.windowSeconds, now);
  const lock = lockSeconds(policy, failures);
  if (lock === 0) return { failures, retryAfterSeconds: 0 };
  const atSeconds = await counter.count(failureTimeKey(key, failures), policy.windowSeconds, now);
  // Not written yet (the failing request is between its two writes): the lockout starts now.
  const since = atSeconds > 0 ? atSeconds * 1000 : now;
  const remainingMs = since + lock * 1000 - now;
  return { failures, retryAfterSeconds: remainingMs > 0 ? Math.ceil(remainingMs / 1000) : 0 };
}

/** Counts one failure; returns the count and the lockout it starts (0 when none). */
export async function recordFailure(
  counter: AttemptCounter,
  key: string,
  policy: LockoutPolicy,
  now: number,
): Promise<{ failures: number; lockSeconds: number }> {
  const failures = await counter.hit(key, policy.windowSeconds, now);
  const lock = lockSeconds(policy, failures);
  if (lock > 0)
    await counter.hit(failureTimeKey(key, failures), policy.windowSeconds, now, Math.ceil(now / 1000));
  return { failures, lockSeconds: lock };
}
