import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonBody, startTestServer, type TestServer } from '../support/test-server.js';

let s: TestServer;

beforeAll(async () => {
  s = await startTestServer();
});

afterAll(async () => {
  await s?.stop();
});

/** The seed's request-interaction example. */
const SEED_SERVICE = {
  _type: 'builtin',
  _service: 'request-interaction',
  _resource_group: 'DNIS',
  _provide_code: 'false',
};

const helloTemplate = (name = 'hello-template', service = 'hello') => ({
  name,
  service,
  description: 'ORS hello world',
  options: [
    { name: '_type', default: 'ors', category: 'mandatory', type: 'enum', values: ['builtin', 'ors'] },
    { name: '_service', default: service, category: 'mandatory' },
    { name: 'greeting_count', default: '1', category: 'mandatory', type: 'integer', min: 1 },
  ],
});

async function body(res: Response): Promise<Record<string, unknown>> {
  return (await res.json()) as Record<string, unknown>;
}

const putService = (name: string, options: unknown) =>
  s.admin(`/admin/services/${name}`, jsonBody(options, 'PUT'));

function upload(file: Blob, filename: string, field = 'file') {
  const form = new FormData();
  form.append(field, file, filename);
  return s.admin('/admin/templates', { method: 'POST', body: form });
}

async function expect400(res: Response, parameter: string): Promise<Record<string, unknown>> {
  const b = await body(res);
  expect(res.status, JSON.stringify(b)).toBe(400);
  expect(b).toMatchObject({ code: 400, parameter });
  expect(b.message).toEqual(expect.any(String));
  return b;
}

describe('services', () => {
  it('PUT stores a service and answers its view with the URL clients call', async () => {
    const res = await putService('ri-dnis', SEED_SERVICE);
    expect(res.status).toBe(200);
    expect(await body(res)).toEqual({
      name: 'ri-dnis',
      url: '/genesys/1/service/ri-dnis',
      options: SEED_SERVICE,
    });
  });

  it('GET one and GET all return it; DELETE removes it', async () => {
    await putService('ri-list', SEED_SERVICE);
    const one = await s.admin('/admin/services/ri-list');
    expect(one.status).toBe(200);
    expect(await body(one)).toEqual({
      name: 'ri-list',
      url: '/genesys/1/service/ri-list',
      options: SEED_SERVICE,
    });

    const all = (await (await s.admin('/admin/services')).json()) as { name: string }[];
    expect(all.map((x) => x.name)).toContain('ri-list');

    const del = await s.admin('/admin/services/ri-list', { method: 'DELETE' });
    expect(del.status).toBe(200);
    expect(await body(del)).toEqual({ deleted: 'ri-list' });
    expect((await s.admin('/admin/services/ri-list')).status).toBe(404);
  });

  it('PUT replaces the whole option map', async () => {
    await putService('ri-replace', { ...SEED_SERVICE, note: 'first' });
    await putService('ri-replace', { ...SEED_SERVICE, _provide_code: 'true' });
    const b = await body(await s.admin('/admin/services/ri-replace'));
    expect(b.options).toEqual({ ...SEED_SERVICE, _provide_code: 'true' });
  });

  it('callback services are listed under /service/callback/{name}', async () => {
    const res = await putService('cb1', {
      _type: 'ors',
      _service: 'callback',
      _call_direction: 'USERTERMINATED',
    });
    expect(res.status).toBe(200);
    expect((await body(res)).url).toBe('/genesys/1/service/callback/cb1');
  });

  it('numbers and booleans in the JSON body are stored as strings', async () => {
    const res = await putService('lb', {
      _type: 'builtin',
      _service: 'get',
      _online_code: 200,
      _offline_code: 503,
      flag: true,
    });
    expect(res.status).toBe(200);
    expect((await body(res)).options).toEqual({
      _type: 'builtin',
      _service: 'get',
      _online_code: '200',
      _offline_code: '503',
      flag: 'true',
    });
  });

  it('the stored service is the one the Service API runs', async () => {
    await putService('lb-live', {
      _type: 'builtin',
      _service: 'get',
      _online_code: '200',
      _offline_code: '503',
      region: 'eu',
    });
    const res = await s.fetch('/service/lb-live');
    expect(res.status).toBe(200);
    expect(await body(res)).toEqual({ region: 'eu' });
  });

  describe('bad input is a 400 naming the parameter, and stores nothing', () => {
    it.each([
      ['missing _service', { _type: 'builtin', _resource_group: 'DNIS' }, '_service'],
      ['unknown _service', { _type: 'builtin', _service: 'teleport' }, '_service'],
      ['missing _type', { _service: 'match-interaction' }, '_type'],
      ['_type neither builtin nor ors', { _type: 'built-in', _service: 'match-interaction' }, '_type'],
      ['missing mandatory option', { _type: 'builtin', _service: 'request-interaction' }, '_resource_group'],
      ['bad _provide_code', { ...SEED_SERVICE, _provide_code: 'perhaps' }, '_provide_code'],
      [
        'bad integer',
        { _type: 'builtin', _service: 'get', _online_code: 'fine', _offline_code: '503' },
        '_online_code',
      ],
      ['nested object value', { ...SEED_SERVICE, extra: { a: 1 } }, 'extra'],
    ])('%s', async (_what, options, parameter) => {
      const b = await expect400(await putService('bad-svc', options), parameter);
      if (parameter === '_service' && 'message' in b) expect(b.message).toMatch(/_service/);
      expect((await s.admin('/admin/services/bad-svc')).status).toBe(404);
    });

    it('a non-object JSON body', async () => {
      await expect400(await putService('bad-svc', ['_service', 'get']), 'body');
      await expect400(await putService('bad-svc', 'request-interaction'), 'body');
    });

    it('malformed JSON', async () => {
      const res = await s.admin('/admin/services/bad-svc', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: '{"_service":',
      });
      await expect400(res, 'body');
    });

    it('a service name with characters GMS does not allow', async () => {
      await expect400(await putService('bad%20name', SEED_SERVICE), 'name');
    });
  });

  it('GET and DELETE of an unknown service are 404', async () => {
    expect((await s.admin('/admin/services/ghost')).status).toBe(404);
    const del = await s.admin('/admin/services/ghost', { method: 'DELETE' });
    expect(del.status).toBe(404);
    expect(await body(del)).toMatchObject({ code: 404, exception: expect.stringContaining('NotFound') });
  });

  it('needs admin credentials', async () => {
    expect((await s.fetch('/admin/services')).status).toBe(401);
  });
});

