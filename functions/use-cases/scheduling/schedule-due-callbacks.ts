import type { Ports } from '../../ports/index.js';
import type { WorkMessage } from '../../ports/work-queue.js';
import { fanOutShards, sweepShard, type ShardSweeper } from './shard-sweep.js';

/** The SCHEDULED index's partitions, and the activations sent for them. */
export type ScheduleDuePorts = Pick<Ports, 'callbacks' | 'clock' | 'queue'>;

/** The tick's side: the fan-out, and the record of how far the previous one reached. */
export type ScheduleTickPorts = ScheduleDuePorts & Pick<Ports, 'ticks'>;

/** Longer than the tick interval, so a tick that runs late still covers the gap. */
export const LOOKAHEAD_MS = 70_000;

/**
 * A callback still SCHEDULED this long after its desired time is handed out again by every tick,
 * even inside a window an earlier fan-out covered: its activation was lost (a shard message
 * dead-lettered, a hand-over that failed after its write).
 */
export const OVERDUE_RESEND_MS = 120_000;

/** An earlier fan-out older than this (ticks were missed) is not built on: everything due goes out. */
export const CHAIN_MAX_AGE_MS = 3 * 60_000;

export const SCHEDULE_SHARD_KIND = 'schedule-shard';

/**
 * The tick hands every partition of the SCHEDULED index to a worker (`schedule-shard`), with the
 * bound of what falls due before the next tick. It reads no callback itself, so its cost does not
 * grow with a burst.
 *
 * Windows overlap (a tick looks 70 s ahead, once a minute), and a burst that runs behind leaves
 * callbacks SCHEDULED past their time: sent again by each tick, those would add a duplicate
 * activation for every callback still waiting, the more the further behind. So a tick hands out
 * only what the previous fan-out (recorded after it was sent, at most `CHAIN_MAX_AGE_MS` old) did
 * not reach, plus what is overdue by `OVERDUE_RESEND_MS`. A callback written SCHEDULED inside a
 * window already handed out is activated by its own write's hand-over (`handOverCallback`: a
 * create or reschedule due within 70 s sends its activation itself).
 */
export async function scheduleDueCallbacks(deps: ScheduleTickPorts): Promise<void> {
  const now = deps.clock.now();
  const previous = await deps.ticks.lastScheduled();
  const chained = previous !== undefined && previous.at >= now - CHAIN_MAX_AGE_MS;
  const until = Math.max(now + LOOKAHEAD_MS, chained ? previous.until : 0);
  const after = chained ? previous.until : undefined;
  await fanOutShards(deps, SCHEDULE_SHARD_KIND, dueSweeper, until, after);
  await deps.ticks.recordScheduled({ until, at: now });
}

/** A KEYS_ONLY page of 1,000 is about 100 KB: a few read units, 100 batch sends. */
const PAGE_SIZE = 1_000;

const dueSweeper: ShardSweeper<{ id: string; dueAt: number }, ScheduleDuePorts> = {
  shards: (deps) => deps.callbacks.dueShards(),
  readPage: async (deps, s, limit = PAGE_SIZE) => {
    const page = await deps.callbacks.listDueShard(s.shard, s.until, limit, s.cursor);
    if (s.after === undefined) return page;
    const overdue = deps.clock.now() - OVERDUE_RESEND_MS;
    return { ...page, items: page.items.filter((d) => d.dueAt > s.after! || d.dueAt <= overdue) };
  },
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
