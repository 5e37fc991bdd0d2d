import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { TABLES } from '../../functions/adapters/dynamodb/table-definitions.js';
import { ManualClock } from '../support/manual-clock.js';
import { basic, jsonBody, startTestServer, type TestServer } from '../support/test-server.js';

describe('GET admin/monitor', () => {
  let s: TestServer;
  const clock = new ManualClock();
  beforeAll(async () => {
    s = await startTestServer({ clock, tickIntervalMs: 3_600_000 });
    for (const [name, roles] of [
      ['watcher', ['Supervisor']],
      ['reader', ['CallbackReadOnly']],
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

  const monitor = async () => {
    const res = await s.admin('/admin/monitor');
    expect(res.status).toBe(200);
    return res.json();
  };

  it('reports every table up with a latency, the API up, the region, local mode and the node', async () => {
    const m = await monitor();
    expect(m.mode).toBe('local');
    expect(m.region).toBe('us-east-1');
    expect(m.checkedAt).toBe(new Date(clock.now()).toISOString());
    expect(m.api).toEqual({ status: 'up' });
    expect(m.tables.map((t: { id: string }) => t.id).sort()).toEqual(TABLES.map((t) => t.id).sort());
    for (const t of m.tables) {
      expect(t.status).toBe('up');
      expect(t.name).toMatch(/^t[0-9a-f]{8}-/);
      expect(t.latencyMs).toBeGreaterThanOrEqual(0);
      expect(t.latencyMs).toBeLessThan(5_000);
    }
    expect(m.node).toBe('ONLINE');
    expect(m.websocket.url).toBe(`ws://127.0.0.1:${s.port}/genesys/1/notifications`);
  });

  it('follows the node status', async () => {
    expect((await s.admin('/admin/node/changestatus/OFFLINE', { method: 'POST' })).status).toBe(200);
    expect((await monitor()).node).toBe('OFFLINE');
    expect((await s.admin('/admin/node/changestatus/ONLINE', { method: 'POST' })).status).toBe(200);
    expect((await monitor()).node).toBe('ONLINE');
  });

  it('counts queued work: a delayed message shows until it is due', async () => {
    const before = (await monitor()).queue;
    expect(before).toMatchObject({ status: 'up', deadLetters: 0 });
    for (const k of ['depth', 'inFlight', 'delayed', 'deadLetters'])
      expect(before[k]).toBeGreaterThanOrEqual(0);
    // Far in the future: still waiting when the server stops.
    await s.queue.send({ kind: 'monitor-probe', id: 'x' }, 600_000);
    const after = (await monitor()).queue;
    expect(after.delayed).toBe(before.delayed + 1);
    expect(after.depth + after.delayed + after.inFlight).toBeGreaterThan(
      before.depth + before.delayed + before.inFlight,
    );
  });

  it("reports the scheduler's lag since the last tick, and the tick moves it", async () => {
    const first = (await monitor()).scheduler;
    expect(first.lastTickAt).not.toBeNull();
    expect(first.failedJobs).toBe(0);

    clock.advance(200);
    const late = (await monitor()).scheduler;
    expect(late.lastTickAt).toBe(first.lastTickAt);
    expect(late.lagSeconds).toBe(first.lagSeconds + 200);
    expect(late.status).toBe('warn');
    clock.advance(200);
    expect((await monitor()).scheduler.status).toBe('down');

    await s.tick();
    const fresh = (await monitor()).scheduler;
    expect(Date.parse(fresh.lastTickAt)).toBe(clock.now());
    expect(Date.parse(fresh.lastTickAt)).toBeGreaterThan(Date.parse(first.lastTickAt));
    expect(fresh).toMatchObject({ lagSeconds: 0, status: 'up' });
  });

  it('counts live WebSocket connections', async () => {
    const before = (await monitor()).websocket;
    expect(before).toMatchObject({ status: 'up', capped: false });
    const socket = new WebSocket(`ws://127.0.0.1:${s.port}/genesys/1/notifications?gms_user=monitor`);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    try {
      // $connect is recorded before the upgrade completes, so the count is there at once.
      expect((await monitor()).websocket.connections).toBe(before.connections + 1);
    } finally {
      socket.close();
    }
  });

  it('is for administrators and supervisors: 401 without credentials, 403 for CallbackReadOnly', async () => {
    const anonymous = await s.fetch('/admin/monitor', { headers: { 'x-requested-with': 'XMLHttpRequest' } });
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).code).toBe(401);
    const reader = await s.fetch('/admin/monitor', {
      headers: { authorization: basic('reader', 'secret-password') },
    });
    expect(reader.status).toBe(403);
    const supervisor = await s.fetch('/admin/monitor', {
      headers: { authorization: basic('watcher', 'secret-password') },
    });
    expect(supervisor.status).toBe(200);
    expect((await supervisor.json()).tables.length).toBe(TABLES.length);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = await (await s.fetch('/openapi.json')).json();
    const op = doc.paths['/genesys/1/admin/monitor'].get;
    expect(op.operationId).toBe('adminMonitor');
    expect(op.tags).toEqual(['Monitoring']);
  });
});
