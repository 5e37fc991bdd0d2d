import { beforeEach, describe, expect, it } from 'vitest';
import {
  CHAIN_MAX_AGE_MS,
  LOOKAHEAD_MS,
  OVERDUE_RESEND_MS,
  scheduleDueCallbacks,
  scheduleShard,
} from '../../../../functions/use-cases/scheduling/schedule-due-callbacks.js';
import type { ScheduledWindow } from '../../../../functions/ports/tick-records.js';
import { sweepShard, type ShardSweeper } from '../../../../functions/use-cases/scheduling/shard-sweep.js';
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
  it('probes each shard for one due entry and hands only those to a worker, in one batch send', async () => {
    const reads: { method: string; limit?: unknown }[] = [];
    for (const m of ['listDue', 'listDueShard', 'get', 'getMany'] as const) {
      const original = callbacks[m].bind(callbacks) as (...a: unknown[]) => unknown;
      (callbacks as unknown as Record<string, unknown>)[m] = (...a: unknown[]) => {
        reads.push({ method: m, limit: m === 'listDueShard' ? a[2] : undefined });
        return original(...a);
      };
    }
    await scheduleDueCallbacks(deps);
    // Nothing due: one probe per shard (the in-memory store lists through `listDue`), no message.
    expect(reads.filter((r) => r.method !== 'listDue')).toEqual(
      callbacks.dueShards().map(() => ({ method: 'listDueShard', limit: 1 })),
    );
    expect(batches).toEqual([]);

    await callbacks.create(callbackRecord({ id: 'soon', desiredTime: clock.now() + 5_000 }), []);
    await deps.ticks.forgetScheduled();
    await scheduleDueCallbacks(deps);
    expect(sends).toEqual([]);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.map((w) => w.message)).toEqual([
      { kind: 'schedule-shard', id: expect.any(String), data: { until: clock.now() + LOOKAHEAD_MS } },
    ]);
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
    // Nothing due in the window: the probes found nothing, and no message went.
    const shardMessages = (batches.shift() ?? []).map((w) => w.message);
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
