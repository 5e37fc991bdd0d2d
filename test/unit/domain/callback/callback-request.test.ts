import { describe, expect, it } from 'vitest';
import {
  effectiveCallbackOptions,
  parseInstant,
  readCustomerNumber,
  readDesiredTime,
  readTtlSeconds,
  requestProperties,
  updatedProperties,
} from '../../../../functions/domain/callback/callback-request.js';
import { InvalidParameterError } from '../../../../functions/domain/errors.js';

const NOW = Date.parse('2026-11-23T12:00:00.000Z');

function parameterOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof InvalidParameterError) return e.parameter;
    throw e;
  }
  return undefined;
}

describe('effectiveCallbackOptions', () => {
  const service = {
    _type: 'ors',
    _service: 'callback',
    _call_direction: 'USERTERMINATED',
    _target: 'Billing@StatServer.GA',
    _customer_number: '000',
    _urs_virtual_queue: 'VQ_$tier$',
  };

  it('lets service options win, except the request-owned values and custom keys', () => {
    const out = effectiveCallbackOptions(service, {
      _call_direction: 'USERORIGINATED',
      _target: 'Other@StatServer.GA',
      _customer_number: '5115',
      _desired_time: '2026-11-23T13:00:00Z',
      CB_SUBSCRIPTION_ID: 'sub-1',
      _type: 'builtin',
    });
    expect(out._call_direction).toBe('USERTERMINATED');
    expect(out._target).toBe('Billing@StatServer.GA');
    expect(out._customer_number).toBe('5115');
    expect(out._desired_time).toBe('2026-11-23T13:00:00Z');
    expect(out.CB_SUBSCRIPTION_ID).toBe('sub-1');
    expect(out._type).toBe('ors');
  });

  it('lets the request override only the options listed in _overwritable_options (_ors and _target)', () => {
    const out = effectiveCallbackOptions(
      { ...service, _overwritable_options: '_target, _call_direction', _ors: 'http://ors' },
      { _target: 'Other@StatServer.GA', _call_direction: 'USERORIGINATED', _ors: 'http://evil' },
    );
    expect(out._target).toBe('Other@StatServer.GA');
    expect(out._call_direction).toBe('USERTERMINATED');
    expect(out._ors).toBe('http://ors');
  });

  it('replaces $token$ with the request parameter of that name, and leaves unknown tokens', () => {
    expect(effectiveCallbackOptions(service, { tier: 'Gold' })._urs_virtual_queue).toBe('VQ_Gold');
    expect(effectiveCallbackOptions(service, {})._urs_virtual_queue).toBe('VQ_$tier$');
  });
});

describe('readCustomerNumber', () => {
  it('is mandatory for voice, optional for chat', () => {
    expect(parameterOf(() => readCustomerNumber({}, 'voice'))).toBe('_customer_number');
    expect(parameterOf(() => readCustomerNumber({ _customer_number: '  ' }, 'voice'))).toBe(
      '_customer_number',
    );
    expect(readCustomerNumber({}, 'chat')).toBeUndefined();
    expect(readCustomerNumber({ _customer_number: ' 5115 ' }, 'voice')).toBe('5115');
  });
});

describe('parseInstant / readDesiredTime', () => {
  it('reads ISO-8601 instants with Z or an offset', () => {
    expect(parseInstant('p', '2013-05-28T15:30:00.000Z')).toBe(Date.parse('2013-05-28T15:30:00.000Z'));
    expect(parseInstant('p', '2013-05-28T17:30:00+02:00')).toBe(Date.parse('2013-05-28T15:30:00.000Z'));
    expect(parseInstant('p', '2013-05-28T15:30Z')).toBe(Date.parse('2013-05-28T15:30:00.000Z'));
  });

  it('refuses local times, junk and impossible dates, naming the parameter', () => {
    for (const bad of [
      '2013-05-28T15:30:00',
      'tomorrow',
      '2013-02-30T10:00:00Z',
      '2013-05-28T24:30:00Z',
      '',
    ]) {
      expect(parameterOf(() => parseInstant('_desired_time', bad))).toBe('_desired_time');
    }
  });

  it('is immediate when absent or due within a second, scheduled beyond', () => {
    expect(readDesiredTime(undefined, NOW)).toEqual({ at: NOW, scheduled: false });
    expect(readDesiredTime('2026-11-23T12:00:00.800Z', NOW)).toEqual({ at: NOW + 800, scheduled: false });
    // A few seconds ahead waits for its time: QUEUED within about a second of it, not before.
    expect(readDesiredTime('2026-11-23T12:00:03Z', NOW)).toEqual({ at: NOW + 3000, scheduled: true });
    expect(readDesiredTime('2026-11-23T11:59:50Z', NOW)).toEqual({ at: NOW, scheduled: false });
    expect(readDesiredTime('2026-11-23T12:03:00Z', NOW)).toEqual({ at: NOW + 180_000, scheduled: true });
  });

  it('refuses a desired time well in the past', () => {
    expect(parameterOf(() => readDesiredTime('2026-11-23T10:00:00Z', NOW))).toBe('_desired_time');
  });
});

describe('readTtlSeconds', () => {
  it('defaults to a day and names _ttl when malformed', () => {
    expect(readTtlSeconds({})).toBe(86_400);
    expect(readTtlSeconds({ _ttl: '600' })).toBe(600);
    expect(parameterOf(() => readTtlSeconds({ _ttl: 'forever' }))).toBe('_ttl');
    expect(parameterOf(() => readTtlSeconds({ _ttl: '0' }))).toBe('_ttl');
  });
});

describe('properties', () => {
  it('keeps every request parameter but the record-owned ones', () => {
    expect(
      requestProperties({
        _customer_number: '1',
        _desired_time: 'x',
        _type: 't',
        a: '1',
        _device_os: 'comet',
      }),
    ).toEqual({ a: '1', _device_os: 'comet' });
  });

  it('bounds sizes, naming the property', () => {
    expect(parameterOf(() => requestProperties({ big: 'x'.repeat(5000) }))).toBe('big');
    const many = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, 'v']));
    expect(parameterOf(() => requestProperties(many))).toBe('body');
  });

  it('updates: "" removes, other values set, record keys are refused', () => {
    expect(updatedProperties({ a: '1', b: '2' }, { a: '', c: '3', _new_desired_time: 'x' })).toEqual({
      b: '2',
      c: '3',
    });
    expect(parameterOf(() => updatedProperties({}, { _callback_state: 'COMPLETED' }))).toBe(
      '_callback_state',
    );
    expect(parameterOf(() => updatedProperties({}, { _customer_number: '1' }))).toBe('_customer_number');
  });
});
