import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultServiceOptions } from '../../functions/domain/service-template.js';
import { builtinTemplate } from '../../functions/domain/templates/index.js';
import { basic, formBody, jsonBody, startTestServer, type TestServer } from '../support/test-server.js';

const TARGET = 'Billing@StatServer.GA';
const API_KEY = '3f9c1e7a5b2d4c6e8f0a1b2c3d4e5f60';
const SERVER_KEY = 'server-key-0123456789abcdef0123';

const callbackService = (extra: Record<string, string> = {}) => ({
  ...defaultServiceOptions(builtinTemplate('callback')!, 'User-Terminated-Scheduled'),
  _target: TARGET,
  ...extra,
});

const later = () => new Date(Date.now() + 2 * 3600_000).toISOString();

async function expect401(res: Response, realm?: string) {
  const body = (await res.json()) as Record<string, unknown>;
  expect(res.status, JSON.stringify(body)).toBe(401);
  expect(body).toMatchObject({
    code: 401,
    phrase: 'Unauthorized',
    exception: 'com.genesyslab.gsg.security.AuthenticationException',
  });
  expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm="/);
  if (realm) expect(res.headers.get('www-authenticate')).toContain(`realm="${realm}"`);
}

describe('public API lock-down', () => {
  let s: TestServer;
  let n = 0;
  const customer = () => `5552${String(++n).padStart(6, '0')}`;

  const putService = async (name: string, options: Record<string, string>) => {
    const res = await s.admin(`/admin/services/${name}`, jsonBody(options, 'PUT'));
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as { options: Record<string, string> };
  };
  const putServer = async (settings: Record<string, string>) => {
    const res = await s.admin('/admin/server', jsonBody(settings, 'PUT'));
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as Record<string, string>;
  };
  const create = async (service: string, headers: Record<string, string> = {}) => {
    const number = customer();
    const res = await s.fetch(`/service/callback/${service}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ _customer_number: number, _desired_time: later() }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    return { id: ((await res.json()) as { _id: string })._id, number };
  };
  const update = (service: string, id: string, headers: Record<string, string> = {}) =>
    s.fetch(`/service/callback/${service}/${id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ note: 'edited' }),
    });

  beforeAll(async () => {
    s = await startTestServer();
    await s.admin('/admin/resources/DNIS', jsonBody({ dnis1: '6504000001' }, 'PUT'));
    await putService('open-cb', callbackService());
    await putService(
      'locked-cb',
      callbackService({ username: 'app', password: 'app-secret', api_key: API_KEY }),
    );
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('is off by default: unfiltered query, PUT and DELETE answer 200 without credentials', async () => {
    const { id } = await create('open-cb');
    const list = await s.fetch('/service/callback/open-cb');
    expect(list.status).toBe(200);
    expect(((await list.json()) as { _id: string }[]).map((r) => r._id)).toContain(id);
    expect((await update('open-cb', id)).status).toBe(200);
    expect((await s.fetch(`/service/callback/open-cb/${id}`, { method: 'DELETE' })).status).toBe(200);
    const settings = await s.admin('/admin/server');
    expect(settings.status).toBe(200);
    expect(await settings.json()).toEqual({});
  });

  it('with service authentication, query, PUT and DELETE need Basic credentials or the API key', async () => {
    const { id } = await create('locked-cb', { authorization: basic('app', 'app-secret') });
    await expect401(await s.fetch('/service/callback/locked-cb'), 'Genesys Application Configuration Needed');
    await expect401(await update('locked-cb', id));
    await expect401(await s.fetch(`/service/callback/locked-cb/${id}`, { method: 'DELETE' }));
    await expect401(await s.fetch('/service/callback/locked-cb/availability'));
    await expect401(await s.fetch('/service/callback/locked-cb', formBody({ _customer_number: customer() })));

    // Wrong password, wrong user, wrong key.
    await expect401(
      await s.fetch('/service/callback/locked-cb', { headers: { authorization: basic('app', 'nope') } }),
    );
    await expect401(
      await s.fetch('/service/callback/locked-cb', {
        headers: { authorization: basic('other', 'app-secret') },
      }),
    );
    await expect401(
      await s.fetch('/service/callback/locked-cb', { headers: { 'x-api-key': `${API_KEY}x` } }),
    );

    const withBasic = await s.fetch('/service/callback/locked-cb', {
      headers: { authorization: basic('app', 'app-secret') },
    });
    expect(withBasic.status).toBe(200);
    expect(((await withBasic.json()) as { _id: string }[]).map((r) => r._id)).toContain(id);
    expect((await update('locked-cb', id, { 'x-api-key': API_KEY })).status).toBe(200);
    const cancel = await s.fetch(`/service/callback/locked-cb/${id}`, {
      method: 'DELETE',
      headers: { 'x-api-key': API_KEY },
    });
    expect(cancel.status).toBe(200);
  });

  it('a by-customer query leaves out callbacks of a locked service unless the request carries its credentials', async () => {
    const { id, number } = await create('locked-cb', { 'x-api-key': API_KEY });
    const anonymous = await s.fetch(`/service/callback?_customer_number=${number}`);
    expect(anonymous.status).toBe(200);
    expect(await anonymous.json()).toEqual([]);
    expect(await (await s.fetch(`/service/callback?_id=${id}`)).json()).toEqual([]);
    const authorized = await s.fetch(`/service/callback?_customer_number=${number}`, {
      headers: { 'x-api-key': API_KEY },
    });
    expect(((await authorized.json()) as { _id: string }[]).map((r) => r._id)).toEqual([id]);
  });

  it('refuses an unfiltered query when the service says so, and allows it with a filter', async () => {
    await putService('filtered-cb', callbackService({ _allow_unfiltered_query: 'false' }));
    const { number } = await create('filtered-cb');
    const res = await s.fetch('/service/callback/filtered-cb');
    const body = (await res.json()) as Record<string, unknown>;
    expect(res.status).toBe(400);
    expect(body).toMatchObject({ code: 400, parameter: 'filter' });
    expect(String(body.message)).toContain('filter');
    expect((await s.fetch('/service/callback/filtered-cb?operand=OR')).status).toBe(400);
    // A state is no filter: `!COMPLETED` would list every live callback.
    expect((await s.fetch('/service/callback/filtered-cb?_callback_state=!COMPLETED')).status).toBe(400);
    expect(
      (
        await s.fetch(
          `/service/callback/filtered-cb?operand=OR&_customer_number=${number}&_callback_state=QUEUED`,
        )
      ).status,
    ).toBe(400);
    const filtered = await s.fetch(`/service/callback/filtered-cb?_customer_number=${number}`);
    expect(filtered.status).toBe(200);
    expect(((await filtered.json()) as unknown[]).length).toBe(1);
  });

  it('never returns a configured secret in clear, and the mask keeps the stored one', async () => {
    const got = await s.admin('/admin/services/locked-cb');
    const text = await got.text();
    expect(text).not.toContain('app-secret');
    expect(text).not.toContain(API_KEY);
    const view = JSON.parse(text) as { options: Record<string, string> };
    expect(view.options).toMatchObject({ username: 'app', password: '********', api_key: '********' });
    const list = await (await s.admin('/admin/services')).text();
    expect(list).not.toContain('app-secret');
    expect(list).not.toMatch(/scrypt\$|sha256\$/);

    // Saving what the UI shows (the masks) keeps the secrets working.
    await putService('locked-cb', view.options);
    const ok = await s.fetch('/service/callback/locked-cb', {
      headers: { authorization: basic('app', 'app-secret') },
    });
    expect(ok.status).toBe(200);
    // A mask with nothing stored is refused, naming the option.
    const refused = await s.admin(
      '/admin/services/new-cb',
      jsonBody(callbackService({ password: '********' }), 'PUT'),
    );
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ parameter: 'password' });
    // A short API key is refused.
    const weak = await s.admin(
      '/admin/services/new-cb',
      jsonBody(callbackService({ api_key: 'short' }), 'PUT'),
    );
    expect(weak.status).toBe(400);
    expect(await weak.json()).toMatchObject({ parameter: 'api_key' });

    // A get service answers its custom options, never its authentication ones.
    await putService('info', {
      _type: 'builtin',
      _service: 'get',
      _online_code: '200',
      _offline_code: '503',
      motd: 'hi',
      username: 'app',
      password: 'get-secret',
    });
    const info = await s.fetch('/service/info', { headers: { authorization: basic('app', 'get-secret') } });
    expect(info.status).toBe(200);
    expect(await info.json()).toEqual({ motd: 'hi' });
  });

  describe('server-wide settings', () => {
    afterAll(async () => {
      await putServer({});
    });

    it('apply to storage and the service API; a service with its own credentials wins', async () => {
      await putService('ri', { _type: 'builtin', _service: 'request-interaction', _resource_group: 'DNIS' });
      const saved = await putServer({
        realm: 'Acme GMS',
        username: 'srv',
        password: 'srv-secret',
        api_key: SERVER_KEY,
      });
      expect(saved).toEqual({
        realm: 'Acme GMS',
        username: 'srv',
        password: '********',
        api_key: '********',
      });
      const read = await (await s.admin('/admin/server')).text();
      expect(read).not.toContain('srv-secret');
      expect(read).not.toContain(SERVER_KEY);

      // Storage.
      await expect401(await s.fetch('/storage/60', formBody({ k: 'v' })), 'Acme GMS');
      const stored = await s.fetch('/storage/60', {
        ...formBody({ k: 'v' }),
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: basic('srv', 'srv-secret'),
        },
      });
      expect(stored.status, await stored.clone().text()).toBe(200);
      const { id: storageId } = (await stored.json()) as { id: string };
      await expect401(await s.fetch(`/storage/${storageId}`));
      expect((await s.fetch(`/storage/${storageId}`, { headers: { 'x-api-key': SERVER_KEY } })).status).toBe(
        200,
      );

      // Service API: a service without credentials of its own takes the server's.
      await expect401(await s.fetch('/service/ri', formBody({ _phone_number: '5551234' })));
      // An unknown service name cannot be told from a known one without credentials.
      await expect401(await s.fetch('/service/no-such-service', formBody({})));
      const ri = await s.fetch('/service/ri', {
        ...formBody({ _phone_number: '5551234' }),
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-api-key': SERVER_KEY },
      });
      expect(ri.status, await ri.clone().text()).toBe(200);

      // locked-cb has its own credentials: the server's are refused there, its own accepted.
      await expect401(await s.fetch('/service/callback/locked-cb', { headers: { 'x-api-key': SERVER_KEY } }));
      await expect401(
        await s.fetch('/service/callback/locked-cb', {
          headers: { authorization: basic('srv', 'srv-secret') },
        }),
      );
      expect(
        (await s.fetch('/service/callback/locked-cb', { headers: { 'x-api-key': API_KEY } })).status,
      ).toBe(200);
      // open-cb has none: the server's apply.
      await expect401(await s.fetch('/service/callback/open-cb'));
      expect(
        (
          await s.fetch('/service/callback/open-cb', {
            headers: { authorization: basic('srv', 'srv-secret') },
          })
        ).status,
      ).toBe(200);

      // Health stays open; the management API keeps its own users.
      expect((await s.fetch('/health')).status).toBe(200);
    });

    it('refuses unknown settings and bad numbers with a 400 naming them', async () => {
      const typo = await s.admin('/admin/server', jsonBody({ pasword: 'x' }, 'PUT'));
      expect(typo.status).toBe(400);
      const bad = await s.admin('/admin/server', jsonBody({ rate_limit_requests: 'many' }, 'PUT'));
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ parameter: 'rate_limit_requests' });
      const anonymous = await s.fetch('/admin/server');
      expect(anonymous.status).toBe(401);
    });
  });
});

