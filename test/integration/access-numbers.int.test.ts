import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../support/manual-clock.js';
import { formBody, jsonBody, startTestServer, type TestServer } from '../support/test-server.js';

const pool = (prefix: string, n: number, extra: Record<string, string> = {}) => {
  const options: Record<string, string> = { ...extra };
  for (let i = 1; i <= n; i++) options[`dnis${i}`] = `${prefix}${String(i).padStart(4, '0')}`;
  return options;
};

describe('access numbers: request-interaction, request-access, match-interaction', () => {
  let s: TestServer;
  const clock = new ManualClock();

  beforeAll(async () => {
    s = await startTestServer({ clock });
    const put = async (path: string, body: unknown) => {
      const res = await s.admin(path, jsonBody(body, 'PUT'));
      expect(res.status, await res.clone().text()).toBe(200);
    };
    await put('/admin/resources/Race', pool('650100', 50, { _booking_expiration_timeout: '30' }));
    await put(
      '/admin/resources/Small',
      pool('650200', 2, { _allocation_strategy: 'sequential', _booking_expiration_timeout: '20' }),
    );
    await put('/admin/resources/Codes', pool('650300', 3));
    await put(
      '/admin/resources/RaceSeq',
      pool('650700', 50, { _allocation_strategy: 'sequential', _booking_expiration_timeout: '30' }),
    );
    await put('/admin/services/ri-race-seq', {
      _type: 'builtin',
      _service: 'request-interaction',
      _resource_group: 'RaceSeq',
    });
    await put('/admin/services/ri-race', {
      _type: 'builtin',
      _service: 'request-interaction',
      _resource_group: 'Race',
    });
    await put('/admin/services/ri-small', {
      _type: 'builtin',
      _service: 'request-interaction',
      _resource_group: 'Small',
      _provide_code: 'false',
      _booking_expiration_timeout: '60',
    });
    await put('/admin/services/ri-code', {
      _type: 'builtin',
      _service: 'request-interaction',
      _resource_group: 'Codes',
      _provide_code: 'true',
      _access_code_length: '8',
    });
  });
  afterAll(async () => {
    await s?.stop();
  });

  const create = (service: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
    s.fetch(`/service/${service}`, {
      ...formBody(fields),
      headers: { ...formBody(fields).headers, ...headers },
    });
  const match = (fields: Record<string, string>) => s.fetch('/service/match-interaction', formBody(fields));

  it('200 concurrent requests on a pool of 50: exactly 50 numbers, never one twice, 150 clean 503s', async () => {
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        create('ri-race', { _phone_number: `555${String(i).padStart(4, '0')}` }),
      ),
    );
    const bodies = await Promise.all(results.map(async (r) => ({ status: r.status, body: await r.json() })));
    const ok = bodies.filter((b) => b.status === 200);
    const exhausted = bodies.filter((b) => b.status === 503);
    expect(ok).toHaveLength(50);
    expect(exhausted).toHaveLength(150);
    const numbers = ok.map((b) => b.body._access_number as string);
    expect(new Set(numbers).size).toBe(50);
    for (const n of numbers) expect(n).toMatch(/^6501000\d{3}$/);
    for (const b of exhausted) {
      expect(b.body).toMatchObject({ code: 503, resource_group: 'Race' });
      expect(b.body.message).toContain("No access number is available in resource group 'Race'");
    }
    const group = await (await s.admin('/admin/resources/Race')).json();
    expect(group).toMatchObject({ resource_available: 0, resource_total: 50 });

    // Matching releases: each matched number can be allocated again, and only once.
    const first = ok[0]!.body;
    const m = await match({ _access_number: first._access_number });
    expect(m.status).toBe(200);
    expect(await m.json()).toEqual({ _id: first._id, _data_id: first._data_id });
    expect((await match({ _access_number: first._access_number })).status).toBe(404);
    const again = await Promise.all(
      Array.from({ length: 5 }, () => create('ri-race', { _phone_number: '5550000' })),
    );
    expect(again.map((r) => r.status).sort()).toEqual([200, 503, 503, 503, 503]);

    // Lock expiry frees everything without any release call.
    clock.advance(31);
    const afterExpiry = await Promise.all(
      Array.from({ length: 60 }, () => create('ri-race', { _phone_number: '5550001' })),
    );
    const statuses = afterExpiry.map((r) => r.status);
    expect(statuses.filter((x) => x === 200)).toHaveLength(50);
    expect(statuses.filter((x) => x === 503)).toHaveLength(10);
  });

  it('sequential: 200 concurrent requests on a pool of 50, exactly 50 numbers, never one twice, 150 exhaustion 503s', async () => {
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        create('ri-race-seq', { _phone_number: `556${String(i).padStart(4, '0')}` }),
      ),
    );
    const bodies = await Promise.all(results.map(async (r) => ({ status: r.status, body: await r.json() })));
    const ok = bodies.filter((b) => b.status === 200);
    const numbers = ok.map((b) => b.body._access_number as string);
    expect(ok).toHaveLength(50);
    expect(new Set(numbers).size).toBe(50);
    for (const n of numbers) expect(n).toMatch(/^6507000\d{3}$/);
    // Every refusal is the pool being empty, none a give-up under contention.
    const refused = bodies.filter((b) => b.status !== 200);
    expect(refused).toHaveLength(150);
    for (const b of refused) expect(b.body).toMatchObject({ code: 503, resource_group: 'RaceSeq' });
    expect(await (await s.admin('/admin/resources/RaceSeq')).json()).toMatchObject({
      resource_available: 0,
      resource_total: 50,
    });
  });

  it('200 concurrent requests on a pool of 10,000: 200 different numbers, each matching back to its own session', async () => {
    const large: Record<string, string> = { _booking_expiration_timeout: '600' };
    for (let i = 0; i < 10_000; i++) large[`n${i}`] = `651${String(i).padStart(7, '0')}`;
    expect((await s.admin('/admin/resources/Large', jsonBody(large, 'PUT'))).status).toBe(200);
    expect(
      (
        await s.admin(
          '/admin/services/ri-large',
          jsonBody({ _type: 'builtin', _service: 'request-interaction', _resource_group: 'Large' }, 'PUT'),
        )
      ).status,
    ).toBe(200);
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        create('ri-large', { _phone_number: `557${String(i).padStart(4, '0')}` }),
      ),
    );
    const bodies = await Promise.all(results.map(async (r) => ({ status: r.status, body: await r.json() })));
    expect(bodies.filter((b) => b.status !== 200)).toEqual([]);
    const numbers = bodies.map((b) => b.body._access_number as string);
    expect(new Set(numbers).size).toBe(200);
    for (const n of numbers) expect(n).toMatch(/^651\d{7}$/);
    expect(await (await s.admin('/admin/resources/Large')).json()).toMatchObject({
      resource_available: 9_800,
      resource_total: 10_000,
    });
    // Each lock holds the session that was told the number: a lock another request overwrote
    // would match back to that other session.
    const matches = await Promise.all(
      bodies.map(async ({ body }) => {
        const m = await match({ _access_number: body._access_number });
        return { status: m.status, got: await m.json(), want: { _id: body._id, _data_id: body._data_id } };
      }),
    );
    for (const m of matches) {
      expect(m.status).toBe(200);
      expect(m.got).toEqual(m.want);
    }
    expect(await (await s.admin('/admin/resources/Large')).json()).toMatchObject({
      resource_available: 10_000,
    });
  });

  it('returns the GMS fields, stores application data, files and gms_user with the session', async () => {
    const form = new FormData();
    form.append('_phone_number', '6504669999');
    form.append('current_location_latitude', '48.8583');
    form.append('photo', new Blob([new Uint8Array([0, 1, 2, 255])], { type: 'image/png' }), 'p.png');
    const res = await s.fetch('/service/ri-small', {
      method: 'POST',
      body: form,
      headers: { gms_user: 'alice' },
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(Object.keys(body).sort()).toEqual(['_access_number', '_data_id', '_expiration_time', '_id']);
    expect(body._access_number).toBe('6502000001'); // sequential: configuration order
    // The service's own _booking_expiration_timeout (60) loses to the resource group's (20).
    expect(body._expiration_time).toBe(20);
    const data = await (await s.fetch(`/storage/${body._data_id}`)).json();
    expect(data).toMatchObject({ current_location_latitude: '48.8583' });
    expect(data).not.toHaveProperty('_phone_number');
    const photo = await s.fetch(`/storage/binary/${body._data_id}/photo`);
    expect(photo.headers.get('content-type')).toBe('image/png');
    expect([...new Uint8Array(await photo.arrayBuffer())]).toEqual([0, 1, 2, 255]);

    // DNIS + ANI: the wrong caller does not match; the right one does and frees the number.
    expect((await match({ _access_number: body._access_number, _phone_number: '1111111' })).status).toBe(404);
    const m = await match({
      _access_number: body._access_number,
      _phone_number: '+1 (650) 466-9999',
      _return_data: 'true',
    });
    expect(m.status).toBe(200);
    expect(await m.json()).toMatchObject({
      _id: body._id,
      _data_id: body._data_id,
      _data: { current_location_latitude: '48.8583' },
    });
  });

  it('request value of _booking_expiration_timeout wins over group and service', async () => {
    const res = await create('ri-small', { _phone_number: '1', _booking_expiration_timeout: '5' });
    const body = await res.json();
    expect(body._expiration_time).toBe(5);
    clock.advance(6);
    expect((await match({ _access_number: body._access_number })).status).toBe(404);
  });

  it('sequential strategy hands out the least recently released number next', async () => {
    clock.advance(120);
    const a = await (await create('ri-small', { _phone_number: '1' })).json();
    const b = await (await create('ri-small', { _phone_number: '2' })).json();
    expect(new Set([a._access_number, b._access_number]).size).toBe(2);
    expect((await create('ri-small', { _phone_number: '3' })).status).toBe(503);
    await match({ _access_number: b._access_number });
    clock.advance(1);
    await match({ _access_number: a._access_number });
    const c = await (await create('ri-small', { _phone_number: '4' })).json();
    expect(c._access_number).toBe(b._access_number);
  });

  it('DNIS + access code: codes come from configuration length, are required to match', async () => {
    const res = await create('ri-code', { _phone_number: '6504660000', _provide_code: 'false' });
    const body = await res.json();
    // Configured _provide_code=true supersedes the request's false.
    expect(body._access_code).toMatch(/^\d{8}$/);
    expect((await match({ _access_number: body._access_number })).status).toBe(404);
    expect(
      (
        await match({
          _access_number: body._access_number,
          _access_code: '00000000' === body._access_code ? '11111111' : '00000000',
        })
      ).status,
    ).toBe(404);
    const ok = await match({ _access_number: body._access_number, _access_code: body._access_code });
    expect(await ok.json()).toMatchObject({ _id: body._id });
  });

  it('request-access allocates for an existing session; match-interaction then finds that session', async () => {
    const session = await (await create('ri-code', { _phone_number: '6504661111' })).json();
    const res = await s.fetch(
      '/service/request-access',
      jsonBody({
        _id: session._id,
        _resource_group: 'Codes',
        _provide_code: 'true',
        _access_code_length: '4',
      }),
    );
    expect(res.status).toBe(200);
    const grant = await res.json();
    expect(grant._access_code).toMatch(/^\d{4}$/);
    expect(grant._expiration_time).toBe(30);
    const m = await match({
      _access_number: grant._access_number,
      _access_code: grant._access_code,
      _phone_number: '6504661111',
    });
    expect(await m.json()).toEqual({ _id: session._id, _data_id: session._data_id });
  });

  it('rejects bad input with a 4xx naming the parameter', async () => {
    const cases: [string, Record<string, string>, number, string][] = [
      ['ri-small', {}, 400, '_phone_number'],
      // No _resource_group means DNIS, which this server does not have (yet).
      ['request-interaction', { _phone_number: '1' }, 400, '_resource_group'],
      ['request-interaction', { _phone_number: '1', _resource_group: 'Nope' }, 400, '_resource_group'],
      [
        'ri-small',
        { _phone_number: '1', _booking_expiration_timeout: 'soon' },
        400,
        '_booking_expiration_timeout',
      ],
      [
        'request-interaction',
        { _phone_number: '1', _resource_group: 'Codes', _provide_code: 'maybe' },
        400,
        '_provide_code',
      ],
      [
        'request-interaction',
        { _phone_number: '1', _resource_group: 'Codes', _access_code_length: '99' },
        400,
        '_access_code_length',
      ],
      ['request-interaction', { _phone_number: '1', _resource_group: 'Codes', _ttl: '-1' }, 400, '_ttl'],
      // A parameter without a name could not be stored as session data (was a 500).
      ['request-interaction', { _phone_number: '1', _resource_group: 'Codes', '': 'x' }, 400, ''],
      ['request-access', { _resource_group: 'Codes' }, 400, '_id'],
      ['match-interaction', {}, 400, '_access_number'],
    ];
    for (const [service, fields, status, parameter] of cases) {
      const res = await create(service, fields);
      const body = await res.json();
      expect({ service, fields, status: res.status, parameter: body.parameter }).toEqual({
        service,
        fields,
        status,
        parameter,
      });
      expect(body.exception).toMatch(/^com\.genesyslab\./);
    }
    const unknownSession = await s.fetch(
      '/service/request-access',
      formBody({ _id: 'nope', _resource_group: 'Codes' }),
    );
    expect(unknownSession.status).toBe(404);
    const unknownService = await s.fetch('/service/doesnotexist', formBody({ a: 'b' }));
    expect(unknownService.status).toBe(404);
    expect(await unknownService.json()).toMatchObject({ code: 404, phrase: 'Not Found' });
  });

  it('a resource group with bad numbers or strategy is refused and nothing is stored', async () => {
    const bad = await s.admin('/admin/resources/Bad', jsonBody({ dnis1: 'call me' }, 'PUT'));
    expect(bad.status).toBe(400);
    expect((await bad.json()).parameter).toBe('dnis1');
    const dup = await s.admin('/admin/resources/Bad', jsonBody({ a: '123', b: '123' }, 'PUT'));
    expect((await dup.json()).parameter).toBe('b');
    const strategy = await s.admin('/admin/resources/Bad', jsonBody({ _allocation_strategy: 'lifo' }, 'PUT'));
    expect((await strategy.json()).parameter).toBe('_allocation_strategy');
    expect((await s.admin('/admin/resources/Bad')).status).toBe(404);
  });

  it('shrinking a group removes numbers; deleting it removes the pool', async () => {
    await s.admin('/admin/resources/Tmp', jsonBody(pool('650400', 5), 'PUT'));
    const res = await s.admin('/admin/resources/Tmp', jsonBody(pool('650400', 2), 'PUT'));
    expect(await res.json()).toMatchObject({ resource_total: 2, resource_available: 2 });
    const list = await (await s.admin('/admin/resources')).json();
    expect(list.map((g: { name: string }) => g.name)).toEqual(
      expect.arrayContaining(['Race', 'Small', 'Codes', 'Tmp']),
    );
    expect((await s.admin('/admin/resources/Tmp', { method: 'DELETE' })).status).toBe(200);
    expect((await s.admin('/admin/resources/Tmp')).status).toBe(404);
    expect((await s.admin('/admin/resources/Tmp', { method: 'DELETE' })).status).toBe(404);
  });

  it('_return_pool_health=true adds _pool_health {resource_available, resource_total}, after this allocation', async () => {
    await s.admin('/admin/resources/Health', jsonBody(pool('650500', 3), 'PUT'));
    const plain = await create('request-interaction', { _phone_number: '1', _resource_group: 'Health' });
    expect(plain.status).toBe(200);
    expect(await plain.json()).not.toHaveProperty('_pool_health');
    const res = await create('request-interaction', {
      _phone_number: '2',
      _resource_group: 'Health',
      _return_pool_health: 'true',
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body._pool_health).toEqual({ resource_available: 1, resource_total: 3 });
    expect(body._access_number).toMatch(/^6505000\d{3}$/);
    // A configured service can turn it on too.
    await s.admin(
      '/admin/services/ri-health',
      jsonBody(
        {
          _type: 'builtin',
          _service: 'request-interaction',
          _resource_group: 'Health',
          _return_pool_health: 'true',
        },
        'PUT',
      ),
    );
    const configured = await (await create('ri-health', { _phone_number: '3' })).json();
    expect(configured._pool_health).toEqual({ resource_available: 0, resource_total: 3 });
    const bad = await create('request-interaction', {
      _phone_number: '4',
      _resource_group: 'Health',
      _return_pool_health: 'maybe',
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).parameter).toBe('_return_pool_health');
  });

  it('request-interaction without _resource_group uses DNIS, as its template and request-access do', async () => {
    await s.admin('/admin/resources/DNIS', jsonBody(pool('650600', 2), 'PUT'));
    const res = await create('request-interaction', { _phone_number: '6504669999' });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body._access_number).toMatch(/^6506000\d{3}$/);
    const template = await (await s.admin('/admin/templates/request-interaction')).json();
    expect(template.options.find((o: { name: string }) => o.name === '_resource_group')).toMatchObject({
      default: 'DNIS',
    });
  });
});
