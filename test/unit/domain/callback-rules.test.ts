import { describe, expect, it } from 'vitest';
import {
  CallbackAvailabilityError,
  CallbackDuplicateError,
  CallbackNumberError,
  CallbackServiceUnavailableError,
} from '../../../functions/domain/callback/callback-errors.js';
import type { Guard } from '../../../functions/domain/callback/callback-record.js';
import {
  callbackGuards,
  isImpossibleNumber,
  isOutsideOfficeHours,
  isPremiumNumber,
  latestDesiredTime,
  normalizeCustomerNumber,
  readCallbackRules,
  refusalError,
  slotCandidates,
  validateCallback,
  type CallbackRuleContext,
} from '../../../functions/domain/callback/callback-rules.js';
import { InvalidParameterError } from '../../../functions/domain/errors.js';
import { parseOfficeHours } from '../../../functions/domain/office-hours.js';
import { mapError } from '../../../functions/http/error-response.js';

const t = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const NOW = t('2026-11-23T12:00:00Z'); // a Monday

function ctx(overrides: Partial<CallbackRuleContext> = {}): CallbackRuleContext {
  const customerNumber = overrides.customerNumber ?? '5115';
  return {
    serviceName: 'cb1',
    options: {},
    parameters: { _customer_number: customerNumber },
    customerNumber,
    desiredTime: NOW,
    scheduled: false,
    now: NOW,
    ...overrides,
  };
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

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

describe('customer numbers', () => {
  it('normalises like GMS: separators dropped, + prefixed', () => {
    expect(normalizeCustomerNumber(' 5115 ')).toBe('+5115');
    expect(normalizeCustomerNumber('+33 (1) 23-45.67')).toBe('+33123456' + '7');
  });

  it('finds impossible numbers by characters and length only', () => {
    expect(isImpossibleNumber('5115')).toBe(false);
    expect(isImpossibleNumber('+1 (650) 466-4131')).toBe(false);
    expect(isImpossibleNumber('555-CALL-NOW')).toBe(true);
    expect(isImpossibleNumber('+1234567890123456')).toBe(true);
    expect(isImpossibleNumber('++33123')).toBe(true);
    expect(isImpossibleNumber('')).toBe(true);
  });

  it('finds North American 900 numbers, national ones read with the default country', () => {
    expect(isPremiumNumber('+19005551234')).toBe(true);
    expect(isPremiumNumber('+1 900 555 1234')).toBe(true);
    expect(isPremiumNumber('9005551234', 'US')).toBe(true);
    expect(isPremiumNumber('19005551234', 'CA')).toBe(true);
    expect(isPremiumNumber('9005551234', 'FR')).toBe(false);
    expect(isPremiumNumber('+18005551234')).toBe(false);
  });
});

describe('immediate validation', () => {
  it('accepts a plain immediate request', () => {
    expect(() => validateCallback(ctx())).not.toThrow();
  });

  it('requires the mandatory lookup keys, naming the missing one', () => {
    const e = thrown(() => validateCallback(ctx({ customerNumber: undefined, parameters: {} })));
    expect(e).toBeInstanceOf(InvalidParameterError);
    expect((e as InvalidParameterError).parameter).toBe('_customer_number');
    const custom = ctx({ options: { _mandatory_customer_lookup_keys: '_customer_number, _email' } });
    expect((thrown(() => validateCallback(custom)) as InvalidParameterError).parameter).toBe('_email');
    expect(() =>
      validateCallback({ ...custom, parameters: { ...custom.parameters, _email: 'a@b.c' } }),
    ).not.toThrow();
  });

  it('refuses premium numbers with CallbackExceptionNumber (conformance 12)', () => {
    const e = thrown(() => validateCallback(ctx({ customerNumber: '+19005551234' })));
    expect(e).toBeInstanceOf(CallbackNumberError);
    const { status, body } = mapError(e);
    expect(status).toBe(400);
    expect(body.exception).toBe('com.genesyslab.gsg.services.callback.exceptions.CallbackExceptionNumber');
    expect(body.parameter).toBe('_customer_number');
    expect(() =>
      validateCallback(
        ctx({ customerNumber: '+19005551234', options: { _disallow_premium_phone_numbers: 'false' } }),
      ),
    ).not.toThrow();
  });

  it('refuses impossible numbers unless allowed', () => {
    expect(thrown(() => validateCallback(ctx({ customerNumber: 'call me' })))).toBeInstanceOf(
      CallbackNumberError,
    );
    expect(() =>
      validateCallback(
        ctx({ customerNumber: 'call me', options: { _disallow_impossible_phone_numbers: 'false' } }),
      ),
    ).not.toThrow();
  });

  it('refuses numbers matching an exception pattern, in + form or bare digits', () => {
    const patterns = { exception1: '555.*', intl: '\\+33.*' };
    for (const n of ['5551234', '+5551234', '+33 1 23 45', '33123']) {
      const e = thrown(() => validateCallback(ctx({ customerNumber: n, exceptionPatterns: patterns })));
      expect(e, n).toBeInstanceOf(CallbackNumberError);
      expect((e as Error).message).not.toContain('555.*');
    }
    expect(() =>
      validateCallback(ctx({ customerNumber: '4441234', exceptionPatterns: patterns })),
    ).not.toThrow();
  });

  it('refuses a scheduled time in the past beyond a minute', () => {
    expect(() => validateCallback(ctx({ scheduled: true, desiredTime: NOW - 59_000 }))).not.toThrow();
    const e = thrown(() => validateCallback(ctx({ scheduled: true, desiredTime: NOW - 61_000 })));
    expect(e).toBeInstanceOf(InvalidParameterError);
    expect((e as InvalidParameterError).parameter).toBe('_desired_time');
  });

  it.each([
    [undefined, '2026-12-23T12:00:00.000Z'],
    ['2w', '2026-12-07T12:00:00.000Z'],
    ['3d', '2026-11-26T12:00:00.000Z'],
    ['12h', '2026-11-24T00:00:00.000Z'],
    ['90m', '2026-11-23T13:30:00.000Z'],
    ['1y', '2027-11-23T12:00:00.000Z'],
  ])('_reject_future_desired_time=%s allows up to %s', (value, latest) => {
    const options: Record<string, string> = value ? { _reject_future_desired_time: value } : {};
    expect(iso(latestDesiredTime(readCallbackRules(options), NOW))).toBe(latest);
    expect(() => validateCallback(ctx({ options, scheduled: true, desiredTime: t(latest) }))).not.toThrow();
    const e = thrown(() => validateCallback(ctx({ options, scheduled: true, desiredTime: t(latest) + 1 })));
    expect(e).toBeInstanceOf(CallbackAvailabilityError);
    expect(mapError(e).body).toMatchObject({
      exception: 'com.genesyslab.gsg.services.callback.exceptions.CallbackExceptionAvailability',
      parameter: '_desired_time',
      code: 400,
    });
  });

  it('counts months on the wall clock of the service zone', () => {
    const options = { _reject_future_desired_time: '1M' };
    const paris = parseOfficeHours({ _timezone: 'Europe/Paris', _bh_regular: 'Mon-Sun 00:00-24:00' });
    // 2026-03-15 12:00 CET + 1 month = 2026-04-15 12:00 CEST (10:00Z), not 11:00Z.
    const now = t('2026-03-15T11:00:00Z');
    expect(iso(latestDesiredTime(readCallbackRules(options, paris), now))).toBe('2026-04-15T10:00:00.000Z');
  });
});

describe('office hours', () => {
  const hours = parseOfficeHours({ _timezone: 'Europe/Paris', _bh_regular: 'Mon-Fri 09:00-17:00' });

  it('checks a scheduled desired time on the local wall clock', () => {
    // Monday 2026-11-23: 09:00 CET is 08:00Z.
    expect(
      isOutsideOfficeHours(
        ctx({ officeHours: hours, scheduled: true, desiredTime: t('2026-11-23T08:00:00Z') }),
      ),
    ).toBe(false);
    expect(
      isOutsideOfficeHours(
        ctx({ officeHours: hours, scheduled: true, desiredTime: t('2026-11-23T07:59:00Z') }),
      ),
    ).toBe(true);
    expect(isOutsideOfficeHours(ctx({ scheduled: true, desiredTime: t('2026-11-23T03:00:00Z') }))).toBe(
      false,
    );
  });

  it('refuses immediate callbacks while closed only with _enable_reject_out_of_office_hours', () => {
    const night = t('2026-11-23T20:00:00Z');
    expect(isOutsideOfficeHours(ctx({ officeHours: hours, now: night, desiredTime: night }))).toBe(false);
    expect(
      isOutsideOfficeHours(
        ctx({
          officeHours: hours,
          now: night,
          desiredTime: night,
          options: { _enable_reject_out_of_office_hours: 'true' },
        }),
      ),
    ).toBe(true);
  });
});

describe('guards', () => {
  const keys = (guards: Guard[]) => guards.map((g) => g.key);

  it('an immediate callback takes duplicate lock, queue limit, both service throttles and the daily parameter throttle', () => {
    const guards = callbackGuards(
      ctx({ now: t('2026-11-23T12:07:00Z'), desiredTime: t('2026-11-23T12:07:00Z') }),
    );
    expect(guards).toEqual([
      { key: 'dedup#cb1#+5115', kind: 'dedup', limit: 2, releasable: true },
      { key: 'queued#cb1', kind: 'queued', limit: 1000, releasable: true },
      {
        key: 'throttle#cb1#1#2026-11-23T12:05:00.000Z',
        kind: 'throttle',
        limit: 500,
        expiresAt: t('2026-11-23T12:10:00Z'),
        releasable: false,
      },
      {
        key: 'throttle#cb1#2#2026-11-23T12:00:00.000Z',
        kind: 'throttle',
        limit: 1000,
        expiresAt: t('2026-11-23T13:00:00Z'),
        releasable: false,
      },
      {
        key: 'throttle#cb1#params#%2B5115#2026-11-23',
        kind: 'throttle',
        limit: 6,
        expiresAt: t('2026-11-24T00:00:00Z'),
        releasable: false,
      },
    ]);
  });

  it('a scheduled callback takes its time bucket instead of the queue limit, and no parameter throttle', () => {
    const guards = callbackGuards(
      ctx({
        scheduled: true,
        desiredTime: t('2026-11-23T15:47:10Z'),
        options: { _request_time_bucket: '15', _max_request_by_time_bucket: '20' },
      }),
    );
    expect(keys(guards)).toEqual([
      'dedup#cb1#+5115',
      'bucket#cb1#2026-11-23T15:45:00.000Z',
      'throttle#cb1#1#2026-11-23T12:00:00.000Z',
      'throttle#cb1#2#2026-11-23T12:00:00.000Z',
    ]);
    expect(guards[1]).toEqual({
      key: 'bucket#cb1#2026-11-23T15:45:00.000Z',
      kind: 'bucket',
      limit: 20,
      expiresAt: t('2026-11-23T16:00:00Z'),
      releasable: true,
    });
  });

  it('follows the options: no duplicate lock when off, strict lock of one, custom throttle parameters', () => {
    expect(keys(callbackGuards(ctx({ options: { _enable_in_queue_checking: 'false' } })))).not.toContain(
      'dedup#cb1#+5115',
    );
    expect(callbackGuards(ctx({ options: { _enable_in_queue_checking: 'strict' } }))[0]).toMatchObject({
      kind: 'dedup',
      limit: 1,
    });
    const c = ctx({
      options: { _throttle_request_parameters: '_customer_number,user id' },
      parameters: { _customer_number: '5115', 'user id': 'a#b' },
    });
    expect(keys(callbackGuards(c))).toContain('throttle#cb1#params#%2B5115&a%23b#2026-11-23');
    // A parameter the request does not carry is left out; none at all means no guard.
    const none = ctx({ options: { _throttle_request_parameters: 'user_id' } });
    expect(keys(callbackGuards(none)).some((k) => k.includes('#params#'))).toBe(false);
  });

  it('counts the parameter throttle per local day of the service zone', () => {
    const hours = parseOfficeHours({ _timezone: 'America/New_York', _bh_regular: 'Mon-Sun 00:00-24:00' });
    // 2026-11-24T03:00Z is still Monday 23 November in New York.
    const g = callbackGuards(ctx({ officeHours: hours, now: t('2026-11-24T03:00:00Z') })).at(-1)!;
    expect(g.key).toBe('throttle#cb1#params#%2B5115#2026-11-23');
    expect(iso(g.expiresAt!)).toBe('2026-11-24T05:00:00.000Z');
  });
});

describe('refusals', () => {
  const guard = (kind: Guard['kind'], key: string, limit = 1): Guard => ({
    key,
    kind,
    limit,
    releasable: true,
  });

  it('queue limit: 503 CallbackExceptionServiceUnavailable with GMS message (conformance 11)', () => {
    const e = refusalError(guard('queued', 'queued#cb1'), ctx());
    expect(e).toBeInstanceOf(CallbackServiceUnavailableError);
    const { status, body } = mapError(e);
    expect(status).toBe(503);
    expect(body.message).toBe('Limit of queued callbacks for cb1 is reached.');
    expect(body.exception).toBe(
      'com.genesyslab.gsg.services.callback.exceptions.CallbackExceptionServiceUnavailable',
    );
  });

  it('service throttle: names the interval in seconds', () => {
    const c = ctx({ options: { _throttle_ttl_2: '25' } });
    const e = refusalError(guard('throttle', 'throttle#cb1#2#2026-11-23T12:00:00.000Z'), c);
    expect(mapError(e)).toMatchObject({
      status: 503,
      body: { message: 'Limit of queued callbacks for cb1 is reached for interval 25s.' },
    });
  });

  it('parameter throttle: GMS message with the value as sent', () => {
    const e = refusalError(guard('throttle', 'throttle#cb1#params#%2B5115#2026-11-23', 6), ctx());
    expect(mapError(e).body.message).toBe(
      'Callback for _customer_number=5115 rejected because previous callbacks for this parameter were requested for more than 6 times today.',
    );
  });

  it('full bucket: 400 availability error carrying the free slots', () => {
    const e = refusalError(guard('bucket', 'bucket#cb1#x', 20), ctx({ scheduled: true }), {
      '2026-11-23T12:05:00.000Z': 3,
    });
    expect(e).toBeInstanceOf(CallbackAvailabilityError);
    expect(mapError(e)).toMatchObject({
      status: 400,
      body: { parameter: '_desired_time', availability: { '2026-11-23T12:05:00.000Z': 3 } },
    });
  });

  it('duplicate: 409 naming the number', () => {
    const e = refusalError(guard('dedup', 'dedup#cb1#+5115', 2), ctx());
    expect(e).toBeInstanceOf(CallbackDuplicateError);
    expect(mapError(e).status).toBe(409);
    expect((e as Error).message).toContain("'5115' already has 2 active callbacks");
  });
});

describe('slot candidates', () => {
  it('clips buckets to office hours: a bucket the office opens in starts at the opening', () => {
    const hours = parseOfficeHours({ _timezone: 'Europe/Paris', _bh_regular: 'Mon-Fri 09:10-10:00' });
    const c = ctx({ officeHours: hours, options: { _request_time_bucket: '30' } });
    const slots = slotCandidates(c, t('2026-11-23T00:00:00Z'), t('2026-11-24T00:00:00Z'), 10);
    expect(slots).toEqual([
      { start: t('2026-11-23T08:10:00Z'), key: 'bucket#cb1#2026-11-23T08:00:00.000Z' },
      { start: t('2026-11-23T08:30:00Z'), key: 'bucket#cb1#2026-11-23T08:30:00.000Z' },
    ]);
  });
});
