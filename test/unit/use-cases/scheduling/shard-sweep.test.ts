import { beforeEach, describe, expect, it } from 'vitest';
import {
  CHAIN_MAX_AGE_MS,
  LOOKAHEAD_MS,
  OVERDUE_RESEND_MS,
  scheduleDueCallbacks,
  scheduleShard,
} from '../../../../functions/use-cases/scheduling/schedule-due-callbacks.js';
import type { ScheduledWindow } from '../../../../functions/ports/tick-records.js';
import {
  fanOutShards,
  sweepShard,
  type ShardSweeper,
} from '../../../../functions/use-cases/scheduling/shard-sweep.js';
import type { QueuedWork, WorkMessage } from '../../../../functions/ports/work-queue.js';
import type { Deps } from '../../../../functions/composition/full.js';
import { callbackRecord } from '../../../support/callback-fixture.js';
import { InMemoryCallbackStore } from '../../../support/in-memory-callback-store.js';
import { ManualClock } from '../../../support/manual-clock.js';

let clock: ManualClock;
let callbacks: InMemoryCallbackStore;
let sends: WorkMessage[];
let batches: QueuedWork[][];
let deps: Deps;
let scheduled: ScheduledWindow | undefined;

beforeEach(() => {
  scheduled = undefined;
  clock = new ManualClock();
  callbacks = new InMemoryCallbackStore();
  sends = [];
  batches = [];
  deps = {
    clock,
    callbacks,
    queue: {
      send: async (message: WorkMessage) => void sends.push(message),
      sendBatch: async (work: readonly QueuedWork[]) => void batches.push([...work]),
    },
    ticks: {
      recordScheduled: async (w: ScheduledWindow) => void (scheduled = w),
      lastScheduled: async () => scheduled,
      forgetScheduled: async () => void (scheduled = undefined),
    },
  } as unknown as Deps;
});

describe('the tick fans the SCHEDULED index out to workers', () => {
  it('hands every shard to a worker in one batch send, reading no callback itself', async () => {
    let reads = 0;
    for (const m of ['listDue', 'listDueShard', 'get', 'getMany'] as const) {
      const original = callbacks[m].bind(callbacks) as (...a: unknown[]) => unknown;
      (callbacks as unknown as Record<string, unknown>)[m] = (...a: unknown[]) => {
        reads++;
        return original(...a);
      };
    }
    await scheduleDueCallbacks(deps);
    expect(reads).toBe(0);
    expect(sends).toEqual([]);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.map((w) => w.message)).toEqual(
      callbacks.dueShards().map((shard) => ({
        kind: 'schedule-shard',
        id: shard,
        data: { until: clock.now() + LOOKAHEAD_MS },
      })),
    );
  });

  it('a shard worker sends each due callback of its shard an activation delayed to its time', async () => {
    const now = clock.now();
    for (let i = 0; i < 40; i++) {
      await callbacks.create(callbackRecord({ id: `cb-${i}`, desiredTime: now - 5_000 + i * 1_000 }), []);
    }
    await callbacks.create(callbackRecord({ id: 'later', desiredTime: now + 10 * 60_000 }), []);
    await scheduleDueCallbacks(deps);
    const shardMessages = batches.shift()!.map((w) => w.message);
    for (const m of shardMessages) await scheduleShard(m, deps);
    const activations = batches.flat();
    expect(activations.map((a) => a.message.id).sort()).toEqual(
      Array.from({ length: 40 }, (_, i) => `cb-${i}`).sort(),
    );
    for (const a of activations) {
      const i = Number(a.message.id.slice(3));
      expect(a.message.kind).toBe('activate-callback');
      expect(a.delayMs).toBe(Math.max(0, -5_000 + i * 1_000));
    }
    expect(sends).toEqual([]);
  });
});

