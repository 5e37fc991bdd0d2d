import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TableId } from '../../functions/adapters/dynamodb/table-definitions.js';
import { DynamoTokenStore } from '../../functions/adapters/dynamodb/token-store.js';
import { DynamoUserStore } from '../../functions/adapters/dynamodb/user-store.js';
import { BEARER_LOOKUP_MAX_AGE_MS } from '../../functions/http/authenticate.js';
import { ManualClock } from '../support/manual-clock.js';
import { jsonBody, startTestServer, type TestServer } from '../support/test-server.js';

/**
 * The bearer check keeps a token's lookup (the token, then its user) for at most
 * `BEARER_LOOKUP_MAX_AGE_MS`: a logout, or a change of the user, made in the same process is
 * seen at once; one made in another process (another Lambda instance) within that bound.
 */
describe('bearer lookups kept for at most a second', () => {
  let s: TestServer;

  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(async () => {
    await s?.stop();
  });

  const login = async (username = 'default', password = 'password'): Promise<string> => {
    const res = await s.fetch('/admin/login', jsonBody({ username, password }));
    expect(res.status).toBe(200);
    return (await res.json()).token as string;
  };
  const services = (token: string) =>
    s.fetch('/admin/services', { headers: { authorization: `Bearer ${token}` } });

  it('refuses a logged-out token at once in the process that logged it out, after repeated use', async () => {
    const token = await login();
    for (let i = 0; i < 3; i++) expect((await services(token)).status).toBe(200);
    const out = await s.fetch('/admin/logout', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(out.status).toBe(200);
    expect((await services(token)).status).toBe(401);
  });

  it("follows a user's role change and deletion at once in the same process", async () => {
    const put = await s.admin(
      '/admin/users/cache-user',
      jsonBody({ password: 'Cache-pass-12345', roles: ['Administrator'] }, 'PUT'),
    );
    expect(put.status).toBeLessThan(300);
    const token = await login('cache-user', 'Cache-pass-12345');
    expect((await services(token)).status).toBe(200);
    expect((await services(token)).status).toBe(200);
    // A role change renews the credentials: the token dies with them.
    const demoted = await s.admin(
      '/admin/users/cache-user',
      jsonBody({ roles: ['CallbackReadOnly'] }, 'PUT'),
    );
    expect(demoted.status).toBeLessThan(300);
    expect([401, 403]).toContain((await services(token)).status);
    const again = await login('cache-user', 'Cache-pass-12345');
    expect((await s.admin('/admin/users/cache-user', { method: 'DELETE' })).status).toBeLessThan(300);
    expect((await services(again)).status).toBe(401);
  });

  it('in another process, a revoked token is refused once its kept lookup is older than the bound', async () => {
    const { tokens } = s.deps.runtime.tables as Record<TableId, string>;
    const clock = new ManualClock();
    // Two processes on one table: `checker` keeps lookups, `other` revokes.
    const checker = new DynamoTokenStore(s.deps.doc, tokens, clock);
    const other = new DynamoTokenStore(s.deps.doc, tokens, clock);
    const token = `cache-test-${Date.now()}-${Math.random()}`;
    await other.save({ token, username: 'default', expiresAt: clock.now() + 3_600_000 });
    expect(await checker.find(token, clock.now(), BEARER_LOOKUP_MAX_AGE_MS)).toMatchObject({
      username: 'default',
    });
    await other.revoke(token);
    // Without a bound the store reads now; within the bound the other process's answer may be kept.
    expect(await checker.find(token, clock.now())).toBeUndefined();
    expect(await checker.find(token, clock.now(), BEARER_LOOKUP_MAX_AGE_MS)).toBeUndefined();

    const second = `${token}-2`;
    await other.save({ token: second, username: 'default', expiresAt: clock.now() + 3_600_000 });
    expect(await checker.find(second, clock.now(), BEARER_LOOKUP_MAX_AGE_MS)).toBeDefined();
    await other.revoke(second);
    clock.advance((BEARER_LOOKUP_MAX_AGE_MS - 1) / 1000);
    // Still within the bound: the kept answer (this is the staleness the bound allows, no more).
    expect(await checker.find(second, clock.now(), BEARER_LOOKUP_MAX_AGE_MS)).toBeDefined();
    clock.advance(1 / 1000);
    expect(await checker.find(second, clock.now(), BEARER_LOOKUP_MAX_AGE_MS)).toBeUndefined();
  });

  it('checks expiry on every call, kept answer or not', async () => {
    const { tokens } = s.deps.runtime.tables as Record<TableId, string>;
    const clock = new ManualClock();
    const store = new DynamoTokenStore(s.deps.doc, tokens, clock);
    const token = `cache-expiry-${Date.now()}-${Math.random()}`;
    await store.save({ token, username: 'default', expiresAt: clock.now() + 500 });
    expect(await store.find(token, clock.now(), BEARER_LOOKUP_MAX_AGE_MS)).toBeDefined();
    clock.advance(0.5);
    expect(await store.find(token, clock.now(), BEARER_LOOKUP_MAX_AGE_MS)).toBeUndefined();
  });

  it("in another process, a user's change shows once its kept record is older than the bound", async () => {
    const { config } = s.deps.runtime.tables as Record<TableId, string>;
    const clock = new ManualClock();
    const checker = new DynamoUserStore(s.deps.doc, config, clock);
    const other = new DynamoUserStore(s.deps.doc, config, clock);
    const user = {
      username: 'cache-other',
      passwordHash: 'x',
      roles: ['Supervisor' as const],
      createdAt: 1,
      credentialsVersion: 'v1',
    };
    await other.put(user);
    expect((await checker.get('cache-other', BEARER_LOOKUP_MAX_AGE_MS))?.credentialsVersion).toBe('v1');
    await other.put({ ...user, credentialsVersion: 'v2' });
    // Read now when no age is accepted (password checks, the admin API).
    expect((await checker.get('cache-other'))?.credentialsVersion).toBe('v2');
    await other.put({ ...user, credentialsVersion: 'v3' });
    expect((await checker.get('cache-other', BEARER_LOOKUP_MAX_AGE_MS))?.credentialsVersion).toBe('v2');
    clock.advance(BEARER_LOOKUP_MAX_AGE_MS / 1000);
    expect((await checker.get('cache-other', BEARER_LOOKUP_MAX_AGE_MS))?.credentialsVersion).toBe('v3');
    await other.delete('cache-other');
  });
});
