import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultServiceOptions } from '../../functions/domain/service-template.js';
import { builtinTemplate } from '../../functions/domain/templates/index.js';
import { freePort } from '../../functions/local/dynamodb-local.js';
import { cleanUp, liveProcessesOf, removeLater, sleep, startServer } from '../support/killable-server.js';
import { ADMIN_AUTH } from '../support/test-server.js';

const SERVICE = 'cb-restart';
const GROUP = 'Restart';

afterEach(cleanUp);

interface Attempt {
  number: string;
  /** Undefined for an immediate callback. */
  desiredTime?: number;
  status?: number;
  id?: string;
  /** The connection died with the server: the callback may or may not exist. */
  died?: boolean;
}

describe('a server killed mid-load and restarted', () => {
  it('brings every callback it accepted (and any it half-accepted) to QUEUED; an agent then gets them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gms-restart-'));
    removeLater(dir);
    const dataDir = join(dir, 'data');
    const config = join(dir, 'gms.json');
    const template = builtinTemplate('callback')!;
    writeFileSync(
      config,
      JSON.stringify({
        services: {
          [SERVICE]: {
            ...defaultServiceOptions(template, 'User-Terminated-Scheduled'),
            _target: `${GROUP}@StatServer.GA`,
            _max_request_by_time_bucket: '10000',
            _enable_in_queue_checking: 'false',
          },
        },
      }),
    );
    const port = await freePort();
    const api = `http://127.0.0.1:${port}/genesys/1`;
    const first = await startServer(port, dataDir, config);
    const group = first.child.pid!;
    expect(liveProcessesOf(group).some((p) => /\bjava\b/.test(p))).toBe(true);

    // Load: four clients creating without pause (every fifth callback immediate, the others 2 to
    // 8 s ahead); the kill comes once 55 are accepted and some scheduled ones have fallen due, so
    // creates and activations are both in flight.
    const attempts: Attempt[] = [];
    const requests: Promise<void>[] = [];
    let killed = false;
    let killedAt = 0;
    let n = 0;
    const create = async () => {
      const i = n++;
      const a: Attempt = { number: `5553${String(i).padStart(6, '0')}` };
      const body: Record<string, string> = { _customer_number: a.number };
      if (i % 5 !== 0) {
        a.desiredTime = Date.now() + 2_000 + (i % 13) * 500;
        body._desired_time = new Date(a.desiredTime).toISOString();
      }
      attempts.push(a);
      try {
        const res = await fetch(`${api}/service/callback/${SERVICE}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        const json = (await res.json()) as { _id?: string };
        a.status = res.status;
        a.id = json._id;
      } catch {
        a.died = true;
      }
    };
    const dueAccepted = () =>
      attempts.some((a) => a.status === 200 && a.desiredTime !== undefined && a.desiredTime < Date.now());
    for (let c = 0; c < 4; c++) {
      requests.push(
        (async () => {
          while (!killed) {
            await create();
            if (!killed && attempts.filter((a) => a.status === 200).length >= 55 && dueAccepted()) {
              killed = true;
              killedAt = Date.now();
              process.kill(-group, 'SIGKILL');
            }
          }
        })(),
      );
    }
    await Promise.all(requests);
    await first.exited;
    for (let wait = 0; liveProcessesOf(group).length > 0 && wait < 100; wait++) await sleep(50);
    expect(liveProcessesOf(group)).toEqual([]);

    const accepted = attempts.filter((a) => a.status === 200);
    const died = attempts.filter((a) => a.died);
    // Every create either was answered 200 or died with the server: the load itself was valid.
    expect(attempts.filter((a) => !a.died && a.status !== 200)).toEqual([]);
    expect(accepted.length).toBeGreaterThanOrEqual(50);
    expect(died.length).toBeGreaterThan(0);
    expect(accepted.some((a) => a.desiredTime !== undefined && a.desiredTime < killedAt)).toBe(true);
    expect(accepted.every((a) => typeof a.id === 'string')).toBe(true);

    // Same data dir and port; the start's catch-up tick queues what fell due while it was down.
    const second = await startServer(port, dataDir, config);
    const view = async (id: string) => {
      const res = await fetch(`${api}/service/callback?_id=${encodeURIComponent(id)}`);
      expect(res.status).toBe(200);
      return ((await res.json()) as Record<string, string>[])[0];
    };
    const lastDue = Math.max(Date.now(), ...attempts.map((a) => a.desiredTime ?? 0));
    const deadline = lastDue + 10_000;
    const pending = new Set(accepted.map((a) => a.id!));
    while (pending.size > 0 && Date.now() < deadline) {
      const views = await Promise.all([...pending].map(async (id) => [id, await view(id)] as const));
      for (const [id, v] of views) {
        expect(v, `callback ${id} was accepted before the kill`).toBeDefined();
        if (v!._callback_state === 'QUEUED') pending.delete(id);
      }
      if (pending.size > 0) await sleep(200);
    }
    expect([...pending], 'accepted callbacks not QUEUED in time').toEqual([]);
    await sleep(Math.max(0, lastDue + 500 - Date.now()));

    // Nothing half-written: whatever a dead request left is a whole callback, and QUEUED too.
    const byNumber = new Map(
      await Promise.all(
        attempts.map(async (a) => {
          const res = await fetch(`${api}/service/callback?_customer_number=${a.number}`);
          expect(res.status).toBe(200);
          return [a.number, (await res.json()) as Record<string, string>[]] as const;
        }),
      ),
    );
    for (const a of accepted) expect(byNumber.get(a.number)!.map((v) => v._id)).toEqual([a.id]);
    for (const a of died) {
      const found = byNumber.get(a.number)!;
      expect(found.length).toBeLessThanOrEqual(1);
      for (const v of found) {
        expect(v).toMatchObject({
          _callback_state: 'QUEUED',
          _service_name: SERVICE,
          _customer_number: a.number,
        });
        if (a.desiredTime !== undefined) expect(Date.parse(v._desired_time!)).toBe(a.desiredTime);
      }
    }
    const all = (await (await fetch(`${api}/service/callback/${SERVICE}`)).json()) as Record<
      string,
      string
    >[];
    const survivorsOfDead = died.flatMap((a) => byNumber.get(a.number)!.map((v) => v._id));
    expect(all.map((v) => v._id).sort()).toEqual([...accepted.map((a) => a.id!), ...survivorsOfDead].sort());
    expect(all.filter((v) => v._callback_state !== 'QUEUED')).toEqual([]);

    // An agent logged in now gets them routed; the local dialer simulator answers.
    const ours = new Set(all.map((v) => v._id));
    const agent = (action: string, body: unknown = {}) =>
      fetch(`${api}/agents/ann/${action}`, {
        method: 'POST',
        headers: { authorization: ADMIN_AUTH, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await agent('login', { groups: [GROUP], ready: true })).status).toBe(200);
    const handled: string[] = [];
    for (let round = 0; round < 3; round++) {
      let held: { state: string; callback?: Record<string, string> } | undefined;
      for (let t = 0; t < 200; t++) {
        held = (await (
          await fetch(`${api}/agents/ann`, { headers: { authorization: ADMIN_AUTH } })
        ).json()) as typeof held;
        if (held!.state === 'BUSY') break;
        await sleep(50);
      }
      expect(held).toMatchObject({ state: 'BUSY', callback: { _callback_state: 'PROCESSING' } });
      const id = held!.callback!._id!;
      expect(ours.has(id)).toBe(true);
      expect(handled).not.toContain(id);
      handled.push(id);
      const done = await agent('complete', { ready: true });
      expect(done.status).toBe(200);
      expect(await view(id)).toMatchObject({
        _callback_state: 'COMPLETED',
        _callback_reason: 'AGENT_CONNECTED',
      });
    }

    second.child.kill('SIGTERM');
    await second.exited;
  }, 120_000);
});
