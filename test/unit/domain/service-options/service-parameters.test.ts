import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../../../functions/domain/errors.js';
import {
  bookingSeconds,
  parseAccessOptions,
} from '../../../../functions/domain/service-options/access-options.js';
import { parseMatchInteraction } from '../../../../functions/domain/service-options/match-interaction-options.js';
import { parseRequestAccess } from '../../../../functions/domain/service-options/request-access-options.js';
import { parseRequestChat } from '../../../../functions/domain/service-options/request-chat-options.js';
import { parseRequestInteraction } from '../../../../functions/domain/service-options/request-interaction-options.js';

const request = (fields: Record<string, string>, options: Record<string, string> = {}, query = {}) => ({
  options,
  fields,
  query,
});

function refusal(parse: () => unknown): { parameter: string; message: string } {
  try {
    parse();
  } catch (e) {
    if (e instanceof InvalidParameterError) return { parameter: e.parameter, message: e.message };
    throw e;
  }
  throw new Error('expected an InvalidParameterError');
}

describe('request-interaction parameters', () => {
  it("take the template's defaults when neither sent nor configured", () => {
    expect(parseRequestInteraction(request({ _phone_number: ' 555 ' }))).toEqual({
      phoneNumber: '555',
      resourceGroup: 'DNIS',
      ttlSeconds: 30,
      returnPoolHealth: false,
      access: { provideCode: false, codeLength: 6, requestBooking: undefined, serviceBooking: 30 },
    });
  });

  it('coerce the values sent, a configured option superseding the request', () => {
    const parsed = parseRequestInteraction(
      request(
        { _phone_number: '555', _provide_code: 'yes', _ttl: '60', _resource_group: 'sent' },
        { _service: 'request-interaction', _resource_group: 'configured', _access_code_length: '4' },
      ),
    );
    expect(parsed).toMatchObject({
      resourceGroup: 'configured',
      ttlSeconds: 60,
      access: { provideCode: true, codeLength: 4 },
    });
  });

  it('refuse a missing phone number and malformed values, naming the parameter', () => {
    expect(refusal(() => parseRequestInteraction(request({})))).toEqual({
      parameter: '_phone_number',
      message: "Parameter '_phone_number' is mandatory for request-interaction.",
    });
    expect(refusal(() => parseRequestInteraction(request({ _phone_number: '1', _ttl: 'x' })))).toEqual({
      parameter: '_ttl',
      message: "Parameter '_ttl' must be an integer, not 'x'.",
    });
    expect(
      refusal(() => parseRequestInteraction(request({ _phone_number: '1', _access_code_length: '21' }))),
    ).toEqual({
      parameter: '_access_code_length',
      message: "Parameter '_access_code_length' must be between 1 and 20, not 21.",
    });
  });

  it('report the first malformed parameter in the order they were always checked', () => {
    const bad = { _phone_number: '1', _provide_code: 'maybe', _ttl: '0', _return_pool_health: 'x' };
    expect(refusal(() => parseRequestInteraction(request(bad))).parameter).toBe('_ttl');
  });
});

describe('access options', () => {
  it('the booking: the request (body over query) wins over the group, which wins over the service', () => {
    const sent = parseAccessOptions(
      request(
        { _booking_expiration_timeout: '40' },
        { _booking_expiration_timeout: '90' },
        {
          _booking_expiration_timeout: '50',
        },
      ),
    );
    expect(bookingSeconds(sent, 70)).toBe(40);
    const configured = parseAccessOptions(request({}, { _booking_expiration_timeout: '90' }));
    expect(bookingSeconds(configured, 70)).toBe(70);
    expect(bookingSeconds(configured, undefined)).toBe(90);
    expect(bookingSeconds(parseAccessOptions(request({})), undefined)).toBe(30);
  });

  it('a blank booking sent in the request means the default, whatever the group says', () => {
    expect(bookingSeconds(parseAccessOptions(request({ _booking_expiration_timeout: ' ' })), 70)).toBe(30);
  });

  it('refuse a booking out of range', () => {
    expect(refusal(() => parseAccessOptions(request({ _booking_expiration_timeout: '86401' })))).toEqual({
      parameter: '_booking_expiration_timeout',
      message: "Parameter '_booking_expiration_timeout' must be between 1 and 86400, not 86401.",
    });
  });
});

describe('request-access parameters', () => {
  it('default the resource group to the one request-interaction uses', () => {
    expect(parseRequestAccess(request({ _id: 'abc' }))).toMatchObject({
      sessionId: 'abc',
      resourceGroup: 'DNIS',
      phoneNumber: undefined,
    });
  });

  it('refuse a missing or overlong _id', () => {
    expect(refusal(() => parseRequestAccess(request({ _id: ' ' }))).message).toBe(
      "Parameter '_id' (the service session id) is mandatory.",
    );
    expect(refusal(() => parseRequestAccess(request({ _id: 'x'.repeat(129) }))).message).toBe(
      "Parameter '_id' is at most 128 characters: it names a service session.",
    );
  });
});

describe('request-chat parameters', () => {
  it("take the template's ttl and flag defaults", () => {
    expect(parseRequestChat(request({ _target: ' ' }))).toEqual({
      ttlSeconds: 36_000,
      target: undefined,
      virtualQueue: undefined,
      disconnected400: false,
    });
  });
});

describe('match-interaction parameters', () => {
  it('either data flag asks for the data, and the refusal names the one sent', () => {
    expect(parseMatchInteraction(request({ _access_number: '1', _return_user_data: 'true' }))).toMatchObject({
      returnData: true,
      dataParameter: '_return_user_data',
      multiple: false,
    });
    expect(refusal(() => parseMatchInteraction(request({ _access_number: ' ' }))).message).toBe(
      "Parameter '_access_number' (the dialed number) is mandatory.",
    );
  });
});
