import type { Ports } from '../../ports/index.js';
import type { WorkMessage } from '../../ports/work-queue.js';
import { CHAIN_MAX_AGE_MS } from '../scheduling/schedule-due-callbacks.js';
import { fanOutShards, sweepShard, type ShardSweeper } from '../scheduling/shard-sweep.js';

/** A `route-callback` normally lands within a second; older QUEUED callbacks are handed over again. */
export const ROUTE_GRACE_MS = 30_000;

export const ROUTE_QUEUED_SHARD_KIND = 'route-queued-shard';

/** The QUEUED partitions, the router's waiting queue, and the hand-overs sent. */
export type RouteQueuedPorts = Pick<Ports, 'callbacks' | 'routing' | 'queue' | 'clock'>;

/** The tick's side: the fan-out, and the record of how far the previous one looked. */
export type RouteQueuedTickPorts = Pick<Ports, 'callbacks' | 'clock' | 'queue' | 'ticks'>;

/**
 * A QUEUED callback that the router has not put in its waiting queue after `ROUTE_GRACE_MS` is
 * handed over again: its `route-callback` message was lost (a crash between the state change and
 * the send). `route-callback` is idempotent, so a late original message changes nothing.
 *
 * A callback stays QUEUED (and in its `queued` partition) for as long as it waits, so looking at
 * all of them every minute would read the whole queue each time. Each tick looks only at those
 * that became QUEUED since the window the previous one looked at (recorded after its fan-out, at
 * most `CHAIN_MAX_AGE_MS` old; else, and after a local start, at all of them), each partition read
 * by its own worker to the end: every QUEUED callback is looked at once, past its grace. A requeue
 * gives the callback a new queue time, and so a new look.
 */
export async function routeQueuedCallbacks(deps: RouteQueuedTickPorts): Promise<void> {
  const now = deps.clock.now();
  const until = now - ROUTE_GRACE_MS;
  const previous = await deps.ticks.lastQueuedSweep();
  const chained = previous !== undefined && previous.at >= now - CHAIN_MAX_AGE_MS;
  const after = chained ? Math.min(previous.until, until) : undefined;
  await fanOutShards(deps, ROUTE_QUEUED_SHARD_KIND, queuedSweeper, until, after);
  await deps.ticks.recordQueuedSweep({ until, at: now });
}

/** One BatchGetItem of the queue pointers (100 keys) per page. */
const PAGE_SIZE = 100;

const queuedSweeper: ShardSweeper<{ id: string; dueAt: number }, RouteQueuedPorts> = {
  shards: (deps) => deps.callbacks.queuedShards(),
  readPage: (deps, s, limit = PAGE_SIZE) =>
    deps.callbacks.listQueuedShard(s.shard, s.until, limit, s.cursor, s.after),
  handle: async (deps, queued) => {
    const waiting = await deps.routing.waitingAmong(queued.map((q) => q.id));
    const lost = queued.filter((q) => !waiting.has(q.id));
    if (lost.length > 0) {
      await deps.queue.sendBatch(lost.map((q) => ({ message: { kind: 'route-callback', id: q.id } })));
    }
  },
  pagesPerMessage: 10,
  probeFirst: true,
};

/** The worker's side: one `queued` partition, the window the tick chose, page by page. */
export function routeQueuedShard(deps: RouteQueuedPorts, message: WorkMessage): Promise<void> {
  return sweepShard(deps, message, queuedSweeper);
}
