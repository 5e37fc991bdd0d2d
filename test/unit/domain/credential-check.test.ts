import { describe, expect, it, vi } from 'vitest';
import {
  MAX_CONCURRENT_CHECKS,
  verifyCredentials,
  type LockoutEvent,
} from '../../../functions/domain/credential-check.js';
import { TooManyRequestsError } from '../../../functions/domain/errors.js';
import { sourceKey, userKey } from '../../../functions/domain/login-lockout.js';
import { dummyPasswordHash, hashPassword } from '../../../functions/domain/password-hash.js';
import { InMemoryAttemptCounter } from '../../support/in-memory-attempt-counter.js';
import { ManualClock } from '../../support/manual-clock.js';
import { inMemoryUserStore } from '../../support/in-memory-user-store.js';

function setup() {
  const { store, users } = inMemoryUserStore();
  users.set('alice', {
    username: 'alice',
    passwordHash: 'scrypt$alice-hash',
    roles: ['Supervisor'],
    createdAt: 0,
  });
  const attempts = new InMemoryAttemptCounter();
  const clock = new ManualClock(Date.parse('2026-11-23T12:10:00Z'));
  // The verifier is spied on: which hash it is given, and whether it runs at all.
  const verify = vi.fn(
    async (password: string, stored: string) => stored === 'scrypt$alice-hash' && password === 'right',
  );
  const events: LockoutEvent[] = [];
  const check = (username: string, password: string, sourceIp = '203.0.113.7') =>
    verifyCredentials({ users: store, attempts, clock }, username, password, {
      sourceIp,
      verify,
      onLockout: (e) => events.push(e),
    });
  return { attempts, clock, verify, events, check };
}

describe('verifyCredentials', () => {
  it('a burst of parallel guesses gets at most the concurrency cap of hashes; the rest 429 at once', async () => {
    const { verify, check, attempts } = setup();
    let running = 0;
    let most = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    verify.mockImplementation(async () => {
      most = Math.max(most, ++running);
      await gate;
      running--;
      return false;
    });
    const settled = Promise.allSettled(Array.from({ length: 30 }, (_, i) => check('alice', `guess-${i}`)));
    await new Promise((r) => setTimeout(r, 20));
    release();
    const results = await settled;
    const refused = results.filter(
      (r) => r.status === 'rejected' && r.reason instanceof TooManyRequestsError,
    ).length;
    expect(verify).toHaveBeenCalledTimes(MAX_CONCURRENT_CHECKS.perUser);
    expect(most).toBe(MAX_CONCURRENT_CHECKS.perUser);
    expect(refused).toBe(30 - MAX_CONCURRENT_CHECKS.perUser);
    // Every slot was given back: nothing stays in flight.
    for (const [key, n] of attempts.counts) if (key.includes('#in-flight')) expect(n, key).toBe(0);
  });

  it('an unknown user costs a password hash too: the verifier runs, against the dummy hash', async () => {
    const { verify, check } = setup();
    expect(await check('mallory', 'right')).toBeUndefined();
    expect(verify).toHaveBeenCalledTimes(1);
    expect(verify).toHaveBeenCalledWith('right', await dummyPasswordHash());
    expect(await check('alice', 'wrong')).toBeUndefined();
    expect(verify).toHaveBeenLastCalledWith('wrong', 'scrypt$alice-hash');
    expect((await check('alice', 'right'))?.username).toBe('alice');
  });

  it('the dummy hash has the parameters of a real one, so it costs the same', async () => {
    const real = await hashPassword('x');
    const dummy = await dummyPasswordHash();
    expect(dummy.split('$').slice(0, 4)).toEqual(real.split('$').slice(0, 4));
    expect(await dummyPasswordHash()).toBe(dummy);
  });

  it('after 10 failures the user is locked: 429 before the verifier runs, the right password too', async () => {
    const { verify, events, check, clock } = setup();
    for (let i = 0; i < 10; i++) expect(await check('alice', `wrong${i}`)).toBeUndefined();
    expect(events).toEqual([
      { scope: 'user', username: 'alice', sourceIp: '203.0.113.7', failures: 10, lockSeconds: 30 },
    ]);
    verify.mockClear();
    const refused = await check('alice', 'right').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TooManyRequestsError);
    expect((refused as TooManyRequestsError).retryAfterSeconds).toBe(30);
    // Another source is refused too: the lock is on the user.
    await expect(check('alice', 'right', '198.51.100.1')).rejects.toBeInstanceOf(TooManyRequestsError);
    expect(verify).not.toHaveBeenCalled();
    clock.advance(30);
    expect((await check('alice', 'right'))?.username).toBe('alice');
  });

  it('success clears the user count, not the source count', async () => {
    const { attempts, clock, check } = setup();
    for (let i = 0; i < 5; i++) await check('alice', 'wrong');
    const now = clock.now();
    expect(await attempts.count(userKey('alice'), 3600, now)).toBe(5);
    await check('alice', 'right');
    expect(await attempts.count(userKey('alice'), 3600, now)).toBe(0);
    expect(await attempts.count(sourceKey('203.0.113.7'), 3600, now)).toBe(5);
  });

  it('a source spraying many usernames is locked after 100 failures, whichever user it tries', async () => {
    const { verify, events, check } = setup();
    for (let i = 0; i < 100; i++) await check(`user${i}`, 'guess');
    expect(events).toContainEqual({
      scope: 'source',
      username: 'user99',
      sourceIp: '203.0.113.7',
      failures: 100,
      lockSeconds: 30,
    });
    verify.mockClear();
    await expect(check('alice', 'right')).rejects.toBeInstanceOf(TooManyRequestsError);
    expect(verify).not.toHaveBeenCalled();
    expect((await check('alice', 'right', '198.51.100.1'))?.username).toBe('alice');
  });

  it('names that cannot exist are refused without a lookup', async () => {
    const { verify, check } = setup();
    expect(await check('', 'x')).toBeUndefined();
    expect(await check('a'.repeat(129), 'x')).toBeUndefined();
    expect(verify).not.toHaveBeenCalled();
  });
});
