import { describe, expect, it } from 'vitest';
import {
  CallbackAvailabilityError,
  CallbackNumberError,
} from '../../../../functions/domain/callback/callback-errors.js';
import { readCallbackRules } from '../../../../functions/domain/callback/callback-options.js';
import {
  isOutsideOfficeHours,
  latestDesiredTime,
  validateCallback,
} from '../../../../functions/domain/callback/callback-validation.js';
import { InvalidParameterError } from '../../../../functions/domain/errors.js';
import { parseOfficeHours } from '../../../../functions/domain/office-hours.js';
import { mapError } from '../../../../functions/http/error-response.js';
import { ruleContext as ctx, RULES_NOW as NOW, thrown } from '../../../support/callback-rule-context.js';
import { loadPatternEngine as loadRe2 } from '../../../../functions/domain/pattern-matcher.js';

// RE2 loads on demand (functions/domain/pattern-matcher.ts); the matching below needs it loaded.
await loadRe2();

const t = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

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
