import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RETRY_POLICY,
  isRetryableStatus,
  nextRetryDelay,
} from '../../../../functions/domain/push/retry-schedule.js';

describe('httpcb retry schedule', () => {
  it('doubles from 2 s and stops after the last attempt', () => {
    const delays: (number | undefined)[] = [];
    for (let attempt = 1; attempt <= DEFAULT_RETRY_POLICY.maxAttempts; attempt++)
      delays.push(nextRetryDelay(attempt));
    expect(delays).toEqual([2_000, 4_000, 8_000, 16_000, 32_000, undefined]);
    expect(nextRetryDelay(7)).toBeUndefined();
  });

  it('never exceeds what one SQS delay holds', () => {
    const policy = { maxAttempts: 20, baseMs: 60_000, maxDelayMs: 15 * 60_000 };
    expect(nextRetryDelay(4, policy)).toBe(480_000);
    expect(nextRetryDelay(5, policy)).toBe(900_000);
    expect(nextRetryDelay(19, policy)).toBe(900_000);
    expect(nextRetryDelay(20, policy)).toBeUndefined();
  });

  it('refuses attempt numbers below 1', () => {
    expect(() => nextRetryDelay(0)).toThrow(RangeError);
    expect(() => nextRetryDelay(1.5)).toThrow(RangeError);
  });

  it('retries server errors, timeouts and throttling only', () => {
    expect([500, 502, 503, 504, 408, 429].map(isRetryableStatus)).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    expect([400, 401, 403, 404, 410, 301].map(isRetryableStatus)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
