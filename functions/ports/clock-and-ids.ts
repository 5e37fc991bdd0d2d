/** Time and randomness, injected so the domain stays deterministic under test. */

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export interface IdGenerator {
  /** Session, storage and callback ids: 128 bits from a CSPRNG, URL-safe. */
  id(): string;
  /** Bearer tokens: 256 bits from a CSPRNG. */
  token(): string;
  /** `length` decimal digits from a CSPRNG (access codes). */
  digits(length: number): string;
  /** A uniformly random number in [0, 1) from a CSPRNG. */
  random(): number;
}
