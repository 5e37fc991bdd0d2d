/**
 * Values a process read recently, by key, so that a read asked for many times a second is made
 * at most once per `maxAgeMs` (the caller says how old an answer it accepts). Concurrent callers
 * share one read. A failed read is not kept: the next caller reads again, so an outage shows as
 * it did without the cache. A clock that went back makes every kept value stale.
 */
export class ShortLivedCache<T> {
  private readonly values = new Map<string, { value: T; at: number }>();
  private readonly pending = new Map<string, Promise<T>>();
  /** Bumped by `forget`: a read that started before a write must not keep what it read. */
  private generation = 0;

  /**
   * `maxEntries`: keys kept at most (the oldest kept goes first), for caches keyed by something
   * unbounded (tokens, usernames).
   */
  constructor(
    private readonly now: () => number,
    private readonly maxEntries = Number.POSITIVE_INFINITY,
  ) {}

  get(key: string, maxAgeMs: number, read: () => Promise<T>): Promise<T> {
    const kept = this.values.get(key);
    if (kept) {
      const age = this.now() - kept.at;
      if (age >= 0 && age < maxAgeMs) return Promise.resolve(kept.value);
    }
    return this.read(key, read);
  }

  /** Reads now, whatever is kept, and keeps the answer for later `get`s. */
  read(key: string, read: () => Promise<T>): Promise<T> {
    const running = this.pending.get(key);
    if (running) return running;
    const generation = this.generation;
    const started = this.now();
    const reading = read().finally(() => {
      if (this.pending.get(key) === reading) this.pending.delete(key);
    });
    this.pending.set(key, reading);
    return reading.then((value) => {
      if (generation === this.generation) this.keep(key, value, started);
      return value;
    });
  }

  private keep(key: string, value: T, at: number): void {
    this.values.delete(key);
    if (this.values.size >= this.maxEntries) {
      const oldest = this.values.keys().next();
      if (!oldest.done) this.values.delete(oldest.value);
    }
    this.values.set(key, { value, at });
  }

  /** After this process wrote what is kept: every later `get` reads again. */
  forget(): void {
    this.generation++;
    this.pending.clear();
    this.values.clear();
  }
}
