import { describe, expect, it } from 'vitest';
import { matchingLocks } from '../../../functions/domain/access-match.js';
import { allocateAccessNumber } from '../../../functions/domain/allocation.js';
import { InvalidParameterError, ResourceExhaustedError } from '../../../functions/domain/errors.js';
import { parseResourceGroup } from '../../../functions/domain/resource-group.js';
import type { AccessLock } from '../../../functions/domain/access-number.js';
import type { IdGenerator } from '../../../functions/ports/clock-and-ids.js';
import { InMemoryAccessNumberStore } from '../../support/in-memory-access-number-store.js';

/** A store whose first `conflicts` lock attempts lose the race, as if another request won them. */
const fakeStore = (numbers: string[], conflicts = 0) => new InMemoryAccessNumberStore(numbers, { conflicts });

const ids: IdGenerator = {
  id: () => 'id',
  token: () => 't',
  digits: (n) => '7'.repeat(n),
  random: () => 0.5,
};
const request = {
  group: 'G',
  strategy: 'sequential' as const,
  sessionId: 's1',
  provideCode: true,
  codeLength: 4,
  bookingSeconds: 30,
};

describe('allocateAccessNumber', () => {
  it('locks a number with a code and an expiry', async () => {
    const store = fakeStore(['100', '200']);
    const got = await allocateAccessNumber(
      { accessNumbers: store, clock: { now: () => 1000 }, ids },
      request,
    );
    expect(got).toEqual({ accessNumber: '100', accessCode: '7777', expiresAt: 31_000 });
    expect(store.locks.get('100')).toMatchObject({ sessionId: 's1', accessCode: '7777', expiresAt: 31_000 });
  });

  it('moves on after lost races instead of failing', async () => {
    const store = fakeStore(['100', '200', '300'], 7);
    const got = await allocateAccessNumber({ accessNumbers: store, clock: { now: () => 0 }, ids }, request);
    expect(store.locks.size).toBe(1);
    expect(got.accessNumber).toMatch(/^[123]00$/);
    expect(store.reads).toBeGreaterThan(1);
  });

  it('reports exhaustion by group name when nothing is free', async () => {
    const store = fakeStore(['100']);
    await allocateAccessNumber({ accessNumbers: store, clock: { now: () => 0 }, ids }, request);
    const second = allocateAccessNumber(
      { accessNumbers: store, clock: { now: () => 0 }, ids },
      { ...request, sessionId: 's2' },
    );
    await expect(second).rejects.toBeInstanceOf(ResourceExhaustedError);
    await expect(second).rejects.toThrow("resource group 'G'");
  });
});

describe('matchingLocks', () => {
  const lock = (over: Partial<AccessLock> = {}): AccessLock => ({
    sessionId: 's',
    lockedAt: 0,
    expiresAt: 100,
    phoneNumber: '+1 650 466 9999',
    ...over,
  });
  const rec = (l?: AccessLock) => ({ group: 'G', number: '123', lock: l });

  it('matches DNIS alone, DNIS+ANI by digits, and requires an issued code', () => {
    expect(matchingLocks([rec(lock())], { accessNumber: '123' }, 50)).toHaveLength(1);
    expect(
      matchingLocks([rec(lock())], { accessNumber: '123', phoneNumber: '16504669999' }, 50),
    ).toHaveLength(1);
    expect(
      matchingLocks([rec(lock())], { accessNumber: '123', phoneNumber: '(650) 466-9999' }, 50),
    ).toHaveLength(1);
    expect(matchingLocks([rec(lock())], { accessNumber: '123', phoneNumber: '1650' }, 50)).toHaveLength(0);
    expect(matchingLocks([rec(lock())], { accessNumber: '123', phoneNumber: '466-9999' }, 50)).toHaveLength(
      0,
    );
    const coded = rec(lock({ accessCode: '4242' }));
    expect(matchingLocks([coded], { accessNumber: '123' }, 50)).toHaveLength(0);
    expect(matchingLocks([coded], { accessNumber: '123', accessCode: '4242' }, 50)).toHaveLength(1);
  });

  it('ignores free numbers and expired locks', () => {
    expect(
      matchingLocks([rec(undefined), rec(lock({ expiresAt: 10 }))], { accessNumber: '123' }, 50),
    ).toHaveLength(0);
  });
});

describe('parseResourceGroup', () => {
  it('reads the seed example', () => {
    const g = parseResourceGroup('DNIS', {
      _allocation_strategy: 'local',
      _booking_expiration_timeout: '30',
      dnis1: '6504664131',
      dnis2: '6504664132',
    });
    expect(g).toEqual({
      name: 'DNIS',
      strategy: 'local',
      bookingTimeout: 30,
      numbers: [
        { key: 'dnis1', number: '6504664131' },
        { key: 'dnis2', number: '6504664132' },
      ],
    });
  });

  it('accepts round robin spellings and defaults to random', () => {
    expect(parseResourceGroup('G', { _allocation_strategy: 'round-robin' }).strategy).toBe('sequential');
    expect(parseResourceGroup('G', {}).strategy).toBe('random');
  });

  it('names the bad option', () => {
    const bad = (o: Record<string, string>) => {
      try {
        parseResourceGroup('G', o);
      } catch (e) {
        return (e as InvalidParameterError).parameter;
      }
      return undefined;
    };
    expect(bad({ _booking_expiration_timeout: '0' })).toBe('_booking_expiration_timeout');
    expect(bad({ x: 'abc' })).toBe('x');
    expect(bad({ a: '1', b: '1' })).toBe('b');
  });
});