describe('per-client rate limit', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('is off by default, then answers 429 with Retry-After past N requests from one source', async () => {
    for (let i = 0; i < 15; i++) expect((await s.fetch('/storage/no-such-id')).status).toBe(404);
    const saved = await s.admin(
      '/admin/server',
      jsonBody({ rate_limit_requests: 3, rate_limit_window: 3600 }, 'PUT'),
    );
    expect(saved.status).toBe(200);
    expect(await saved.json()).toEqual({ rate_limit_requests: '3', rate_limit_window: '3600' });
    for (let i = 0; i < 3; i++) expect((await s.fetch('/storage/no-such-id')).status).toBe(404);
    const limited = await s.fetch('/storage/no-such-id');
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(await limited.json()).toMatchObject({
      code: 429,
      exception: 'com.genesyslab.gsg.services.TooManyRequestsException',
    });
    // Every public area counts against the same client; management and health do not.
    expect((await s.fetch('/service/callback/x')).status).toBe(429);
    expect((await s.fetch('/health')).status).toBe(200);
    expect((await s.admin('/admin/server')).status).toBe(200);
  });
});

describe('guessing a configured password', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('locks the source out after 100 wrong Basic passwords: 429 before any hash, the right one too', async () => {
    const saved = await s.admin(
      '/admin/server',
      jsonBody({ username: 'app', password: 'right-password-1' }, 'PUT'),
    );
    expect(saved.status).toBe(200);
    expect(
      (await s.fetch('/storage/no-such-id', { headers: { authorization: basic('app', 'right-password-1') } }))
        .status,
    ).toBe(404);
    // Each guess is a new header (a cached verdict would not reach the hash, nor the count).
    for (let i = 0; i < 100; i++) {
      const res = await s.fetch('/storage/no-such-id', {
        headers: { authorization: basic('app', `guess-${i}`) },
      });
      expect(res.status, `guess ${i}`).toBe(401);
    }
    const locked = await s.fetch('/storage/no-such-id', {
      headers: { authorization: basic('app', 'guess-100') },
    });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await locked.json()).toMatchObject({ code: 429, phrase: 'Too Many Requests' });
    // The right password in a header this instance has not verified yet is refused too (the same
    // credentials with the scheme spelled `basic`): no hash runs while the source is locked.
    const right = await s.fetch('/storage/no-such-id', {
      headers: { authorization: basic('app', 'right-password-1').replace(/^Basic/, 'basic') },
    });
    expect(right.status).toBe(429);
    // Management is a different door with its own (user) limits.
    expect((await s.admin('/admin/server')).status).toBe(200);
  });
});

