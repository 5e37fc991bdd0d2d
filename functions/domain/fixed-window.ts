/**
 * The windows of the shared `AttemptCounter`: fixed, aligned on multiples of their length, so every
 * instance agrees on which window a moment falls in and when it ends.
 */

/** The start (epoch ms) of the window holding `now`. */
export const windowStart = (windowSeconds: number, now: number) =>
  Math.floor(now / (windowSeconds * 1000)) * windowSeconds * 1000;

/** Whole seconds until the window holding `now` ends (at least 1): a `Retry-After`. */
export function secondsLeftInWindow(windowSeconds: number, now: number): number {
  const windowMs = windowSeconds * 1000;
  return Math.max(1, Math.ceil((windowMs - (now % windowMs)) / 1000));
}
