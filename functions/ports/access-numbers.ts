import type { AccessLock, AccessNumberRecord, AllocationStrategy } from '../domain/access-number.js';

/** Access numbers of resource groups and their locks. */

/**
 * A number `candidates` found likely free, and where it found it (`hint`: opaque to the caller,
 * handed back to `tryLock` so the store can update the index entry it came from).
 */
export interface AccessCandidate {
  number: string;
  hint?: string;
}

/** What `tryLock` did: `expired` is the lock it replaced, one that had timed out unmatched. */
export interface LockResult {
  locked: boolean;
  expired?: AccessLock;
}

export interface AccessNumberStore {
  /** Makes the stored numbers of `group` exactly `numbers`: new ones are added free, removed ones deleted. */
  syncGroup(group: string, numbers: string[], now: number, strategy: AllocationStrategy): Promise<void>;
  deleteGroup(group: string): Promise<void>;
  /**
   * A few numbers likely to be free: locks already expired first, then never/released ones.
   * Cost depends on `limit`, never on the size of the pool. The caller confirms with `tryLock`.
   */
  candidates(
    group: string,
    order: { strategy: AllocationStrategy; start: number },
    now: number,
    limit: number,
  ): Promise<AccessCandidate[]>;
  /** Conditional write: locks the number only if it is free or its lock has expired at `now`. */
  tryLock(group: string, candidate: AccessCandidate, lock: AccessLock, now: number): Promise<LockResult>;
  /**
   * Frees up to `limit` numbers whose locks expired before `now`, each with a write conditional on
   * that very lock, and returns the locks it freed (each one exactly once, whoever races it).
   */
  releaseExpired(
    group: string,
    now: number,
    limit: number,
    strategy: AllocationStrategy,
  ): Promise<AccessLock[]>;
  /** All records of a number across groups (a number normally belongs to one group). */
  findByNumber(number: string): Promise<AccessNumberRecord[]>;
  /** Conditional write: frees the number only if `sessionId` still holds it. */
  release(
    group: string,
    number: string,
    sessionId: string,
    releasedAt: number,
    strategy: AllocationStrategy,
  ): Promise<boolean>;
  /** Counts of the group's numbers: total and those held by an unexpired lock. */
  counts(group: string, now: number): Promise<{ total: number; locked: number }>;
}
