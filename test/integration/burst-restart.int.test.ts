import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultServiceOptions } from '../../functions/domain/service-template.js';
import { builtinTemplate } from '../../functions/domain/templates/index.js';
import { freePort } from '../../functions/local/dynamodb-local.js';
import { cleanUp, liveProcessesOf, removeLater, sleep, startServer } from '../support/killable-server.js';

const SERVICE = 'burst-restart';
const BURST = 100;

afterEach(cleanUp);

describe('a server killed in the middle of a burst and restarted', () => {
  it(`queues every one of ${BURST} callbacks due within seconds, none lost`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gms-burst-restart-'));
    removeLater(dir);
    const dataDir = join(dir, 'data');
    const config = join(dir, 'gms.json');
    writeFileSync(
      config,
      JSON.stringify({
        services: {
          [SERVICE]: {
            ...defaultServiceOptions(builtinTemplate('callback')!, 'User-Terminated-Scheduled'),
            _target: 'BurstRestart@StatServer.GA',
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

    // All due in one second when the creates are quick; on a busy machine a create made late in
    // the run is due 5 s after it instead, so the burst ends after the last create in every case.
    const due = Math.ceil((Date.now() + 15_000) / 1000) * 1000;
    const ids: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < BURST) {
          const i = next++;
          const res = await fetch(`${api}/service/callback/${SERVICE}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              _customer_number: `5556${String(i).padStart(6, '0')}`,
              _desired_time: new Date(Math.max(due, Date.now() + 5_000) + (i % 1000)).toISOString(),
            }),
          });
          expect(res.status).toBe(200);
          ids.push(((await res.json()) as { _id: string })._id);
        }
      }),
    );

    const states = async () => {
      const res = await fetch(`${api}/service/callback/${SERVICE}`);
      expect(res.status).toBe(200);
      return (await res.json()) as { _id: string; _callback_state: string }[];
    };
    // Killed once the first callbacks are QUEUED and before the last are: mid-burst.
    let queuedAtKill = 0;
    for (let polls = 0; polls < 600; polls++) {
      queuedAtKill = (await states()).filter((v) => v._callback_state === 'QUEUED').length;
      if (queuedAtKill > 0) break;
      await sleep(20);
    }
    process.kill(-group, 'SIGKILL');
    await first.exited;
    for (let wait = 0; liveProcessesOf(group).length > 0 && wait < 100; wait++) await sleep(50);
    expect(liveProcessesOf(group)).toEqual([]);
    expect(queuedAtKill).toBeGreaterThan(0);
    expect(queuedAtKill).toBeLessThan(BURST);

    // The start's catch-up tick hands every due shard to a worker: the rest are activated now.
    await startServer(port, dataDir, config);
    let views: { _id: string; _callback_state: string }[] = [];
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      views = await states();
      if (views.filter((v) => v._callback_state === 'QUEUED').length === BURST) break;
      await sleep(500);
    }
    expect(views.map((v) => v._id).sort()).toEqual([...ids].sort());
    expect(views.filter((v) => v._callback_state !== 'QUEUED')).toEqual([]);
  }, 400_000);
});
