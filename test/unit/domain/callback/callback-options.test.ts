import { describe, expect, it } from 'vitest';
import { readCallbackRules } from '../../../../functions/domain/callback/callback-options.js';
import { InvalidParameterError } from '../../../../functions/domain/errors.js';
import { mapError } from '../../../../functions/http/error-response.js';
import { thrown } from '../../../support/callback-rule-context.js';

describe('reading the rule options', () => {
  it('uses the GMS defaults for absent and empty options', () => {
    const variants: Record<string, string>[] = [
      {},
      { _request_time_bucket: '', _throttle_request_parameters_limit: ' ' },
    ];
    for (const options of variants) {
      const r = readCallbackRules(options);
      expect(r.bucketMinutes).toBe(5);
      expect(r.maxPerBucket).toBe(100);
      expect(r.futureLimit).toMatchObject({ amount: 1, unit: 'M' });
      expect(r.maxQueued).toBe(1000);
      expect(r.inQueueLimit).toBe(2);
      expect(r.throttles).toEqual([
        { index: 1, limit: 500, ttlSeconds: 300 },
        { index: 2, limit: 1000, ttlSeconds: 3600 },
      ]);
      expect(r.parameterThrottle).toEqual({ parameters: ['_customer_number'], limit: 6 });
      expect(r.mandatoryKeys).toEqual(['_customer_number']);
      expect(r.disallowPremium && r.disallowImpossible).toBe(true);
      expect(r.zone.name).toBe('UTC');
    }
  });

  it('reads _enable_in_queue_checking as GMS does: true allows two, strict one, false none', () => {
    expect(readCallbackRules({ _enable_in_queue_checking: 'true' }).inQueueLimit).toBe(2);
    expect(readCallbackRules({ _enable_in_queue_checking: 'strict' }).inQueueLimit).toBe(1);
    expect(readCallbackRules({ _enable_in_queue_checking: 'false' }).inQueueLimit).toBeUndefined();
  });

  it('adds numbered throttles only when both their limit and ttl are set', () => {
    expect(readCallbackRules({ _throttle_callbacks_per_service_3: '7' }).throttles).toHaveLength(2);
    expect(
      readCallbackRules({ _throttle_callbacks_per_service_3: '7', _throttle_ttl_3: '10' }).throttles[2],
    ).toEqual({ index: 3, limit: 7, ttlSeconds: 10 });
  });

  it.each([
    ['_request_time_bucket', '7'],
    ['_request_time_bucket', '5m'],
    ['_max_request_by_time_bucket', '-1'],
    ['_reject_future_desired_time', '1 month'],
    ['_reject_future_desired_time', '2x'],
    ['_enable_in_queue_checking', 'maybe'],
    ['_throttle_ttl_1', '0'],
    ['_max_queued_callbacks_per_service', 'lots'],
    ['_disallow_premium_phone_numbers', 'sometimes'],
  ])('refuses %s=%s naming the option', (option, value) => {
    const e = thrown(() => readCallbackRules({ [option]: value }));
    expect(e).toBeInstanceOf(InvalidParameterError);
    expect((e as InvalidParameterError).parameter).toBe(option);
    expect(mapError(e).status).toBe(400);
  });
});
