import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basic, jsonBody, startTestServer, type TestServer } from '../support/test-server.js';

/**
 * In AWS user `default` is seeded from the stack's secret and must change that password first;
 * the local runtime seeds it the same way with `initialAdmin: {kind: 'aws'}`.
 */
describe('first login of the AWS-seeded default user', () => {
  let s: TestServer;
  const initial = 'from-secrets-manager-Xq81';
  const next = 'a-new-long-password';
  const as = (password: string) => ({ headers: { authorization: basic('default', password) } });
  const change = (auth: string, body: Record<string, string>, user = 'default') =>
    s.fetch(`/admin/users/${user}/password`, {
      ...jsonBody(body, 'PUT'),
      headers: { 'content-type': 'application/json', authorization: auth },
    });

  beforeAll(async () => {
    s = await startTestServer({ initialAdmin: { kind: 'aws', password: initial } });
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('refuses every admin call and login with a 403 saying how to change the password', async () => {
    for (const res of [
      await s.fetch('/admin/services', as(initial)),
      await s.fetch('/admin/users', as(initial)),
      await s.fetch('/admin/login', jsonBody({ username: 'default', password: initial })),
    ]) {
      expect(res.status).toBe(403);
      const body = await res.json();
      expect(body).toMatchObject({
        code: 403,
        error: 'password-change-required',
        change_password: 'PUT /genesys/1/admin/users/default/password',
      });
      expect(body.message).toContain(
        "Password of user 'default' must be changed before use: PUT /genesys/1/admin/users/default/password",
      );
      expect(body).not.toHaveProperty('token');
    }
    // The flag answers only the right password: a wrong one is still a plain 401.
    expect((await s.fetch('/admin/services', as('wrong-password'))).status).toBe(401);
    // Login handed out no token.
    const tokens = await s.deps.doc.send(
      new ScanCommand({ TableName: s.deps.runtime.tables.tokens, ConsistentRead: true }),
    );
    expect(tokens.Items ?? []).toEqual([]);
  });

  it('refuses a too-short, unchanged or unproven new password, and another user’s', async () => {
    const short = await change(basic('default', initial), {
      current_password: initial,
      new_password: 'short-pw',
    });
    expect(short.status).toBe(400);
    expect(await short.json()).toMatchObject({ parameter: 'new_password' });

    const same = await change(basic('default', initial), {
      current_password: initial,
      new_password: initial,
    });
    expect(same.status).toBe(400);
    expect(await same.json()).toMatchObject({ parameter: 'new_password' });

    const wrongCurrent = await change(basic('default', initial), {
      current_password: 'not-the-password',
      new_password: next,
    });
    expect(wrongCurrent.status).toBe(400);
    expect(await wrongCurrent.json()).toMatchObject({ parameter: 'current_password' });

    const other = await change(
      basic('default', initial),
      { current_password: initial, new_password: next },
      'someone',
    );
    expect(other.status).toBe(403);
    expect((await other.json()).message).toMatch(/only its own password/);

    // None of that changed anything.
    expect((await s.fetch('/admin/services', as(initial))).status).toBe(403);
    expect((await s.deps.users.get('default'))?.mustChangePassword).toBe(true);
  });

  it('changes the password with the current credentials; then it works and the old one is dead', async () => {
    const res = await change(basic('default', initial), { current_password: initial, new_password: next });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toMatchObject({ username: 'default', roles: ['Administrator'] });
    expect((await s.deps.users.get('default'))?.mustChangePassword).toBeUndefined();

    expect((await s.fetch('/admin/services', as(next))).status).toBe(200);
    expect((await s.fetch('/admin/services', as(initial))).status).toBe(401);
    const login = await s.fetch('/admin/login', jsonBody({ username: 'default', password: next }));
    expect(login.status).toBe(200);
    const { token } = await login.json();
    expect((await s.fetch('/admin/users', { headers: { authorization: `Bearer ${token}` } })).status).toBe(
      200,
    );
    expect((await s.fetch('/admin/login', jsonBody({ username: 'default', password: initial }))).status).toBe(
      401,
    );

    // Changing again with a bearer token asks the current password too, and ends that token.
    const again = await change(`Bearer ${token}`, { current_password: next, new_password: `${next}-2` });
    expect(again.status).toBe(200);
    expect((await s.fetch('/admin/users', { headers: { authorization: `Bearer ${token}` } })).status).toBe(
      401,
    );
    expect((await s.fetch('/admin/users', as(`${next}-2`))).status).toBe(200);
  });
});

describe('the locally seeded default user', () => {
  it('keeps default/password usable without a change, as GMS documents', async () => {
    const s = await startTestServer();
    try {
      expect((await s.admin('/admin/services')).status).toBe(200);
      expect((await s.deps.users.get('default'))?.mustChangePassword).toBeUndefined();
      // Passwords set through the API are at least 12 characters.
      const res = await s.admin(
        '/admin/users/newbie',
        jsonBody({ password: 'elevenchars', roles: ['Supervisor'] }, 'PUT'),
      );
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({
        parameter: 'password',
        message: expect.stringContaining('at least 12 characters'),
      });
      const ok = await s.admin(
        '/admin/users/newbie',
        jsonBody({ password: 'twelve-chars', roles: ['Supervisor'] }, 'PUT'),
      );
      expect(ok.status).toBe(200);
    } finally {
      await s.stop();
    }
  });
});
