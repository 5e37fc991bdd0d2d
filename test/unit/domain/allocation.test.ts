import { describe, expect, it } from 'vitest';
import { allocateAccessNumber } from '../../../functions/domain/allocation.js';
import type { AllocationStrategy } from '../../../functions/domain/access-number.js';
import type { IdGenerator } from '../../../functions/ports/clock-and-ids.js';
import { InMemoryAccessNumberStore } from '../../support/in-memory-access-number-store.js';

/**
 * An in-memory pool in least-recently-used order. `rivals(number)` says whether another request
 * takes that number just before this one tries it (a lost race).
 */
function pool(size: number, rivals: (number: string) => boolean = () => false) {
  const numbers = Array.from({ length: size }, (_, i) => String(1000 + i));
  const store = new InMemoryAccessNumberStore(numbers, { rivals });
  return { store, locks: store.locks, tried: store.tried, limits: store.limits };
}

let seed = 1;
const ids: IdGenerator = {
  id: () => 'id',
  token: () => 't',
  digits: (n) => '1'.repeat(n),
  // Deterministic, spread out: a small LCG.
  random: () => (seed = (seed * 16807) % 2147483647) / 2147483647,
};

const allocate = (p: ReturnType<typeof pool>, strategy: AllocationStrategy, sessionId = 's') =>
  allocateAccessNumber(
    { accessNumbers: p.store, clock: { now: () => 0 }, ids },
    { group: 'G', strategy, sessionId, provideCode: false, codeLength: 4, bookingSeconds: 30 },
  );

describe('allocateAccessNumber, sequential', () => {
  it('uncontended, follows the order exactly: the least recently used number, then the next', async () => {
    const p = pool(100);
    const got = [];
    for (let i = 0; i < 5; i++) got.push((await allocate(p, 'sequential', `s${i}`)).accessNumber);
    expect(got).toEqual(['1000', '1001', '1002', '1003', '1004']);
    expect(p.tried).toEqual(got);
  });

  it('one lost race takes the next in order', async () => {
    const p = pool(100, (n) => n === '1000');
    expect((await allocate(p, 'sequential')).accessNumber).toBe('1001');
  });

  it('after two lost races picks within the head of the order, not just the next number', async () => {
    const taken = new Set(['1000', '1001']);
    const p = pool(100, (n) => taken.has(n));
    const got = await allocate(p, 'sequential');
    expect(p.tried.slice(0, 2)).toEqual(['1000', '1001']);
    // Among the 32 least recently used numbers read with one bounded query.
    expect(Number(got.accessNumber)).toBeLessThan(1032);
    expect(p.limits.every((l) => l <= 32)).toBe(true);
  });

  it('every read is Limit-bounded whatever the pool size', async () => {
    const p = pool(10_000, (n) => Number(n) % 3 !== 0);
    await allocate(p, 'sequential');
    expect(Math.max(...p.limits)).toBeLessThanOrEqual(32);
  });

  it('200 concurrent requests on 50 numbers: 50 locked, 150 exhausted, few wasted reads and writes', async () => {
    // Every store call yields for a pseudo-random few ticks, so requests interleave as over a network.
    let jitter = 3;
    const pause = () => {
      jitter = (jitter * 48271) % 2147483647;
      return new Promise<void>((r) => setTimeout(r, jitter % 3));
    };
    const p = pool(50);
    const candidates = p.store.candidates.bind(p.store);
    const tryLock = p.store.tryLock.bind(p.store);
    let reads = 0;
    let writes = 0;
    p.store.candidates = async (...args) => {
      reads++;
      await pause();
      return candidates(...args);
    };
    p.store.tryLock = async (...args) => {
      writes++;
      await pause();
      return tryLock(...args);
    };
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) => allocate(p, 'sequential', `s${i}`)),
    );
    const locked = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.accessNumber] : []));
    expect(locked).toHaveLength(50);
    expect(new Set(locked).size).toBe(50);
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
    expect(refused.map((e) => e.constructor.name)).toEqual(Array(150).fill('ResourceExhaustedError'));
    // Before spreading, everyone fought over the same 5 next numbers: over 30 lock attempts each.
    expect(writes / 200).toBeLessThan(10);
    expect(reads / 200).toBeLessThan(4);
  });
});
