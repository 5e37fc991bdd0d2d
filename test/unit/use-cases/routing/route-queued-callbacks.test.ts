import { beforeEach, describe, expect, it } from 'vitest';
import type { Deps } from '../../../../functions/composition/full.js';
import type { ScheduledWindow } from '../../../../functions/ports/tick-records.js';
import type { QueuedWork, WorkMessage } from '../../../../functions/ports/work-queue.js';
import {
  ROUTE_GRACE_MS,
  ROUTE_QUEUED_SHARD_KIND,
  routeQueuedCallbacks,
  routeQueuedShard,
} from '../../../../functions/use-cases/routing/route-queued-callbacks.js';
import { CHAIN_MAX_AGE_MS } from '../../../../functions/use-cases/scheduling/schedule-due-callbacks.js';
import { callbackRecord } from '../../../support/callback-fixture.js';
import { InMemoryCallbackStore } from '../../../support/in-memory-callback-store.js';
import { ManualClock } from '../../../support/manual-clock.js';

let clock: ManualClock;
let callbacks: InMemoryCallbackStore;
let waiting: Set<string>;
let batches: QueuedWork[][];
let sends: WorkMessage[];
let window: ScheduledWindow | undefined;
let deps: Deps;

beforeEach(() => {
  clock = new ManualClock();
  callbacks = new InMemoryCallbackStore();
  waiting = new Set();
  batches = [];
  sends = [];
  window = undefined;
  deps = {
    clock,
    callbacks,
    routing: {
      waitingAmong: async (ids: readonly string[]) => new Set(ids.filter((id) => waiting.has(id))),
    },
    queue: {
      send: async (message: WorkMessage) => void sends.push(message),
      sendBatch: async (work: readonly QueuedWork[]) => void batches.push([...work]),
    },
    ticks: {
      recordQueuedSweep: async (w: ScheduledWindow) => void (window = w),
      lastQueuedSweep: async () => window,
      forgetQueuedSweep: async () => void (window = undefined),
    },
  } as unknown as Deps;
});

const queued = (id: string, queuedAt: number) =>
  callbacks.create(callbackRecord({ id, state: 'QUEUED', scheduled: false, queuedAt }), []);

/**
 * One tick and the workers of its partitions (follow-ups included): what they handed over again.
 * `callbacks.queuedListed` counts the workers' reads only (the tick's probes: `probed`).
 */
async function tickAndWorkers(): Promise<{
  partitions: WorkMessage[];
  handedOver: string[];
  probed: number;
}> {
  batches.length = 0;
  const before = callbacks.queuedListed;
  await routeQueuedCallbacks(deps);
  const probed = callbacks.queuedListed - before;
  callbacks.queuedListed = before;
  const partitions = (batches.shift() ?? []).map((w) => w.message);
  const pending = [...partitions];
  while (pending.length > 0) {
    await routeQueuedShard(deps, pending.shift()!);
    pending.push(...sends.splice(0));
  }
  const handedOver = batches.flat().map((w) => {
    expect(w.message.kind).toBe('route-callback');
    return w.message.id;
  });
  return { partitions, handedOver: handedOver.sort(), probed };
}

