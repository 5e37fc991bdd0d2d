/** Shared fixed-window counters (rate limits, failed-attempt lockouts). */

/**
 * Fixed-window counters shared by every instance (rate limits, failed-attempt lockouts). A key is
 * one client and purpose, e.g. `login-fail#user#alice` or `match-fail#ip#203.0.113.7`.
 */
export interface AttemptCounter {
  /** Adds `by` (default 1) to the key's count in the window holding `now`; returns the new count. */
  hit(key: string, windowSeconds: number, now: number, by?: number): Promise<number>;
  /** The key's count in the window holding `now` (0 when none). */
  count(key: string, windowSeconds: number, now: number): Promise<number>;
  /** Forgets the key's count in the window holding `now` (e.g. after a successful login). */
  reset(key: string, windowSeconds: number, now: number): Promise<void>;
}
