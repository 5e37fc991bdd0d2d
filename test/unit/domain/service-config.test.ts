import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  InvalidParameterError,
  NotFoundError,
  PayloadTooLargeError,
} from '../../../functions/domain/errors.js';
import { describeService } from '../../../functions/domain/service-config.js';
import { deleteServiceConfig } from '../../../functions/use-cases/admin/delete-service-config.js';
import { deleteTemplate } from '../../../functions/use-cases/admin/delete-template.js';
import { getTemplate, listTemplates } from '../../../functions/use-cases/admin/read-templates.js';
import { getServiceConfig } from '../../../functions/use-cases/admin/read-service-configs.js';
import { saveServiceConfig } from '../../../functions/use-cases/admin/save-service-config.js';
import { saveTemplate } from '../../../functions/use-cases/admin/save-template.js';
import { jsonFromZip, MAX_TEMPLATE_BYTES } from '../../../functions/domain/templates/template-file.js';
import type { ConfigEntry } from '../../../functions/domain/config-entry.js';
import { InMemoryConfigStore } from '../../support/in-memory-config-store.js';
import { InMemoryTemplateStore } from '../../support/in-memory-template-store.js';

const NOW = 1_700_000_000_000;

const ports = () => ({
  config: new InMemoryConfigStore(undefined, NOW),
  templates: new InMemoryTemplateStore(),
  clock: { now: () => NOW },
});

const helloTemplate = {
  name: 'hello-template',
  service: 'hello',
  description: 'An ORS hello-world service',
  options: [
    { name: '_type', default: 'ors', category: 'mandatory', type: 'enum', values: ['builtin', 'ors'] },
    { name: '_service', default: 'hello', category: 'mandatory' },
    { name: '_ors', category: 'mandatory', type: 'url', default: 'http://ors:7210' },
    { name: '_ttl', category: 'optional', type: 'integer', default: '3600', min: 1 },
  ],
};

async function rejected<E extends Error>(p: Promise<unknown>, type: new (...a: never[]) => E): Promise<E> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(type);
  return e as E;
}

describe('saveServiceConfig', () => {
  const seedExample = {
    _type: 'builtin',
    _service: 'request-interaction',
    _resource_group: 'DNIS',
    _provide_code: 'false',
  };

  it('stores a valid service as kind service, custom parameters included', async () => {
    const p = ports();
    const entry = await saveServiceConfig(p, 'ri', { ...seedExample, note: 'kept' });
    expect(entry).toMatchObject({ kind: 'service', name: 'ri', options: { ...seedExample, note: 'kept' } });
    expect((await p.config.get('service', 'ri'))?.options.note).toBe('kept');
  });

  it.each([
    ['missing _service', { _type: 'builtin' }, '_service'],
    ['blank _service', { _type: 'builtin', _service: ' ' }, '_service'],
    ['unknown _service', { _type: 'builtin', _service: 'teleport' }, '_service'],
    ['missing _type', { _service: 'match-interaction' }, '_type'],
    ['bad _type', { _type: 'java', _service: 'match-interaction' }, '_type'],
    ['missing mandatory option', { _type: 'builtin', _service: 'request-interaction' }, '_resource_group'],
    ['bad boolean', { ...seedExample, _provide_code: 'sure' }, '_provide_code'],
    ['bad integer', { ...seedExample, _ttl: 'forever' }, '_ttl'],
  ])('%s is a 400 naming %s, and nothing is stored', async (_what, options, parameter) => {
    const p = ports();
    const e = await rejected(
      saveServiceConfig(p, 'svc', options as Record<string, string>),
      InvalidParameterError,
    );
    expect(e.parameter).toBe(parameter);
    expect(await p.config.list('service')).toEqual([]);
  });

  it('validates against an uploaded template selected by its _service', async () => {
    const p = ports();
    await saveTemplate(p, helloTemplate);
    await expect(
      saveServiceConfig(p, 'hi', { _type: 'ors', _service: 'hello', _ors: 'http://ors:7210' }),
    ).resolves.toMatchObject({
      name: 'hi',
    });
    const e = await rejected(
      saveServiceConfig(p, 'hi2', { _type: 'ors', _service: 'hello' }),
      InvalidParameterError,
    );
    expect(e.parameter).toBe('_ors');
    const bad = await rejected(
      saveServiceConfig(p, 'hi3', { _type: 'ors', _service: 'hello', _ors: 'not a url' }),
      InvalidParameterError,
    );
    expect(bad.message).toMatch(/http/);
  });
});

