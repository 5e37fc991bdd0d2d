import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_TIME, reportQueries, type UpgradeFixture } from '../fixtures/upgrade-v1/upgrade-fixture.js';
import { ManualClock } from '../support/manual-clock.js';
import { jsonBody, startTestServer, type TestServer } from '../support/test-server.js';

/**
 * A local data dir written in the single-partition layout (test/fixtures/upgrade-v1, made by its
 * generate.ts through the HTTP API) is upgraded at start: everything in it is read back through
 * the API only, and the work it holds still runs. The runtime reopens it at the fixture's own
 * instant (an injected clock) plus two minutes, so tokens and storage are still valid and the
 * scheduled callback is still ahead of it, whenever this test runs.
 */
describe('upgrade: a data dir from the single-partition layout', () => {
  const fixtureDir = fileURLToPath(new URL('../fixtures/upgrade-v1/', import.meta.url));
  const fixture = JSON.parse(readFileSync(join(fixtureDir, 'fixture.json'), 'utf8')) as UpgradeFixture;
  const clock = new ManualClock(Date.parse(FIXTURE_TIME) + 120_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'gms-upgrade-'));
  let s: TestServer;

  const callback = async (id: string) => {
    const res = await s.fetch(`/service/callback?_id=${id}`);
    expect(res.status, await res.clone().text()).toBe(200);
    const [view] = await res.json();
    return view as Record<string, string>;
  };
  const agent = async (id: string) => {
    const res = await s.admin(`/agents/${id}`);
    expect(res.status, await res.clone().text()).toBe(200);
    return res.json();
  };
  async function until<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
    let value = await read();
    for (let i = 0; i < 200 && !check(value); i++) {
      await new Promise((r) => setTimeout(r, 50));
      value = await read();
    }
    expect(check(value), JSON.stringify(value)).toBe(true);
    return value;
  }

  beforeAll(async () => {
    writeFileSync(
      join(dataDir, 'shared-local-instance.db'),
      gunzipSync(readFileSync(join(fixtureDir, 'data.db.gz'))),
    );
    // Its own DynamoDB Local on the copied dir, the default table names, as `npm start` would.
    s = await startTestServer({
      dynamoEndpoint: undefined,
      tablePrefix: 'gms-',
      dataDir,
      clock,
      tickIntervalMs: 3_600_000,
      dialDelayMs: 0,
    });
  }, 180_000);
  afterAll(async () => {
    await s?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reports show the figures recorded before the upgrade', async () => {
    for (const q of reportQueries) {
      const res = await s.admin(`/admin/reports/${q}`);
      expect(res.status, await res.clone().text()).toBe(200);
      expect(await res.json(), q).toEqual(fixture.reports[q]);
    }
    // The fixture's figures are not empty: the comparison above can fail.
    expect(JSON.stringify(fixture.reports)).toContain('"QUEUED":1');
  });

  it('keeps configuration, the access number lock and storage; bearer tokens from before are retired', async () => {
    // Tokens moved to their own table, stored hashed (docs/ARCHITECTURE.md, Upgrading): a token
    // issued before the upgrade is not read, so its user logs in again with the same password.
    const old = { authorization: `Bearer ${fixture.adminToken}`, 'x-requested-with': 'XMLHttpRequest' };
    expect((await s.fetch('/admin/services/upg-sched', { headers: old })).status).toBe(401);
    const login = await s.fetch('/admin/login', jsonBody({ username: 'default', password: 'password' }));
    expect(login.status, await login.clone().text()).toBe(200);
    const { token } = (await login.json()) as { token: string };
    const bearer = { authorization: `Bearer ${token}` };
    expect((await s.fetch('/admin/services/upg-sched', { headers: bearer })).status).toBe(200);
    const queue = await (await s.fetch('/admin/services/upg-queue', { headers: bearer })).json();
    expect(JSON.stringify(queue)).toContain('UpgSales@StatServer.GA');
    const group = await (await s.admin('/admin/resources/UPG-DNIS')).json();
    expect(group).toMatchObject({ resource_total: 2, resource_available: 1 });
    const note = await s.fetch(`/storage/${fixture.storageId}/note`);
    expect(note.status).toBe(200);
    expect(await note.text()).toBe('written before the upgrade');
  });

  it('keeps both callbacks, the waiting one with its queue position, and the READY agent', async () => {
    expect(await callback(fixture.scheduledCallback)).toMatchObject({
      _id: fixture.scheduledCallback,
      _service_name: 'upg-sched',
      _callback_state: 'SCHEDULED',
    });
    expect(await callback(fixture.queuedCallback)).toMatchObject({
      _service_name: 'upg-queue',
      _callback_state: 'QUEUED',
    });
    const position = await s.fetch(`/service/${fixture.queuedCallback}/check-queue-position`);
    expect(position.status, await position.clone().text()).toBe(200);
    expect(await position.json()).toMatchObject({ _position: 1, _total_waiting: 1 });
    expect(await agent('upg-agent')).toMatchObject({ state: 'READY', groups: ['UpgBilling'] });
  });

  it('the scheduled callback still activates and goes to the READY agent', async () => {
    clock.set('2026-12-01T09:10:01Z');
    await s.tick();
    const busy = await until(
      () => agent('upg-agent'),
      (a) => a.callback?._id === fixture.scheduledCallback && a.state === 'BUSY',
    );
    expect(busy.callback._service_name).toBe('upg-sched');
    expect((await callback(fixture.scheduledCallback))._callback_state).toBe('PROCESSING');
  });

  it('the queued callback is routed to an agent of its group', async () => {
    const login = await s.admin(
      '/agents/upg-sales/login',
      jsonBody({ name: 'Sales', groups: ['UpgSales'], ready: true }),
    );
    expect(login.status, await login.clone().text()).toBe(200);
    const busy = await until(
      () => agent('upg-sales'),
      (a) => a.callback?._id === fixture.queuedCallback && a.state === 'BUSY',
    );
    expect(busy.callback._service_name).toBe('upg-queue');
    expect((await callback(fixture.queuedCallback))._callback_state).toBe('PROCESSING');
  });
});
