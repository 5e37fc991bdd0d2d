import type { IdempotencyClaim } from '../domain/idempotency-key.js';

/** Claims on `Idempotency-Key`s, so a retried create answers like the first one. */

export interface IdempotencyStore {
  /**
   * Claims `claim.key` with a conditional write unless a live claim holds it (concurrent requests:
   * exactly one wins). Returns the claim that holds the key otherwise.
   */
  claim(
    claim: IdempotencyClaim,
    now: number,
  ): Promise<{ won: true } | { won: false; holder?: IdempotencyClaim }>;
  /** The live claim holding `key` (with its answer, once there is one); undefined when free or expired. */
  get(key: string, now: number): Promise<IdempotencyClaim | undefined>;
  /** Stores the answer, if `owner` still holds the claim. */
  complete(key: string, owner: string, response: { status: number; body: unknown }): Promise<boolean>;
  /** Gives the claim up (nothing was created), if `owner` still holds it. */
  release(key: string, owner: string): Promise<void>;
  /** Takes over a claim whose holder died, if `previousOwner` still holds it and it has no answer. */
  takeOver(key: string, previousOwner: string, owner: string, now: number): Promise<boolean>;
}
