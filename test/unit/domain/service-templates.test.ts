import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../../functions/domain/errors.js';
import {
  defaultServiceOptions,
  optionValueProblem,
  parseServiceTemplate,
  type TemplateOption,
} from '../../../functions/domain/service-template.js';
import { validateServiceOptions } from '../../../functions/domain/service-config.js';
import { BUILTIN_TEMPLATES, builtinTemplate } from '../../../functions/domain/templates/index.js';

const option = (o: Partial<TemplateOption> & Pick<TemplateOption, 'type'>): TemplateOption => ({
  name: 'opt',
  description: '',
  category: 'optional',
  ...o,
});

/** The smallest valid uploaded template. */
const minimal = () => ({
  name: 'hello-template',
  service: 'hello',
  options: [
    { name: '_type', default: 'ors', category: 'mandatory', type: 'enum', values: ['builtin', 'ors'] },
    { name: '_service', default: 'hello', category: 'mandatory' },
  ],
});

function rejection(fn: () => unknown): InvalidParameterError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidParameterError);
    return e as InvalidParameterError;
  }
  throw new Error('expected an InvalidParameterError');
}

describe('built-in templates', () => {
  it('are the seed services plus capacity, each for its own _service', () => {
    expect(BUILTIN_TEMPLATES.map((t) => t.name).sort()).toEqual([
      'basic_get',
      'callback',
      'capacity',
      'get',
      'match-interaction',
      'office-hours',
      'request-access',
      'request-chat',
      'request-interaction',
    ]);
    for (const t of BUILTIN_TEMPLATES) expect(t.service).toBe(t.name);
  });

  it.each(BUILTIN_TEMPLATES.map((t) => [t.name, t] as const))(
    '%s declares _type and _service as mandatory, with defaults',
    (_name, t) => {
      const type = t.options.find((o) => o.name === '_type')!;
      const service = t.options.find((o) => o.name === '_service')!;
      expect(type.category).toBe('mandatory');
      expect(service.category).toBe('mandatory');
      expect(service.default).toBe(t.service);
      expect(['builtin', 'ors']).toContain(type.default);
    },
  );

  it.each(BUILTIN_TEMPLATES.map((t) => [t.name, t] as const))(
    '%s: a service built from its defaults validates',
    (_n, t) => {
      const options = defaultServiceOptions(t);
      expect(options._service).toBe(t.service);
      expect(() => validateServiceOptions(t, options)).not.toThrow();
    },
  );

  it('request-interaction defaults follow the seed: DNIS, no access code, 30 s', () => {
    expect(defaultServiceOptions(builtinTemplate('request-interaction')!)).toEqual({
      _type: 'builtin',
      _service: 'request-interaction',
      _resource_group: 'DNIS',
      _provide_code: 'false',
      _ttl: '30',
      _return_pool_health: 'false',
      _access_code_length: '6',
    });
  });

  it('get defaults answer 200 online and 503 offline', () => {
    const options = defaultServiceOptions(builtinTemplate('get')!);
    expect(options).toMatchObject({ _online_code: '200', _offline_code: '503' });
  });

  it('request parameters carry no default: configuring one would override the request', () => {
    for (const t of BUILTIN_TEMPLATES) {
      for (const o of t.options.filter((x) => x.category === 'request-parameter')) {
        expect(o.default, `${t.name}.${o.name}`).toBeUndefined();
      }
    }
  });
});