describe('QUEUED callbacks the router never saw', () => {
  it('the tick probes each partition for one entry and sends a message only where it found one, with the window', async () => {
    await queued('old', clock.now() - 60_000);
    await routeQueuedCallbacks(deps);
    expect(callbacks.queuedListed).toBe(1);
    const [message] = batches[0]!.map((w) => w.message);
    expect(batches[0]).toHaveLength(1);
    expect(message).toEqual({
      kind: ROUTE_QUEUED_SHARD_KIND,
      id: expect.any(String),
      data: { until: clock.now() - ROUTE_GRACE_MS },
    });
    expect(callbacks.queuedShards()).toContain(message!.id);
    expect(window).toEqual({ until: clock.now() - ROUTE_GRACE_MS, at: clock.now() });
  });

  it('a tick with nothing QUEUED in its window sends nothing (and still records its window)', async () => {
    await queued('recent', clock.now() - ROUTE_GRACE_MS + 1_000);
    await routeQueuedCallbacks(deps);
    expect(batches).toEqual([]);
    expect(window).toEqual({ until: clock.now() - ROUTE_GRACE_MS, at: clock.now() });
  });

  it('a partition whose probe fails is swept anyway', async () => {
    const list = callbacks.listQueuedShard.bind(callbacks);
    callbacks.listQueuedShard = (shard, until, limit, ...rest) =>
      limit === 1 ? Promise.reject(new Error('probe failed (test)')) : list(shard, until, limit, ...rest);
    await routeQueuedCallbacks(deps);
    expect(batches[0]!.map((w) => w.message.id)).toEqual(callbacks.queuedShards());
  });

  it('hands over those past the grace that are not waiting, not the waiting ones nor the recent ones', async () => {
    const now = clock.now();
    await queued('lost', now - ROUTE_GRACE_MS - 1);
    await queued('waiting', now - 5 * 60_000);
    await queued('recent', now - ROUTE_GRACE_MS + 1_000);
    waiting.add('waiting');
    expect((await tickAndWorkers()).handedOver).toEqual(['lost']);
  });

  it('looks at each QUEUED callback once: the next tick reads only what became QUEUED since', async () => {
    const start = clock.now();
    for (let i = 0; i < 300; i++) {
      await queued(`w${i}`, start - 10 * 60_000 + i);
      waiting.add(`w${i}`);
    }
    const first = await tickAndWorkers();
    expect(callbacks.queuedListed).toBe(300);
    // One entry per partition at most, the tick's probe: a constant, not the queue.
    expect(first.probed).toBe(first.partitions.length);
    expect(first.partitions.length).toBeLessThanOrEqual(callbacks.queuedShards().length);

    // A minute later: 300 still waiting, 2 new (one of them lost), one recent.
    clock.advance(60);
    await queued('new-waiting', start);
    waiting.add('new-waiting');
    await queued('new-lost', start + 1);
    await queued('too-recent', clock.now() - 1_000);
    callbacks.queuedListed = 0;
    const next = await tickAndWorkers();
    expect(next.partitions[0]!.data).toEqual({
      until: clock.now() - ROUTE_GRACE_MS,
      after: start - ROUTE_GRACE_MS,
    });
    expect(next.handedOver).toEqual(['new-lost']);
    expect(callbacks.queuedListed).toBe(2);

    // A third tick: the one that was too recent is looked at now, nothing else.
    clock.advance(60);
    callbacks.queuedListed = 0;
    expect((await tickAndWorkers()).handedOver).toEqual(['too-recent']);
    expect(callbacks.queuedListed).toBe(1);
  });

  it('a requeue gives the callback a new queue time, and so a new look', async () => {
    const start = clock.now();
    await queued('c1', start - 60_000);
    waiting.add('c1');
    await tickAndWorkers();
    // Given back to the queue later (a failed dial), and its route-callback lost.
    clock.advance(60);
    const record = (await callbacks.get('c1'))!;
    await callbacks.create({ ...record, id: 'c1-again', queuedAt: clock.now() - ROUTE_GRACE_MS - 1 }, []);
    expect((await tickAndWorkers()).handedOver).toEqual(['c1-again']);
  });

  it('after a gap of more than CHAIN_MAX_AGE_MS, or a forgotten window, looks at all of them again', async () => {
    const start = clock.now();
    await queued('lost', start - 60_000);
    expect((await tickAndWorkers()).handedOver).toEqual(['lost']);
    clock.advance(60);
    expect((await tickAndWorkers()).handedOver).toEqual([]);

    clock.advance(CHAIN_MAX_AGE_MS / 1000 + 1);
    expect((await tickAndWorkers()).handedOver).toEqual(['lost']);

    clock.advance(60);
    await deps.ticks.forgetQueuedSweep();
    expect((await tickAndWorkers()).handedOver).toEqual(['lost']);
  });

  it('a partition larger than one message is read to the end through follow-ups', async () => {
    const start = clock.now();
    for (let i = 0; i < 2_500; i++) await queued(`q${i}`, start - 60_000 - i);
    const { handedOver } = await tickAndWorkers();
    expect(handedOver).toHaveLength(2_500);
    expect(new Set(handedOver).size).toBe(2_500);
  });
});
