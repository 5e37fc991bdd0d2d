import type { TableId } from '../../functions/adapters/dynamodb/table-definitions.js';
import { PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import { TABLES } from '../../functions/adapters/dynamodb/table-definitions.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basic, jsonBody, startTestServer, type TestServer } from '../support/test-server.js';

/**
 * Bearer tokens live in their own table (granted only to the functions that issue or check them),
 * stored by their SHA-256: the token a client presents is written nowhere. Tokens of the layout
 * before (`token#<token>` in sessions) are not read: after the upgrade users log in again.
 */
describe('bearer tokens: own table, hashed, no legacy location', () => {
  let s: TestServer;
  const scan = async (table: string) =>
    (await s.deps.doc.send(new ScanCommand({ TableName: table, ConsistentRead: true }))).Items ?? [];

  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(async () => {
    await s?.stop();
  });

  const login = async (): Promise<string> => {
    const res = await s.fetch('/admin/login', jsonBody({ username: 'default', password: 'password' }));
    expect(res.status).toBe(200);
    return (await res.json()).token as string;
  };
  const services = (token: string) =>
    s.fetch('/admin/services', { headers: { authorization: `Bearer ${token}` } });

  it('keeps a login token in the tokens table by its SHA-256 only, and nowhere else', async () => {
    const token = await login();
    expect((await services(token)).status).toBe(200);
    const { tokens, sessions } = s.deps.runtime.tables as Record<TableId, string>;
    const hashed = `token#${createHash('sha256').update(token).digest('base64url')}`;
    const items = await scan(tokens);
    expect(items.map((i) => i.pk)).toContain(hashed);
    expect(items.find((i) => i.pk === hashed)).toMatchObject({ username: 'default' });
    expect(JSON.stringify(items)).not.toContain(token);
    expect(JSON.stringify(await scan(sessions))).not.toContain(token);

    const out = await s.fetch('/admin/logout', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(out.status).toBe(200);
    expect((await scan(tokens)).map((i) => i.pk)).not.toContain(hashed);
    expect((await services(token)).status).toBe(401);
  });

  it("writes no token's plain value, nor a password, in any table after login and Basic requests", async () => {
    // A user whose password is set through the API, besides the seeded one.
    const password = 'plain-text-never-stored';
    const put = await s.fetch('/admin/users/scanme', {
      ...jsonBody({ password, roles: ['Administrator'] }, 'PUT'),
      headers: { 'content-type': 'application/json', authorization: basic('default', 'password') },
    });
    expect(put.status).toBe(200);
    const token = await login();
    expect((await services(token)).status).toBe(200);
    // Basic on an authenticated route, wrong ones too (they are counted: the counters are items).
    expect(
      (await s.fetch('/admin/services', { headers: { authorization: basic('scanme', password) } })).status,
    ).toBe(200);
    expect(
      (await s.fetch('/admin/services', { headers: { authorization: basic('scanme', `${password}-x`) } }))
        .status,
    ).toBe(401);
    // Every table the stack defines, by the same definitions.
    expect(Object.keys(s.deps.runtime.tables).sort()).toEqual(TABLES.map((t) => t.id).sort());
    const tables = Object.values(s.deps.runtime.tables);
    let items = 0;
    for (const table of tables) {
      const all = await scan(table);
      items += all.length;
      const text = JSON.stringify(all);
      expect(text, table).not.toContain(token);
      expect(text, table).not.toContain(password);
      expect(text, table).not.toContain(Buffer.from(`scanme:${password}`).toString('base64'));
    }
    // The scan saw the data it guards: the users and the token's hash.
    expect(items).toBeGreaterThan(3);
  });

  it('does not accept a token left in the old location (sessions): users log in again', async () => {
    const legacy = 'L'.repeat(43);
    await s.deps.doc.send(
      new PutCommand({
        TableName: s.deps.runtime.tables.sessions,
        Item: { pk: `token#${legacy}`, username: 'default', expiresAt: Date.now() + 3_600_000 },
      }),
    );
    const res = await services(legacy);
    expect(res.status).toBe(401);
    expect((await res.json()).message).toBe('Invalid credentials.');
    expect((await services(await login())).status).toBe(200);
  });
});