describe('templates', () => {
  it('lists the built-in templates, marked builtin', async () => {
    const res = await s.admin('/admin/templates');
    expect(res.status).toBe(200);
    const list = (await res.json()) as { name: string; builtin: boolean; presets: string[] }[];
    for (const name of [
      'request-interaction',
      'request-access',
      'match-interaction',
      'get',
      'basic_get',
      'office-hours',
      'request-chat',
      'callback',
    ]) {
      expect(
        list.find((t) => t.name === name),
        name,
      ).toMatchObject({ builtin: true });
    }
    expect(list.find((t) => t.name === 'callback')!.presets).toContain('User-Originated-Immediate');
  });

  it('GET one returns the whole document with options and presets', async () => {
    const res = await s.admin('/admin/templates/callback');
    expect(res.status).toBe(200);
    const t = (await res.json()) as {
      builtin: boolean;
      service: string;
      options: { name: string; category: string; section?: string }[];
      presets: { name: string; options: Record<string, string> }[];
    };
    expect(t.builtin).toBe(true);
    expect(t.service).toBe('callback');
    expect(t.options.find((o) => o.name === '_type')).toMatchObject({ category: 'mandatory' });
    expect(t.options.find((o) => o.name === '_urs_virtual_queue')).toMatchObject({ section: 'URS Queuing' });
    expect(t.presets.find((p) => p.name === 'Chat-Delayed')!.options).toMatchObject({
      _media_type: 'chat',
      _wait_for_agent: 'true',
    });
  });

  it('GET of an unknown template is 404', async () => {
    expect((await s.admin('/admin/templates/ghost')).status).toBe(404);
  });

  it('built-in templates can be neither deleted nor replaced (409)', async () => {
    const del = await s.admin('/admin/templates/get', { method: 'DELETE' });
    expect(del.status).toBe(409);
    expect(await body(del)).toMatchObject({ code: 409, exception: expect.stringContaining('Conflict') });
    const put = await s.admin('/admin/templates/get', jsonBody(helloTemplate('get', 'get2'), 'PUT'));
    expect(put.status).toBe(409);
    expect((await s.admin('/admin/templates/get')).status).toBe(200);
  });

  it('uploads a JSON template and validates services against it', async () => {
    const res = await s.admin('/admin/templates', jsonBody(helloTemplate()));
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await body(res)).toMatchObject({ name: 'hello-template', service: 'hello', builtin: false });

    const list = (await (await s.admin('/admin/templates')).json()) as { name: string; builtin: boolean }[];
    expect(list.find((t) => t.name === 'hello-template')).toMatchObject({ builtin: false });

    const ok = await putService('hi', { _type: 'ors', _service: 'hello', greeting_count: '3' });
    expect(ok.status).toBe(200);
    await expect400(
      await putService('hi-bad', { _type: 'ors', _service: 'hello', greeting_count: 'many' }),
      'greeting_count',
    );
    await expect400(await putService('hi-missing', { _type: 'ors', _service: 'hello' }), 'greeting_count');

    // In use: the template cannot go until its services do.
    expect((await s.admin('/admin/templates/hello-template', { method: 'DELETE' })).status).toBe(409);
    expect((await s.admin('/admin/services/hi', { method: 'DELETE' })).status).toBe(200);
    expect((await s.admin('/admin/templates/hello-template', { method: 'DELETE' })).status).toBe(200);
    expect((await s.admin('/admin/templates/hello-template')).status).toBe(404);
    await expect400(
      await putService('hi', { _type: 'ors', _service: 'hello', greeting_count: '3' }),
      '_service',
    );
  });

  it('PUT creates or replaces an uploaded template under the path name', async () => {
    const { name: _n, ...doc } = helloTemplate('unused', 'greeter');
    const res = await s.admin('/admin/templates/greeter', jsonBody(doc, 'PUT'));
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await body(res)).toMatchObject({ name: 'greeter', service: 'greeter' });
    const again = await s.admin(
      '/admin/templates/greeter',
      jsonBody({ ...doc, description: 'second' }, 'PUT'),
    );
    expect(again.status).toBe(200);
    expect(await body(await s.admin('/admin/templates/greeter'))).toMatchObject({
      description: 'second',
      builtin: false,
    });
  });

  it('uploads a zip holding one .json template (multipart field file)', async () => {
    const zip = zipSync({
      'zipped/zipped.json': strToU8(JSON.stringify(helloTemplate('zipped', 'zipped-service'))),
    });
    const res = await upload(new Blob([zip], { type: 'application/zip' }), 'zipped.zip');
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await body(res)).toMatchObject({ name: 'zipped', service: 'zipped-service', builtin: false });
    const got = await body(await s.admin('/admin/templates/zipped'));
    expect(got.options).toHaveLength(3);
    expect(
      (await putService('z1', { _type: 'ors', _service: 'zipped-service', greeting_count: '2' })).status,
    ).toBe(200);
  });

  it('uploads a .json file (multipart field file)', async () => {
    const res = await upload(
      new Blob([JSON.stringify(helloTemplate('as-file', 'file-service'))], { type: 'application/json' }),
      'as-file.json',
    );
    expect(res.status, await res.clone().text()).toBe(200);
    expect((await s.admin('/admin/templates/as-file')).status).toBe(200);
  });

  describe('invalid uploads are 400 and store nothing', () => {
    it('a template without a mandatory _service option', async () => {
      const t = helloTemplate('broken');
      const res = await s.admin('/admin/templates', jsonBody({ ...t, options: [t.options[0]] }));
      await expect400(res, 'options');
      expect((await s.admin('/admin/templates/broken')).status).toBe(404);
    });

    it('an option with an unknown category names the field', async () => {
      const t = helloTemplate('broken');
      const res = await s.admin(
        '/admin/templates',
        jsonBody({ ...t, options: [...t.options, { name: 'x', category: 'often' }] }),
      );
      await expect400(res, 'options.3.category');
    });

    it('a zip without a .json, a zip with two, and a corrupt zip', async () => {
      await expect400(await upload(new Blob([zipSync({ 'a.txt': strToU8('x') })]), 'a.zip'), 'file');
      const two = zipSync({ 'a.json': strToU8('{}'), 'b.json': strToU8('{}') });
      await expect400(await upload(new Blob([two]), 'two.zip'), 'file');
      await expect400(
        await upload(new Blob([Buffer.from('PK\u0003\u0004 not a zip at all')]), 'bad.zip'),
        'file',
      );
      await expect400(await upload(new Blob(['not a zip']), 'bad.zip'), 'file');
    });

    it('a file that is not JSON', async () => {
      await expect400(await upload(new Blob(['{"name":']), 'half.json'), 'file');
    });

    it('a multipart upload without the file field', async () => {
      await expect400(await upload(new Blob(['{}']), 'x.json', 'document'), 'file');
    });

    it('a zip bomb is refused (413) as soon as it inflates past the cap', async () => {
      const bomb = zipSync({ 'bomb.json': new Uint8Array(4 * 1024 * 1024) });
      const res = await upload(new Blob([bomb]), 'bomb.zip');
      expect(res.status).toBe(413);
    });

    it('a template claiming a built-in _service is a conflict', async () => {
      const res = await s.admin('/admin/templates', jsonBody(helloTemplate('my-callback', 'callback')));
      expect(res.status).toBe(409);
    });
  });
});
