import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LOGIN_LIMITS,
  lockedFor,
  lockSeconds,
  recordFailure,
  type LockoutPolicy,
} from '../../../functions/domain/login-lockout.js';
import { InMemoryAttemptCounter } from '../../support/in-memory-attempt-counter.js';

const policy: LockoutPolicy = {
  maxFailures: 10,
  windowSeconds: 3600,
  baseLockSeconds: 30,
  maxLockSeconds: 900,
};
// Ten minutes into an hour window, so no test crosses a window boundary by accident.
const T0 = Date.parse('2026-11-23T12:10:00Z');

describe('login lockout (exponential backoff on the shared counter)', () => {
  it('locks from the limit on, doubling each further failure, capped', () => {
    expect([1, 9].map((n) => lockSeconds(policy, n))).toEqual([0, 0]);
    expect([10, 11, 12, 13, 14, 15, 16, 40].map((n) => lockSeconds(policy, n))).toEqual([
      30, 60, 120, 240, 480, 900, 900, 900,
    ]);
  });

  it('a source may fail more often than a user before it is locked', () => {
    expect(DEFAULT_LOGIN_LIMITS.perSource.maxFailures).toBeGreaterThan(
      DEFAULT_LOGIN_LIMITS.perUser.maxFailures,
    );
    expect(DEFAULT_LOGIN_LIMITS.perUser.windowSeconds).toBeGreaterThan(
      DEFAULT_LOGIN_LIMITS.perUser.maxLockSeconds,
    );
  });

  it('the lock lasts from the failure that started it, then the next failure locks twice as long', async () => {
    const counter = new InMemoryAttemptCounter();
    let now = T0;
    for (let i = 1; i <= 9; i++)
      expect(await recordFailure(counter, 'k', policy, now)).toEqual({ failures: i, lockSeconds: 0 });
    expect(await lockedFor(counter, 'k', policy, now)).toEqual({ failures: 9, retryAfterSeconds: 0 });
    expect(await recordFailure(counter, 'k', policy, now)).toEqual({ failures: 10, lockSeconds: 30 });
    expect((await lockedFor(counter, 'k', policy, now)).retryAfterSeconds).toBe(30);
    now += 20_000;
    expect((await lockedFor(counter, 'k', policy, now)).retryAfterSeconds).toBe(10);
    now += 10_000;
    expect((await lockedFor(counter, 'k', policy, now)).retryAfterSeconds).toBe(0);
    expect(await recordFailure(counter, 'k', policy, now)).toEqual({ failures: 11, lockSeconds: 60 });
    now += 59_000;
    expect((await lockedFor(counter, 'k', policy, now)).retryAfterSeconds).toBe(1);
    now += 1_000;
    expect((await lockedFor(counter, 'k', policy, now)).retryAfterSeconds).toBe(0);
  });

  it('a failure being recorded (count written, time not yet) counts as locked from now', async () => {
    const counter = new InMemoryAttemptCounter();
    await counter.hit('k', policy.windowSeconds, T0, 10);
    expect((await lockedFor(counter, 'k', policy, T0 + 5_000)).retryAfterSeconds).toBe(30);
  });
});