describe('callback presets', () => {
  const callback = builtinTemplate('callback')!;

  it('are the seven scenarios', () => {
    expect(callback.presets!.map((p) => p.name)).toEqual([
      'User-Originated-Immediate',
      'User-Originated-Delayed',
      'User-Terminated-Immediate',
      'User-Terminated-Delayed',
      'User-Terminated-Scheduled',
      'Chat-Immediate',
      'Chat-Delayed',
    ]);
  });

  it.each(callback.presets!.map((p) => [p.name] as const))(
    '%s: a service built from the preset validates',
    (name) => {
      const options = defaultServiceOptions(callback, name);
      expect(() => validateServiceOptions(callback, options)).not.toThrow();
      expect(options._service).toBe('callback');
    },
  );

  it('User-Originated-Immediate takes the seed table values', () => {
    expect(defaultServiceOptions(callback, 'User-Originated-Immediate')).toMatchObject({
      _call_direction: 'USERORIGINATED',
      _media_type: 'voice',
      _wait_for_agent: 'false',
      _wait_for_user_confirm: 'false',
      _urs_prioritization_strategy: 'WaitForTarget',
      _urs_strategy_update_subroutine: 'SetRouteDelay',
      _booking_expiration_timeout: '30',
      _provide_code: 'false',
      _resource_group: 'DNIS',
      _userorig_connect_limit: '3',
    });
  });

  it('delayed scenarios wait for an agent and for the user; chat ones use chat media', () => {
    expect(defaultServiceOptions(callback, 'User-Originated-Delayed')).toMatchObject({
      _wait_for_agent: 'true',
      _wait_for_user_confirm: 'true',
    });
    expect(defaultServiceOptions(callback, 'Chat-Delayed')).toMatchObject({
      _media_type: 'chat',
      _wait_for_agent: 'true',
      _wait_for_user_confirm: 'true',
    });
    expect(defaultServiceOptions(callback, 'Chat-Immediate')).toMatchObject({
      _media_type: 'chat',
      _urs_strategy_update_subroutine: 'GetRouteDelay',
    });
  });

  it('groups options in the seed categories', () => {
    const section = (name: string) => callback.options.find((o) => o.name === name)?.section;
    expect(section('_target')).toBe('URS Queuing');
    expect(section('_userorig_connect_limit')).toBe('Voice-User Originated');
    expect(section('_treatment_waiting_for_agent')).toBe('Voice Treatment');
    expect(section('_call_direction')).toBe('General');
  });

  it('an unknown preset is a 400 naming preset', () => {
    expect(rejection(() => defaultServiceOptions(callback, 'Carrier-Pigeon')).parameter).toBe('preset');
  });
});

describe('validateServiceOptions', () => {
  const ri = builtinTemplate('request-interaction')!;
  const valid = {
    _type: 'builtin',
    _service: 'request-interaction',
    _resource_group: 'DNIS',
    _provide_code: 'false',
  };

  it('accepts the seed example and custom parameters', () => {
    expect(() => validateServiceOptions(ri, { ...valid, my_custom: 'anything' })).not.toThrow();
  });

  it('names a missing mandatory option', () => {
    const { _resource_group: _omit, ...rest } = valid;
    const e = rejection(() => validateServiceOptions(ri, rest));
    expect(e.parameter).toBe('_resource_group');
    expect(e.message).toMatch(/mandatory/);
  });

  it('treats a blank mandatory option as missing', () => {
    expect(rejection(() => validateServiceOptions(ri, { ...valid, _resource_group: '  ' })).parameter).toBe(
      '_resource_group',
    );
  });

  it('names a bad boolean and says what was expected', () => {
    const e = rejection(() => validateServiceOptions(ri, { ...valid, _provide_code: 'maybe' }));
    expect(e.parameter).toBe('_provide_code');
    expect(e.message).toMatch(/boolean/);
    expect(e.message).toContain("'maybe'");
  });

  it('names a bad integer and an out-of-range one', () => {
    expect(rejection(() => validateServiceOptions(ri, { ...valid, _ttl: '30s' })).message).toMatch(/integer/);
    const get = builtinTemplate('get')!;
    const base = { _type: 'builtin', _service: 'get', _online_code: '200', _offline_code: '503' };
    const e = rejection(() => validateServiceOptions(get, { ...base, _offline_code: '999' }));
    expect(e.parameter).toBe('_offline_code');
    expect(e.message).toMatch(/at most 599/);
  });

  it('checks enum values and time zones', () => {
    const cb = builtinTemplate('callback')!;
    const base = defaultServiceOptions(cb);
    expect(
      rejection(() => validateServiceOptions(cb, { ...base, _call_direction: 'SIDEWAYS' })).parameter,
    ).toBe('_call_direction');
    expect(
      rejection(() => validateServiceOptions(cb, { ...base, _request_time_bucket: '7' })).message,
    ).toMatch(/one of 5, 10, 15/);
    const oh = builtinTemplate('office-hours')!;
    const hours = defaultServiceOptions(oh);
    expect(() => validateServiceOptions(oh, { ...hours, _timezone: 'Europe/Paris' })).not.toThrow();
    expect(
      rejection(() => validateServiceOptions(oh, { ...hours, _timezone: 'Europe/Atlantis' })).parameter,
    ).toBe('_timezone');
  });

  it('accepts an empty optional value ("not specified") and a $token$ placeholder', () => {
    expect(() => validateServiceOptions(ri, { ...valid, _ttl: '' })).not.toThrow();
    expect(() => validateServiceOptions(ri, { ...valid, _provide_code: '$code$' })).not.toThrow();
  });
});

