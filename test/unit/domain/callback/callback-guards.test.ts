import { describe, expect, it } from 'vitest';
import {
  CallbackAvailabilityError,
  CallbackDuplicateError,
  CallbackServiceUnavailableError,
} from '../../../../functions/domain/callback/callback-errors.js';
import { callbackGuards, refusalError } from '../../../../functions/domain/callback/callback-guards.js';
import type { Guard } from '../../../../functions/domain/callback/callback-record.js';
import { parseOfficeHours } from '../../../../functions/domain/office-hours.js';
import { mapError } from '../../../../functions/http/error-response.js';
import { ruleContext as ctx } from '../../../support/callback-rule-context.js';

const t = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

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
        // Both service throttles are fields of one counter item: one write per create.
        slot: { item: 'throttles#cb1', field: '1', window: t('2026-11-23T12:05:00Z') },
      },
      {
        key: 'throttle#cb1#2#2026-11-23T12:00:00.000Z',
        kind: 'throttle',
        limit: 1000,
        expiresAt: t('2026-11-23T13:00:00Z'),
        releasable: false,
        slot: { item: 'throttles#cb1', field: '2', window: t('2026-11-23T12:00:00Z') },
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