describe('service views and lookups', () => {
  it('describes a service with its URL; callback services live under /service/callback', () => {
    const entry = (options: Record<string, string>): ConfigEntry => ({
      kind: 'service',
      name: 'x1',
      options,
      updatedAt: NOW,
    });
    expect(describeService(entry({ _service: 'get' }))).toEqual({
      name: 'x1',
      url: '/genesys/1/service/x1',
      options: { _service: 'get' },
    });
    expect(describeService(entry({ _service: 'callback' })).url).toBe('/genesys/1/service/callback/x1');
  });

  it('get and delete answer 404 for an unknown service', async () => {
    const p = ports();
    await rejected(getServiceConfig(p, 'nope'), NotFoundError);
    await rejected(deleteServiceConfig(p, 'nope'), NotFoundError);
  });
});

describe('template catalog', () => {
  it('lists built-ins first, marked builtin, then uploads', async () => {
    const p = ports();
    await saveTemplate(p, helloTemplate);
    const list = await listTemplates(p);
    expect(list.find((t) => t.name === 'callback')).toMatchObject({
      builtin: true,
      presets: expect.arrayContaining(['Chat-Delayed']),
    });
    expect(list.at(-1)).toEqual({
      name: 'hello-template',
      service: 'hello',
      description: 'An ORS hello-world service',
      builtin: false,
      presets: [],
    });
  });

  it('refuses to replace or delete a built-in, or to claim its _service', async () => {
    const p = ports();
    await rejected(saveTemplate(p, { ...helloTemplate, name: 'callback' }), ConflictError);
    await rejected(deleteTemplate(p, 'get'), ConflictError);
    const claim = {
      ...helloTemplate,
      name: 'my-get',
      service: 'get',
      options: [helloTemplate.options[0], { name: '_service', default: 'get', category: 'mandatory' }],
    };
    await rejected(saveTemplate(p, claim), ConflictError);
  });

  it('refuses a second template for the same _service but allows replacing the same one', async () => {
    const p = ports();
    await saveTemplate(p, helloTemplate);
    await saveTemplate(p, { ...helloTemplate, description: 'v2' });
    expect((await getTemplate(p, 'hello-template')).description).toBe('v2');
    await rejected(saveTemplate(p, { ...helloTemplate, name: 'hello-again' }), ConflictError);
  });

  it('takes the name from the path of a PUT and rejects a mismatch', async () => {
    const p = ports();
    const { name: _n, ...unnamed } = helloTemplate;
    await expect(saveTemplate(p, unnamed, 'from-path')).resolves.toMatchObject({
      name: 'from-path',
      builtin: false,
    });
    const e = await rejected(saveTemplate(p, helloTemplate, 'other'), InvalidParameterError);
    expect(e.parameter).toBe('name');
  });

  it('will not delete a template services still use, and 404s an unknown one', async () => {
    const p = ports();
    await saveTemplate(p, helloTemplate);
    await saveServiceConfig(p, 'hi', { _type: 'ors', _service: 'hello', _ors: 'http://ors:7210' });
    const e = await rejected(deleteTemplate(p, 'hello-template'), ConflictError);
    expect(e.message).toContain('hi');
    await deleteServiceConfig(p, 'hi');
    await deleteTemplate(p, 'hello-template');
    await rejected(getTemplate(p, 'hello-template'), NotFoundError);
    await rejected(deleteTemplate(p, 'hello-template'), NotFoundError);
  });
});

describe('jsonFromZip', () => {
  it('returns the one .json entry, ignoring folders and macOS metadata', () => {
    const zip = zipSync({
      'tpl/': new Uint8Array(),
      'tpl/hello.json': strToU8('{"a":1}'),
      '__MACOSX/tpl/._hello.json': strToU8('junk'),
    });
    expect(jsonFromZip(zip)).toBe('{"a":1}');
  });

  it('rejects zips with no or several templates', () => {
    expect(() => jsonFromZip(zipSync({ 'readme.txt': strToU8('hi') }))).toThrow(/exactly one .json/);
    expect(() => jsonFromZip(zipSync({ 'a.json': strToU8('{}'), 'b.json': strToU8('{}') }))).toThrow(
      /a.json, b.json/,
    );
  });

  it('stops inflating past the size cap (zip bomb)', () => {
    const bomb = zipSync({ 'bomb.json': new Uint8Array(MAX_TEMPLATE_BYTES * 2) });
    expect(bomb.length).toBeLessThan(MAX_TEMPLATE_BYTES / 10);
    expect(() => jsonFromZip(bomb)).toThrow(PayloadTooLargeError);
  });

  it('rejects garbage and truncated zips as bad input', () => {
    const e = (() => {
      try {
        jsonFromZip(Buffer.from('PK\u0003\u0004 this is not really a zip'));
      } catch (err) {
        return err as InvalidParameterError;
      }
    })();
    expect(e).toBeInstanceOf(InvalidParameterError);
    expect(e?.parameter).toBe('file');
    const whole = zipSync({ 't.json': strToU8(JSON.stringify({ pad: 'x'.repeat(5000) })) }, { level: 0 });
    expect(() => jsonFromZip(whole.subarray(0, 200))).toThrow(InvalidParameterError);
  });
});
