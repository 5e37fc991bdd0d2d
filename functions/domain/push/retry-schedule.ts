/**
 * When an `httpcb` delivery that failed is tried again. Attempt 1 is the immediate one; attempt
 * `n + 1` waits `baseMs * 2^(n-1)` after attempt `n` failed, capped by what one SQS delay can hold.
 */
export interface RetryPolicy {
  maxAttempts: number;
  baseMs: number;
  maxDelayMs: number;
}

/** 1 + 5 retries after 2, 4, 8, 16, 32 s: about a minute before giving up. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 6, baseMs: 2_000, maxDelayMs: 15 * 60_000 };

/** The delay before the attempt after `failedAttempt`, or undefined when it was the last one. */
export function nextRetryDelay(
  failedAttempt: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): number | undefined {
  if (!Number.isInteger(failedAttempt) || failedAttempt < 1) {
    throw new RangeError(`Attempt numbers start at 1 (got ${failedAttempt}).`);
  }
  if (failedAttempt >= policy.maxAttempts) return undefined;
  return Math.min(policy.baseMs * 2 ** (failedAttempt - 1), policy.maxDelayMs);
}

/** Status codes worth another attempt: the receiver may recover. Other 4xx will not change. */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}
