import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DUE_PARTITIONS } from '../../functions/adapters/dynamodb/callback-index-shards.js';
import type { MetricEvent } from '../../functions/domain/reports/metric-events.js';
import { defaultServiceOptions } from '../../functions/domain/service-template.js';
import { builtinTemplate } from '../../functions/domain/templates/index.js';
import type { Clock } from '../../functions/ports/clock-and-ids.js';
import type { QueuedWork, WorkMessage } from '../../functions/ports/work-queue.js';
import { jsonBody, startTestServer, type TestServer } from '../support/test-server.js';

const SERVICE = 'burst';
const BURST = 2_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Real time plus an offset the test moves forward: the callbacks are created through the API for
 * a time 5 minutes ahead (so the create sends no activation and the tick alone schedules them),
 * then the server's clock jumps to 3 s before that time instead of the test waiting for it.
 */
class ShiftedClock implements Clock {
  offset = 0;
  now(): number {
    return Date.now() + this.offset;
  }
}

describe(`a burst of ${BURST} callbacks due in the same second`, () => {
  let s: TestServer;
  const clock = new ShiftedClock();
  const batches: QueuedWork[][] = [];
  const singles: WorkMessage[] = [];
  const dueQueries: string[] = [];
  const queuedEvents = new Map<string, number>();
  const routed: string[] = [];
  let desired = 0;
  let ids: string[] = [];

  const records = async () => {
    const found = await s.deps.callbacks.getMany(ids);
    expect(found).toHaveLength(BURST);
    return found;
  };

  beforeAll(async () => {
    s = await startTestServer({ clock, tickIntervalMs: 3_600_000 });
    // Every batch and single send, as the handlers make them (deps.queue is this queue).
    const sendBatch = s.queue.sendBatch.bind(s.queue);
    s.queue.sendBatch = (work) => {
      batches.push([...work]);
      return sendBatch(work);
    };
    const send = s.queue.send.bind(s.queue);
    s.queue.send = (message, delayMs) => {
      singles.push(message);
      return send(message, delayMs);
    };
    // Reads of the SCHEDULED index's partitions (the tick's job and its workers).
    s.deps.doc.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as QueryCommandInput;
        const partition = input.ExpressionAttributeValues?.[':p'];
        if (input.IndexName === 'due' && typeof partition === 'string' && partition.startsWith('due'))
          dueQueries.push(partition);
        return next(args);
      },
      { step: 'initialize', name: 'countDueQueries' },
    );
    // The hand-over to the router, counted per callback. The built-in router itself is left out:
    // this test is about scheduling, and the router's per-step cost is its own part of the design.
    const router = s.deps.router;
    s.deps.router = {
      callbackQueued: async (id) => void routed.push(id),
      customerCallArrived: (id) => router.customerCallArrived(id),
      customerConfirmed: (id) => router.customerConfirmed(id),
      callbackEnded: (id, agentId) => router.callbackEnded(id, agentId),
      queuePosition: (record) => router.queuePosition(record),
    };
    // Report events: each callback's entry into QUEUED is recorded once per state change written.
    const metrics = s.deps.metrics;
    s.deps.metrics = {
      record: (...events: MetricEvent[]) => {
        for (const e of events)
          if (e.kind === 'callback-entered' && e.state === 'QUEUED' && e.service === SERVICE)
            queuedEvents.set(SERVICE, (queuedEvents.get(SERVICE) ?? 0) + 1);
        return metrics.record(...events);
      },
      sample: (...args) => metrics.sample(...args),
    };
    const put = await s.admin(
      `/admin/services/${SERVICE}`,
      jsonBody(
        {
          ...defaultServiceOptions(builtinTemplate('callback')!, 'User-Terminated-Scheduled'),
          _target: 'Burst@StatServer.GA',
          _max_request_by_time_bucket: '1000000',
          _max_queued_callbacks_per_service: '1000000',
          _throttle_callbacks_per_service_1: '1000000',
          _throttle_callbacks_per_service_2: '1000000',
          _throttle_request_parameters_limit: '1000000',
          _enable_in_queue_checking: 'false',
        },
        'PUT',
      ),
    );
    expect(put.status).toBe(200);
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('are created through the API (16 clients) and stay SCHEDULED', async () => {
    desired = Math.ceil((clock.now() + 5 * 60_000) / 1000) * 1000;
    const created: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < BURST) {
          const i = next++;
          const res = await s.fetch(
            `/service/callback/${SERVICE}`,
            jsonBody({
              _customer_number: `555${String(i).padStart(7, '0')}`,
              // Spread over the one second.
              _desired_time: new Date(desired + (i % 1000)).toISOString(),
            }),
          );
          expect(res.status).toBe(200);
          created.push(((await res.json()) as { _id: string })._id);
        }
      }),
    );
    ids = created;
    expect(new Set(ids).size).toBe(BURST);
    const before = await records();
    expect(before.filter((r) => r.state !== 'SCHEDULED' || r.version !== 1)).toEqual([]);
    // Five minutes ahead: the creates sent no activation.
    expect(singles.filter((m) => m.kind === 'activate-callback')).toEqual([]);
  }, 400_000);

  it('all reach QUEUED from one tick, each exactly once, the tick reading no callback', async () => {
    clock.offset = desired - 3_000 - Date.now();
    dueQueries.length = 0;
    batches.length = 0;
    await s.tick();
    // The tick's own part: one batch of one `schedule-shard` per partition of the due index.
    const shardWork = batches.flatMap((b) => b).filter((w) => w.message.kind === 'schedule-shard');
    expect(shardWork.map((w) => w.message.id).sort()).toEqual([...DUE_PARTITIONS].sort());
    expect(batches.filter((b) => b.some((w) => w.message.kind === 'schedule-shard'))).toHaveLength(1);

    const deadline = Date.now() + 90_000;
    while ((queuedEvents.get(SERVICE) ?? 0) < BURST && Date.now() < deadline) await sleep(500);
    await s.queue.idle();
    const queued = (await records()).filter((r) => r.state === 'QUEUED');
    expect(queued).toHaveLength(BURST);
    // Each handed to the router once.
    expect([...routed].sort()).toEqual([...ids].sort());
    // Every partition was read by its worker, in one page (about 63 callbacks a shard).
    expect([...dueQueries].sort()).toEqual([...DUE_PARTITIONS].sort());
    // One activation per callback, sent in batches; nothing early.
    const activations = batches
      .flat()
      .filter((w) => w.message.kind === 'activate-callback')
      .map((w) => w.message.id);
    expect(activations.sort()).toEqual([...ids].sort());
    for (const r of queued) {
      expect(r.version).toBe(2);
      expect(r.queuedAt! - r.desiredTime).toBeGreaterThanOrEqual(-250);
    }
    expect(queuedEvents.get(SERVICE)).toBe(BURST);
  }, 150_000);

  it('a duplicate of every tick and activation message changes nothing', async () => {
    const before = new Map((await records()).map((r) => [r.id, r]));
    const shardMessages = batches
      .flat()
      .filter((w) => w.message.kind === 'schedule-shard')
      .map((w) => ({ message: w.message }));
    const activations = batches
      .flat()
      .filter((w) => w.message.kind === 'activate-callback')
      .map((w) => ({ message: w.message }));
    expect(shardMessages).toHaveLength(DUE_PARTITIONS.length);
    expect(activations).toHaveLength(BURST);
    batches.length = 0;
    await s.queue.sendBatch([...shardMessages, ...activations]);
    await s.queue.idle();
    // The re-read shards hold nothing due any more: no new activation.
    expect(
      batches
        .slice(1)
        .flat()
        .filter((w) => w.message.kind === 'activate-callback'),
    ).toEqual([]);
    const after = await records();
    for (const r of after) expect(r).toEqual(before.get(r.id));
    expect(queuedEvents.get(SERVICE)).toBe(BURST);
    expect(routed).toHaveLength(BURST);
  }, 90_000);
});
