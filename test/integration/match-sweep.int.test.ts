import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchFailureKey, MATCH_FAILURE_LIMIT } from '../../functions/domain/match-limit.js';
import { ManualClock } from '../support/manual-clock.js';
import {
  ADMIN_AUTH,
  basic,
  formBody,
  jsonBody,
  startTestServer,
  type TestServer,
} from '../support/test-server.js';

const POOL = Array.from({ length: 60 }, (_, i) => `65090${String(i + 1).padStart(5, '0')}`);

/** A POST from another loopback address, i.e. another source for the server. */
function postFrom(localAddress: string, url: string, fields: Record<string, string>) {
  const body = new URLSearchParams(fields).toString();
  return new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        localAddress,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('match-interaction cannot be used to sweep an access-number pool', () => {
  let s: TestServer;
  // In the middle of a minute, so the one-minute failure window does not roll over mid-test.
  const clock = new ManualClock(Date.parse('2026-11-23T12:00:10Z'));
  const match = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
    s.fetch('/service/match-interaction', {
      ...formBody(fields),
      headers: { ...formBody(fields).headers, ...headers },
    });
  const available = async () =>
    (await (await s.admin('/admin/resources/Sweep')).json()).resource_available as number;
  const nextWindow = () => clock.advance(MATCH_FAILURE_LIMIT.windowSeconds);
  const failures = () =>
    s.deps.attempts.count(matchFailureKey('127.0.0.1'), MATCH_FAILURE_LIMIT.windowSeconds, clock.now());

  beforeAll(async () => {
    s = await startTestServer({ clock });
    const put = async (path: string, body: unknown) => {
      const res = await s.admin(path, jsonBody(body, 'PUT'));
      expect(res.status, await res.clone().text()).toBe(200);
    };
    const pool: Record<string, string> = { _booking_expiration_timeout: '600' };
    POOL.forEach((n, i) => (pool[`dnis${i + 1}`] = n));
    await put('/admin/resources/Sweep', pool);
    await put('/admin/services/ri-sweep', {
      _type: 'builtin',
      _service: 'request-interaction',
      _resource_group: 'Sweep',
    });
    await put('/admin/services/ri-sweep-code', {
      _type: 'builtin',
      _service: 'request-interaction',
      _resource_group: 'Sweep',
      _provide_code: 'true',
    });
    await put('/admin/users/ivr', { password: 'ivr-password', roles: ['Supervisor'] });
    await put('/admin/users/reader', { password: 'reader-password', roles: ['CallbackReadOnly'] });
  });
  afterAll(async () => {
    await s?.stop();
  });

  /** A live session holding a number of the pool, with application data. */
  const session = async (fields: Record<string, string>, service = 'ri-sweep') => {
    const res = await s.fetch(`/service/${service}`, formBody({ secret: 'account 1234', ...fields }));
    expect(res.status).toBe(200);
    return (await res.json()) as {
      _id: string;
      _data_id: string;
      _access_number: string;
      _access_code?: string;
    };
  };

  it('a match on the number alone still works, as in GMS, without the data', async () => {
    const a = await session({ _phone_number: '6505551001' });
    const m = await match({ _access_number: a._access_number });
    expect(m.status).toBe(200);
    expect(await m.json()).toEqual({ _id: a._id, _data_id: a._data_id });
  });

  it('_return_data without proof is refused (403 naming it) and the number stays held', async () => {
    const a = await session({ _phone_number: '6505551002' });
    const before = await available();
    const refused = await match({ _access_number: a._access_number, _return_data: 'true' });
    expect(refused.status).toBe(403);
    const body = await refused.json();
    expect(body).toMatchObject({ code: 403, parameter: '_return_data' });
    expect(body.message).toContain('_return_data');
    expect(JSON.stringify(body)).not.toContain('account 1234');
    expect(await available()).toBe(before);

    // A read-only viewer's credentials are not the telephony side's; wrong ones are a 401.
    const viewer = await match(
      { _access_number: a._access_number, _return_data: 'true' },
      { authorization: basic('reader', 'reader-password') },
    );
    expect(viewer.status).toBe(403);
    const wrong = await match(
      { _access_number: a._access_number, _return_data: 'true' },
      { authorization: basic('ivr', 'not-it') },
    );
    expect(wrong.status).toBe(401);
    expect(await available()).toBe(before);

    // The session's own caller still matches it afterwards.
    const ok = await match({
      _access_number: a._access_number,
      _phone_number: '+1 650 555 1002',
      _return_data: 'true',
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ _id: a._id, _data_id: a._data_id, _data: { secret: 'account 1234' } });
    expect(await available()).toBe(before + 1);
  });

  it('_return_data answers the ANI, the access code, and the telephony credentials', async () => {
    const byAni = await session({ _phone_number: '6505551003' });
    const ani = await match({
      _access_number: byAni._access_number,
      _phone_number: '6505551003',
      _return_data: 'true',
    });
    expect((await ani.json())._data).toEqual({ secret: 'account 1234' });

    const byCode = await session({ _phone_number: '6505551010' }, 'ri-sweep-code');
    expect(byCode._access_code).toMatch(/^\d+$/);
    const code = await match({
      _access_number: byCode._access_number,
      _access_code: byCode._access_code!,
      _return_data: 'true',
    });
    expect(code.status).toBe(200);
    expect((await code.json())._data).toEqual({ secret: 'account 1234' });

    const byBasic = await session({ _phone_number: '6505551011' });
    const basicAuth = await match(
      { _access_number: byBasic._access_number, _return_data: 'true' },
      { authorization: basic('ivr', 'ivr-password') },
    );
    expect(basicAuth.status).toBe(200);
    expect(await basicAuth.json()).toEqual({
      _id: byBasic._id,
      _data_id: byBasic._data_id,
      _data: { secret: 'account 1234' },
    });

    const login = await (
      await s.fetch('/admin/login', jsonBody({ username: 'ivr', password: 'ivr-password' }))
    ).json();
    const byToken = await session({ _phone_number: '6505551004' });
    const bearer = await match(
      { _access_number: byToken._access_number, _return_data: 'true' },
      { authorization: `Bearer ${login.token}` },
    );
    expect(bearer.status).toBe(200);
    expect((await bearer.json())._data).toEqual({ secret: 'account 1234' });
  });

  it('a sweep over the pool range gets 429 after the limit, before any lookup or release', async () => {
    // Earlier tests' sessions have expired: every number but this session's is free.
    clock.advance(601);
    const live = await session({ _phone_number: '6505551005' });
    const free = POOL.filter((n) => n !== live._access_number);
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (const number of free.slice(0, MATCH_FAILURE_LIMIT.maxFailures + 5)) {
      const res = await match({ _access_number: number });
      statuses.push(res.status);
      if (res.status === 429) {
        retryAfter = res.headers.get('retry-after');
        expect(await res.json()).toMatchObject({ code: 429 });
      }
    }
    expect(statuses.slice(0, MATCH_FAILURE_LIMIT.maxFailures)).toEqual(
      Array(MATCH_FAILURE_LIMIT.maxFailures).fill(404),
    );
    expect(statuses.slice(MATCH_FAILURE_LIMIT.maxFailures)).toEqual([429, 429, 429, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(Number(retryAfter)).toBeLessThanOrEqual(MATCH_FAILURE_LIMIT.windowSeconds);
    // Refused requests are not counted: the limit cannot be pushed further by hammering.
    expect(await failures()).toBe(MATCH_FAILURE_LIMIT.maxFailures);

    // The live number, found by the sweep now, is neither matched nor released.
    const before = await available();
    expect((await match({ _access_number: live._access_number })).status).toBe(429);
    expect(await available()).toBe(before);

    // Another source is not affected, nor is the telephony side with its credentials.
    const other = await postFrom('127.0.0.2', `${s.api}/service/match-interaction`, {
      _access_number: free[0]!,
    });
    expect(other.status).toBe(404);
    const ivr = await match(
      { _access_number: live._access_number, _return_data: 'true' },
      { authorization: ADMIN_AUTH },
    );
    expect(ivr.status).toBe(200);
    expect(await ivr.json()).toMatchObject({ _id: live._id, _data: { secret: 'account 1234' } });

    // The window over, the source may match again.
    nextWindow();
    const again = await session({ _phone_number: '6505551006' });
    const res = await match({ _access_number: again._access_number, _phone_number: '6505551006' });
    expect(res.status).toBe(200);
    expect((await res.json())._id).toBe(again._id);
  });
});
