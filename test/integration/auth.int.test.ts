import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_ROUTES } from '../../functions/routes/index.js';
import { ADMIN_AUTH, basic, jsonBody, startTestServer, type TestServer } from '../support/test-server.js';

/** A concrete path for a route template, with harmless values for its variables. */
const concrete = (path: string) => path.replace(/\{status\}/, 'ONLINE').replace(/\{[^}]+\}/g, 'x1');

describe('authentication and roles on every management route', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
    for (const [name, roles] of [
      ['viewer', ['CallbackReadOnly']],
      ['super', ['Supervisor']],
    ] as const) {
      const res = await s.admin(
        `/admin/users/${name}`,
        jsonBody({ password: 'secret-password', roles }, 'PUT'),
      );
      expect(res.status).toBe(200);
    }
  });
  afterAll(async () => {
    await s?.stop();
  });

  const protectedRoutes = ALL_ROUTES.filter((r) => r.access !== 'public');

  it('the route table protects all management and node routes', () => {
    for (const r of ALL_ROUTES) {
      if (r.path.startsWith('/genesys/1/admin/') && r.operationId !== 'login') {
        expect({ route: r.operationId, access: r.access }).not.toEqual({
          route: r.operationId,
          access: 'public',
        });
      }
    }
    expect(protectedRoutes.length).toBeGreaterThan(20);
  });

  it('401 without credentials and with wrong ones, on every protected route', async () => {
    for (const [i, r] of protectedRoutes.entries()) {
      const path = concrete(r.path).replace('/genesys/1', '');
      // A wrong password costs a full scrypt verification: try it on a few routes, the cheap cases on all.
      const wrongPassword = i < 3 ? [basic('default', 'wrong')] : [];
      // One unknown name per route: a single name would be locked out (429) after 10 failures.
      for (const authorization of [
        undefined,
        ...wrongPassword,
        basic(`nobody${i}`, 'password'),
        'Bearer nope',
        'Digest x',
      ]) {
        const res = await s.fetch(path, {
          method: r.method,
          headers: authorization ? { authorization } : {},
        });
        expect({ route: r.operationId, authorization, status: res.status }).toEqual({
          route: r.operationId,
          authorization,
          status: 401,
        });
        const body = await res.json();
        expect(body.code).toBe(401);
        if (!authorization) expect(res.headers.get('www-authenticate')).toContain('Basic');
      }
    }
  });

  it('403 for a role the route does not allow, never 401/403 for one it does', async () => {
    const tokens: Record<string, string> = {};
    for (const user of ['viewer', 'super']) {
      const res = await s.fetch('/admin/login', jsonBody({ username: user, password: 'secret-password' }));
      tokens[user] = `Bearer ${(await res.json()).token}`;
    }
    for (const r of protectedRoutes) {
      if (r.access === 'public') continue;
      const path = concrete(r.path).replace('/genesys/1', '');
      for (const [user, role] of [
        ['viewer', 'CallbackReadOnly'],
        ['super', 'Supervisor'],
      ] as const) {
        // These would change the node, or revoke the token, for the checks that follow.
        if (r.operationId === 'nodeChangeStatus' || r.operationId === 'logout') continue;
        const res = await s.fetch(path, { method: r.method, headers: { authorization: tokens[user]! } });
        const allowed = r.access.roles.includes(role);
        if (allowed)
          expect({ route: r.operationId, role, status: res.status }).not.toMatchObject({ status: 403 });
        else
          expect({ route: r.operationId, role, status: res.status }).toEqual({
            route: r.operationId,
            role,
            status: 403,
          });
      }
    }
  });

  it('bearer tokens from admin/login work until logout', async () => {
    const bad = await s.fetch('/admin/login', jsonBody({ username: 'default', password: 'nope' }));
    expect(bad.status).toBe(401);
    const missing = await s.fetch('/admin/login', jsonBody({ username: 'default' }));
    expect(missing.status).toBe(400);
    expect((await missing.json()).parameter).toBe('password');

    const res = await s.fetch('/admin/login', jsonBody({ username: 'default', password: 'password' }));
    expect(res.status).toBe(200);
    const login = await res.json();
    expect(login).toMatchObject({ token_type: 'Bearer', username: 'default', roles: ['Administrator'] });
    const auth = { authorization: `Bearer ${login.token}` };
    const status = await s.fetch('/admin/node/status', { headers: auth });
    expect(status.status).toBe(200);
    expect(status.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await status.text()).toBe('ONLINE');
    expect((await s.fetch('/admin/logout', { method: 'POST', headers: auth })).status).toBe(200);
    expect((await s.fetch('/admin/node/status', { headers: auth })).status).toBe(401);
  });

  it('node status: changestatus OFFLINE then ONLINE (conformance 1-2), bad status 400', async () => {
    const off = await s.admin('/admin/node/changestatus/OFFLINE', { method: 'POST' });
    expect(off.status).toBe(200);
    expect(await (await s.admin('/admin/node/status')).text()).toBe('OFFLINE');
    await s.admin('/admin/node/changestatus/ONLINE', { method: 'POST' });
    expect(await (await s.admin('/admin/node/status')).text()).toBe('ONLINE');
    const bad = await s.admin('/admin/node/changestatus/SLEEPING', { method: 'POST' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).parameter).toBe('status');
  });

  it('users: passwords are write-only, roles validated, the last Administrator stays', async () => {
    const list = await (await s.admin('/admin/users')).json();
    expect(list.map((u: { username: string }) => u.username).sort()).toEqual(['default', 'super', 'viewer']);
    for (const u of list) expect(u).not.toHaveProperty('passwordHash');
    const noPassword = await s.admin('/admin/users/newbie', jsonBody({ roles: ['Supervisor'] }, 'PUT'));
    expect((await noPassword.json()).parameter).toBe('password');
    const badRole = await s.admin(
      '/admin/users/newbie',
      jsonBody({ password: 'long-enough-pw', roles: ['Root'] }, 'PUT'),
    );
    expect(badRole.status).toBe(400);
    expect((await badRole.json()).parameter).toBe('roles.0');
    const short = await s.admin(
      '/admin/users/newbie',
      jsonBody({ password: 'short', roles: ['Supervisor'] }, 'PUT'),
    );
    expect((await short.json()).parameter).toBe('password');
    const lastAdmin = await s.admin('/admin/users/default', { method: 'DELETE' });
    expect(lastAdmin.status).toBe(409);
    // Changing roles keeps the password.
    await s.admin('/admin/users/super', jsonBody({ roles: ['Supervisor', 'CallbackReadOnly'] }, 'PUT'));
    const again = await s.fetch('/admin/node/status', {
      headers: { authorization: basic('super', 'secret-password') },
    });
    expect(again.status).toBe(200);
    expect((await s.admin('/admin/users/viewer', { method: 'DELETE' })).status).toBe(200);
    expect(
      (await s.fetch('/admin/users', { headers: { authorization: basic('viewer', 'secret-password') } }))
        .status,
    ).toBe(401);
  });

  it('the last Administrator cannot demote itself (409), one of two can', async () => {
    const demote = await s.admin('/admin/users/default', jsonBody({ roles: ['CallbackReadOnly'] }, 'PUT'));
    expect(demote.status).toBe(409);
    expect((await demote.json()).message).toContain('last Administrator');
    expect((await s.admin('/admin/users')).status).toBe(200);
    expect((await (await s.admin('/admin/users/default')).json()).roles).toEqual(['Administrator']);

    const second = await s.admin(
      '/admin/users/admin2',
      jsonBody({ password: 'secret-password', roles: ['Administrator'] }, 'PUT'),
    );
    expect(second.status).toBe(200);
    const ok = await s.admin('/admin/users/admin2', jsonBody({ roles: ['Supervisor'] }, 'PUT'));
    expect(ok.status).toBe(200);
    expect((await ok.json()).roles).toEqual(['Supervisor']);
    expect((await s.admin('/admin/users/admin2', { method: 'DELETE' })).status).toBe(200);
  });

  it('Basic auth header is checked, not just present', async () => {
    expect((await s.fetch('/admin/users', { headers: { authorization: ADMIN_AUTH } })).status).toBe(200);
    expect((await s.fetch('/admin/users', { headers: { authorization: 'Basic !!!' } })).status).toBe(401);
  });
});