describe('consecutive ticks', () => {
  /** One tick and its shard workers; the ids of the activations they sent. */
  const tickAndWorkers = async () => {
    batches.length = 0;
    await scheduleDueCallbacks(deps);
    const shardMessages = batches.shift()!.map((w) => w.message);
    for (const m of shardMessages) await scheduleShard(m, deps);
    return {
      shardMessages,
      sent: batches
        .flat()
        .map((a) => a.message.id)
        .sort(),
    };
  };

  it('hand out only what the previous fan-out did not reach, and what is long overdue', async () => {
    const now = clock.now();
    await callbacks.create(callbackRecord({ id: 'soon', desiredTime: now + 30_000 }), []);
    await callbacks.create(callbackRecord({ id: 'edge', desiredTime: now + LOOKAHEAD_MS }), []);
    await callbacks.create(
      callbackRecord({ id: 'next-window', desiredTime: now + LOOKAHEAD_MS + 20_000 }),
      [],
    );
    expect((await tickAndWorkers()).sent).toEqual(['edge', 'soon']);
    expect(scheduled).toEqual({ until: now + LOOKAHEAD_MS, at: now });

    // A minute later 'soon' and 'edge' are still SCHEDULED (a burst running behind): not sent again.
    clock.advance(60);
    const second = await tickAndWorkers();
    expect(second.shardMessages[0]!.data).toEqual({
      until: now + 60_000 + LOOKAHEAD_MS,
      after: now + LOOKAHEAD_MS,
    });
    expect(second.sent).toEqual(['next-window']);

    // Still SCHEDULED past OVERDUE_RESEND_MS: its activation was lost, so it goes again.
    clock.set(new Date(now + 30_000 + OVERDUE_RESEND_MS).toISOString());
    expect((await tickAndWorkers()).sent).toEqual(['soon']);
  });

  it('hand out everything due when the previous fan-out is too old to build on, or was forgotten', async () => {
    const now = clock.now();
    await callbacks.create(callbackRecord({ id: 'a', desiredTime: now + 30_000 }), []);
    await tickAndWorkers();
    clock.advance(CHAIN_MAX_AGE_MS / 1000 + 1);
    const late = await tickAndWorkers();
    expect(late.shardMessages[0]!.data).toEqual({ until: clock.now() + LOOKAHEAD_MS });
    expect(late.sent).toEqual(['a']);
    await deps.ticks.forgetScheduled();
    expect((await tickAndWorkers()).sent).toEqual(['a']);
  });

  it('never shrink the reached bound when a tick comes early', async () => {
    await tickAndWorkers();
    const reached = scheduled!.until;
    clock.advance(-5);
    await tickAndWorkers();
    expect(scheduled!.until).toBe(reached);
  });
});

describe('sweepShard', () => {
  const items = Array.from({ length: 10 }, (_, i) => i);
  const handled: number[] = [];
  const reads: (string | undefined)[] = [];
  const sweeper: ShardSweeper<number> = {
    shards: () => ['s0', 's1'],
    readPage: async (_deps, s) => {
      reads.push(s.cursor);
      const from = s.cursor ? Number(s.cursor) : 0;
      const next = from + 3;
      return { items: items.slice(from, next), cursor: next < items.length ? String(next) : undefined };
    },
    handle: async (_deps, page) => void handled.push(...page),
    pagesPerMessage: 2,
  };
  beforeEach(() => {
    handled.length = 0;
    reads.length = 0;
  });

  it('reads a bounded number of pages, then continues in a follow-up message until the end', async () => {
    const first: WorkMessage = { kind: 'sweep', id: 's1', data: { until: 99 } };
    await sweepShard(deps, first, sweeper);
    expect(handled).toEqual([0, 1, 2, 3, 4, 5]);
    expect(sends).toEqual([{ kind: 'sweep', id: 's1', data: { until: 99, cursor: '6' } }]);
    await sweepShard(deps, sends.shift()!, sweeper);
    expect(handled).toEqual(items);
    expect(reads).toEqual([undefined, '3', '6', '9']);
    expect(sends).toEqual([]);
  });

  it('drops a message naming no shard of its kind, or without a bound, reading nothing', async () => {
    await sweepShard(deps, { kind: 'sweep', id: 'other', data: { until: 1 } }, sweeper);
    await sweepShard(deps, { kind: 'sweep', id: 's0' }, sweeper);
    await sweepShard(deps, { kind: 'sweep', id: 's0', data: { until: 1, cursor: 7 } }, sweeper);
    expect(reads).toEqual([]);
    expect(handled).toEqual([]);
  });
});

describe('fanOutShards', () => {
  /** Partitions s0..s3; s1 and s3 hold entries. Probes are recorded with their limit. */
  const probes: { shard: string; limit?: number }[] = [];
  const sweeper = (probeFirst: boolean): ShardSweeper<number> => ({
    shards: () => ['s0', 's1', 's2', 's3'],
    readPage: async (_deps, s, limit) => {
      probes.push({ shard: s.shard, limit });
      if (s.shard === 's2' && probeFirst) throw new Error('probe failed (test)');
      return { items: s.shard === 's1' || s.shard === 's3' ? [1] : [] };
    },
    handle: async () => undefined,
    pagesPerMessage: 1,
    ...(probeFirst ? { probeFirst } : {}),
  });
  beforeEach(() => void (probes.length = 0));

  it('a kind that probes first hands out only the partitions holding something, and those whose probe failed', async () => {
    await fanOutShards(deps, 'sweep', sweeper(true), 99, 10);
    expect(probes).toEqual(['s0', 's1', 's2', 's3'].map((shard) => ({ shard, limit: 1 })));
    expect(batches).toEqual([
      ['s1', 's2', 's3'].map((id) => ({ message: { kind: 'sweep', id, data: { until: 99, after: 10 } } })),
    ]);
  });

  it('a kind that does not probe hands out every partition, reading nothing; nothing held: no send', async () => {
    await fanOutShards(deps, 'sweep', sweeper(false), 99);
    expect(probes).toEqual([]);
    expect(batches[0]!.map((w) => w.message.id)).toEqual(['s0', 's1', 's2', 's3']);
    batches.length = 0;
    await fanOutShards(deps, 'sweep', { ...sweeper(true), readPage: async () => ({ items: [] }) }, 99);
    expect(batches).toEqual([]);
  });
});
