import type { AttemptCounter } from '../../functions/ports/attempt-counter.js';

/** The `AttemptCounter` contract in memory: fixed windows aligned on multiples of their length. */
export class InMemoryAttemptCounter implements AttemptCounter {
  readonly counts = new Map<string, number>();

  private key(key: string, windowSeconds: number, now: number) {
    const ms = windowSeconds * 1000;
    return `${key}@${Math.floor(now / ms) * ms}`;
  }

  async hit(key: string, windowSeconds: number, now: number, by = 1): Promise<number> {
    const k = this.key(key, windowSeconds, now);
    const n = (this.counts.get(k) ?? 0) + by;
    this.counts.set(k, n);
    return n;
  }

  async count(key: string, windowSeconds: number, now: number): Promise<number> {
    return this.counts.get(this.key(key, windowSeconds, now)) ?? 0;
  }

  async reset(key: string, windowSeconds: number, now: number): Promise<void> {
    this.counts.delete(this.key(key, windowSeconds, now));
  }
}