describe('match-interaction under server-wide Basic', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
    for (const [path, body] of [
      ['/admin/resources/DNIS', { dnis1: '6504661001', dnis2: '6504661002' }],
      ['/admin/services/ri', { _type: 'builtin', _service: 'request-interaction', _resource_group: 'DNIS' }],
      ['/admin/server', { username: 'app', password: 'public-secret-1' }],
    ] as const) {
      const res = await s.admin(path, jsonBody(body, 'PUT'));
      expect(res.status, await res.clone().text()).toBe(200);
    }
  });
  afterAll(async () => {
    await s?.stop();
  });

  it("matches with the public API's Basic credentials, which are not taken for a user login", async () => {
    const auth = { authorization: basic('app', 'public-secret-1') };
    const granted = await s.fetch('/service/ri', {
      ...formBody({ _phone_number: '5551230000' }),
      headers: { ...formBody({}).headers, ...auth },
    });
    expect(granted.status, await granted.clone().text()).toBe(200);
    const { _id, _access_number } = await granted.json();
    for (let i = 0; i < 12; i++) {
      // Misses first: were the header taken for a login of user `app`, these would lock it out.
      const miss = await s.fetch('/service/match-interaction', {
        ...formBody({ _access_number: '6504669999' }),
        headers: { ...formBody({}).headers, ...auth },
      });
      expect(miss.status, await miss.clone().text()).toBe(404);
    }
    const matched = await s.fetch('/service/match-interaction', {
      ...formBody({ _access_number, _phone_number: '5551230000' }),
      headers: { ...formBody({}).headers, ...auth },
    });
    expect(matched.status, await matched.clone().text()).toBe(200);
    expect((await matched.json())._id).toBe(_id);
  });
});