describe('optionValueProblem', () => {
  it('reads booleans the way the services do', () => {
    for (const v of ['true', 'FALSE', '1', '0', 'yes', 'no'])
      expect(optionValueProblem(option({ type: 'boolean' }), v)).toBeUndefined();
    expect(optionValueProblem(option({ type: 'boolean' }), 'on')).toMatch(/boolean/);
  });

  it('checks JSON, ISO date-times and http URLs', () => {
    expect(optionValueProblem(option({ type: 'json' }), '{"1":{"0900":5}}')).toBeUndefined();
    expect(optionValueProblem(option({ type: 'json' }), '{1:2}')).toMatch(/JSON/);
    expect(optionValueProblem(option({ type: 'time' }), '2013-05-28T15:30:00.000Z')).toBeUndefined();
    expect(optionValueProblem(option({ type: 'time' }), '2013-05-28')).toMatch(/ISO-8601/);
    expect(optionValueProblem(option({ type: 'url' }), 'http://urs:7311')).toBeUndefined();
    expect(optionValueProblem(option({ type: 'url' }), 'ftp://urs')).toMatch(/http/);
  });

  it('rejects an empty mandatory value', () => {
    expect(optionValueProblem(option({ type: 'string', category: 'mandatory' }), '')).toMatch(/empty/);
  });
});

describe('parseServiceTemplate', () => {
  it('accepts a minimal template and fills in descriptions and types', () => {
    const t = parseServiceTemplate(minimal());
    expect(t.options[1]).toEqual({
      name: '_service',
      default: 'hello',
      category: 'mandatory',
      type: 'string',
      description: '',
    });
  });

  it.each([
    ['missing _service option', { options: [minimal().options[0]] }, 'options'],
    [
      'optional _type',
      { options: [{ ...minimal().options[0], category: 'optional' }, minimal().options[1]] },
      'options',
    ],
    [
      'bad category',
      { options: [...minimal().options, { name: 'x', category: 'sometimes' }] },
      'options.2.category',
    ],
    [
      'bad type',
      { options: [...minimal().options, { name: 'x', category: 'optional', type: 'float' }] },
      'options.2.type',
    ],
    [
      'enum without values',
      { options: [...minimal().options, { name: 'x', category: 'optional', type: 'enum' }] },
      'options.2.values',
    ],
    [
      'default of the wrong type',
      {
        options: [...minimal().options, { name: 'x', category: 'optional', type: 'integer', default: 'ten' }],
      },
      'options.2.default',
    ],
    ['duplicate option', { options: [...minimal().options, minimal().options[1]] }, 'options.2.name'],
    ['_service default disagreeing', { service: 'other' }, 'options'],
    ['bad name', { name: 'has space' }, 'name'],
    [
      'preset value of the wrong type',
      {
        options: [...minimal().options, { name: 'n', category: 'optional', type: 'integer' }],
        presets: [{ name: 'P', options: { n: 'lots' } }],
      },
      'presets.0.options.n',
    ],
  ])('rejects %s, naming %s', (_what, patch, parameter) => {
    const e = rejection(() => parseServiceTemplate({ ...minimal(), ...patch }));
    expect(e.parameter).toBe(parameter);
  });

  it('rejects non-objects', () => {
    expect(rejection(() => parseServiceTemplate([])).parameter).toBe('template');
    expect(rejection(() => parseServiceTemplate('x')).parameter).toBe('template');
  });
});
