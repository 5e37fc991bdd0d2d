/**
 * A value read from somewhere slow (a secret), kept for `ttlMs` and then read again, so that a
 * rotated secret reaches warm Lambda environments within `ttlMs` without a redeploy. Concurrent
 * callers share one read. When a refresh fails the previous value is kept (and the read retried
 * on the next call): a secrets outage must not stop what the old value still serves. The very
 * first read has nothing to fall back on, so its failure is thrown.
 */
export function refreshingValue<T>(
  read: () => Promise<T>,
  ttlMs: number,
  now: () => number = Date.now,
): () => Promise<T> {
  let current: { value: T; readAt: number } | undefined;
  let pending: Promise<T> | undefined;
  const refresh = () =>
    (pending ??= read().then(
      (value) => {
        current = { value, readAt: now() };
        pending = undefined;
        return value;
      },
      (e: unknown) => {
        pending = undefined;
        if (current) return current.value;
        throw e;
      },
    ));
  return () => {
    if (current && now() - current.readAt < ttlMs) return Promise.resolve(current.value);
    return refresh();
  };
}
