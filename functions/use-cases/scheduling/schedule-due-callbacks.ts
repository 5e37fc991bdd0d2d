import type { Ports } from '../../ports/index.js';
import type { WorkMessage } from '../../ports/work-queue.js';
import { fanOutShards, sweepShard, type ShardSweeper } from './shard-sweep.js';

/** The SCHEDULED index's partitions, and the activations sent for them. */
export type ScheduleDuePorts = Pick<Ports, 'callbacks' | 'clock' | 'queue'>;

/** Longer than the tick interval, so a tick that runs late still covers the gap. */
export const LOOKAHEAD_MS = 70_000;

export const SCHEDULE_SHARD_KIND = 'schedule-shard';

/**
 * The tick hands every partition of the SCHEDULED index to a worker (`schedule-shard`), with the
 * bound of what falls due before the next tick. It reads no callback itself, so its cost does not
 * grow with a burst.
 */
export const scheduleDueCallbacks = (deps: ScheduleDuePorts): Promise<void> =>
  fanOutShards(deps, SCHEDULE_SHARD_KIND, deps.callbacks.dueShards(), deps.clock.now() + LOOKAHEAD_MS);

/** A KEYS_ONLY page of 1,000 is about 100 KB: a few read units, 100 batch sends. */
const PAGE_SIZE = 1_000;

const dueSweeper: ShardSweeper<{ id: string; dueAt: number }, ScheduleDuePorts> = {
  shards: (deps) => deps.callbacks.dueShards(),
  readPage: (deps, s) => deps.callbacks.listDueShard(s.shard, s.until, PAGE_SIZE, s.cursor),
  // Each activation is delayed to its callback's desired time; overdue ones (a missed tick, a
  // restart) go at once. Sending one twice is harmless: the activation is a conditional update.
  handle: async (deps, due) => {
    const now = deps.clock.now();
    await deps.queue.sendBatch(
      due.map((d) => ({
        message: { kind: 'activate-callback', id: d.id },
        delayMs: Math.max(0, d.dueAt - now),
      })),
    );
  },
  pagesPerMessage: 5,
};

/** `schedule-shard`: sends an activation for every callback of one partition due before `until`. */
export const scheduleShard = (message: WorkMessage, deps: ScheduleDuePorts): Promise<void> =>
  sweepShard(deps, message, dueSweeper);
