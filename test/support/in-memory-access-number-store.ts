import type {
  AccessLock,
  AccessNumberRecord,
  AllocationStrategy,
} from '../../functions/domain/access-number.js';
import type { AccessCandidate, AccessNumberStore, LockResult } from '../../functions/ports/access-numbers.js';

/** The lock a rival request holds on a number it took first; it never expires within a test. */
const RIVAL: AccessLock = { sessionId: 'other', lockedAt: 0, expiresAt: 1e12 };

export interface AccessNumberRaces {
  /** The first `conflicts` lock attempts lose, as if another request won them. */
  conflicts?: number;
  /** Whether another request takes `number` just before this one tries it (a lost race). */
  rivals?: (number: string) => boolean;
}

/**
 * The `AccessNumberStore` port in memory: the numbers of each group in a fixed order (the order
 * `candidates` reads them in), one lock per number with the adapter's expiry rules, and the races
 * a test asks for. `tried` and `limits` record the calls for assertions on how allocation searches.
 */
export class InMemoryAccessNumberStore implements AccessNumberStore {
  readonly groups = new Map<string, string[]>();
  readonly locks = new Map<string, AccessLock>();
  /** Every number `tryLock` was called with, in order. */
  readonly tried: string[] = [];
  /** The `limit` of every `candidates` call. */
  readonly limits: number[] = [];
  /** How many times `candidates` was read. */
  reads = 0;
  private lost = 0;

  constructor(
    numbers: string[] = [],
    private readonly races: AccessNumberRaces = {},
    group = 'G',
  ) {
    this.groups.set(group, [...numbers]);
  }

  private held(number: string, now: number): AccessLock | undefined {
    const lock = this.locks.get(number);
    return lock && lock.expiresAt >= now ? lock : undefined;
  }

  async syncGroup(group: string, numbers: string[], _now: number, _strategy: AllocationStrategy) {
    for (const n of this.groups.get(group) ?? []) if (!numbers.includes(n)) this.locks.delete(n);
    this.groups.set(group, [...numbers]);
  }

  async deleteGroup(group: string) {
    for (const n of this.groups.get(group) ?? []) this.locks.delete(n);
    this.groups.delete(group);
  }

  async candidates(
    group: string,
    _order: { strategy: AllocationStrategy; start: number },
    now: number,
    limit: number,
  ): Promise<AccessCandidate[]> {
    this.reads++;
    this.limits.push(limit);
    return (this.groups.get(group) ?? [])
      .filter((n) => !this.held(n, now))
      .slice(0, limit)
      .map((number) => ({ number }));
  }

  async tryLock(
    _group: string,
    { number }: AccessCandidate,
    lock: AccessLock,
    now: number,
  ): Promise<LockResult> {
    this.tried.push(number);
    if (this.lost < (this.races.conflicts ?? 0)) {
      this.lost++;
      return { locked: false };
    }
    if (this.races.rivals?.(number)) this.locks.set(number, RIVAL);
    const previous = this.locks.get(number);
    if (previous && previous.expiresAt >= now) return { locked: false };
    this.locks.set(number, lock);
    return previous ? { locked: true, expired: previous } : { locked: true };
  }

  async releaseExpired(group: string, now: number, limit: number, _strategy: AllocationStrategy) {
    const freed: AccessLock[] = [];
    for (const n of this.groups.get(group) ?? []) {
      const lock = this.locks.get(n);
      if (freed.length >= limit) break;
      if (lock && lock.expiresAt < now) {
        this.locks.delete(n);
        freed.push(lock);
      }
    }
    return freed;
  }

  async findByNumber(number: string): Promise<AccessNumberRecord[]> {
    return [...this.groups]
      .filter(([, numbers]) => numbers.includes(number))
      .map(([group]) => {
        const lock = this.locks.get(number);
        return lock ? { group, number, lock } : { group, number };
      });
  }

  async release(_group: string, number: string, sessionId: string) {
    if (this.locks.get(number)?.sessionId !== sessionId) return false;
    this.locks.delete(number);
    return true;
  }

  async counts(group: string, now: number) {
    const numbers = this.groups.get(group) ?? [];
    return { total: numbers.length, locked: numbers.filter((n) => this.held(n, now)).length };
  }
}
