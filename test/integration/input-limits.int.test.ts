import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formBody, jsonBody, startTestServer, type TestServer } from '../support/test-server.js';

/**
 * Inputs longer than any DynamoDB key allows are refused at the edge: each case below answered a
 * 500 (`ValidationException: Hash primary key values must be under 2048 bytes`, or
 * `InternalFailure` for a 70 KB map key) before the caps.
 */
describe('over-long client input never reaches DynamoDB keys', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
    const res = await s.admin('/admin/resources/DNIS', jsonBody({ dnis1: '6504660001' }, 'PUT'));
    expect(res.status).toBe(200);
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('a 5000-character bearer token is just invalid credentials: 401', async () => {
    const res = await s.fetch('/admin/users', { headers: { authorization: `Bearer ${'a'.repeat(5000)}` } });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 401 });
    const logout = await s.fetch('/admin/logout', {
      method: 'POST',
      headers: { authorization: `Bearer ${'a'.repeat(5000)}` },
    });
    expect(logout.status).toBe(401);
  });

  it('Basic auth with a 3000-character username: 401', async () => {
    const authorization = `Basic ${Buffer.from(`${'u'.repeat(3000)}:password`).toString('base64')}`;
    const res = await s.fetch('/admin/users', { headers: { authorization } });
    expect(res.status).toBe(401);
    expect((await res.json()).code).toBe(401);
  });

  it('request-access with a 3000-digit _id: 400 naming _id', async () => {
    const res = await s.fetch('/service/request-access', formBody({ _id: '1'.repeat(3000) }));
    expect(res.status).toBe(400);
    expect((await res.json()).parameter).toBe('_id');
  });

  it('storage keys over 256 characters: 400 naming the key, form or JSON; 256 is fine', async () => {
    const key = 'k'.repeat(70 * 1024);
    for (const init of [formBody({ [key]: 'v' }), jsonBody({ [key]: 'v' })]) {
      const res = await s.fetch('/storage/60', init);
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body.parameter).toMatch(/^k+…$/);
      expect(body.message).toContain('256');
    }
    const ok = await s.fetch('/storage/60', formBody({ ['k'.repeat(256)]: 'v' }));
    expect(ok.status).toBe(200);
    const { id } = await ok.json();
    const update = await s.fetch(`/storage/${id}/60`, formBody({ ['x'.repeat(257)]: 'v' }));
    expect(update.status).toBe(400);
  });

  it('request-interaction application data with a 70 KB key: 400, and the number stays free', async () => {
    const res = await s.fetch(
      '/service/request-interaction',
      formBody({ _phone_number: '5551234', _resource_group: 'DNIS', ['d'.repeat(70 * 1024)]: 'v' }),
    );
    expect(res.status).toBe(400);
    const ok = await s.fetch(
      '/service/request-interaction',
      formBody({ _phone_number: '5551234', _resource_group: 'DNIS', note: 'v' }),
    );
    expect(ok.status).toBe(200);
  });
});
