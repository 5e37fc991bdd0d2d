import { eachWithConcurrency } from '../../domain/bounded-concurrency.js';
import { logger } from '../../observability.js';
import type { Ports } from '../../ports/index.js';
import type { ShardPage } from '../../ports/shard-page.js';
import type { WorkMessage } from '../../ports/work-queue.js';

/** The follow-up messages of a sweep (and the tick's fan-out). */
export type ShardSweepPorts = Pick<Ports, 'queue'>;

/** What naming and reading a partition takes (the tick's probe reads with it too). */
export type ShardReadPorts = Pick<Ports, 'callbacks' | 'clock'>;

/**
 * Partitions the tick probes at once before its fan-out: a few Queries in flight, not one per
 * partition (locally they share two cores with the requests being served; see `fanOutShards`).
 */
export const PROBE_CONCURRENCY = 8;

/**
 * A sweep of one index partition handed to a worker: `id` is the partition, `until` the sort-key
 * bound the tick chose, `cursor` where a previous invocation stopped.
 */
interface ShardSweep {
  shard: string;
  until: number;
  /** The bound an earlier sweep of the same kind reached: what it may skip (see the sweeper). */
  after?: number;
  cursor?: string;
}

/**
 * The tick's side: one message per partition, sent in batches, so every partition is read to its
 * end by its own worker invocation, in parallel. A kind whose partitions are nearly always empty
 * (`probeFirst`: expired callbacks, lost route-callback messages) asks each partition first for
 * one entry in the window (`PROBE_CONCURRENCY` at a time) and hands out only those that hold
 * something: an idle minute then sends none of its messages and invokes no worker for it (each
 * kind sent 33 a minute, whose reads all ran at once, locally beside the requests being served).
 * Something written after its partition was probed is found by the next tick, as after the
 * worker's read. A probe that fails hands its partition out anyway.
 */
export async function fanOutShards<T, P>(
  deps: ShardSweepPorts & ShardReadPorts,
  kind: string,
  sweeper: ShardSweeper<T, P>,
  until: number,
  after?: number,
): Promise<void> {
  const window = after === undefined ? { until } : { until, after };
  const shards = sweeper.shards(deps);
  const sent = sweeper.probeFirst ? await occupiedShards(deps, kind, sweeper, shards, window) : shards;
  if (sent.length === 0) return;
  await deps.queue.sendBatch(sent.map((shard) => ({ message: { kind, id: shard, data: window } })));
}

/** The partitions of `shards` holding an entry in `window` (or whose probe failed), in order. */
async function occupiedShards<T, P>(
  deps: ShardReadPorts,
  kind: string,
  sweeper: ShardSweeper<T, P>,
  shards: readonly string[],
  window: { until: number; after?: number },
): Promise<readonly string[]> {
  const occupied = new Set<string>();
  await eachWithConcurrency(shards, PROBE_CONCURRENCY, async (shard) => {
    try {
      const page = await sweeper.readPage(deps, { shard, ...window }, 1);
      if (page.items.length > 0 || page.cursor !== undefined) occupied.add(shard);
    } catch (e) {
      logger.warn('Probing a partition failed; its sweep is sent anyway', { kind, shard, error: e as Error });
      occupied.add(shard);
    }
  });
  return shards.filter((shard) => occupied.has(shard));
}

function readSweep(message: WorkMessage, shards: readonly string[]): ShardSweep | undefined {
  const until = message.data?.until;
  const after = message.data?.after;
  const cursor = message.data?.cursor;
  if (!shards.includes(message.id) || typeof until !== 'number' || !Number.isFinite(until)) return undefined;
  if (after !== undefined && (typeof after !== 'number' || !Number.isFinite(after))) return undefined;
  if (cursor !== undefined && typeof cursor !== 'string') return undefined;
  return { shard: message.id, until, ...(after !== undefined ? { after } : {}), cursor };
}

/** One kind of partition sweep; `P` is what it reads and acts with. */
export interface ShardSweeper<T, P = ShardSweepPorts> {
  /** The partitions this kind of message may name. */
  shards(deps: ShardReadPorts): readonly string[];
  /** One page of the partition in the sweep's window: `limit` items at most (default: its page size). */
  readPage(deps: ShardReadPorts, sweep: ShardSweep, limit?: number): Promise<ShardPage<T>>;
  /** Acts on one page; throwing makes the queue deliver the message (this page) again. */
  handle(deps: P, items: T[]): Promise<void>;
  /**
   * Pages one message works through; the rest goes to a follow-up message carrying the cursor,
   * so one invocation stays well within the worker's timeout however large the partition is.
   */
  pagesPerMessage: number;
  /**
   * The tick asks each partition for one entry before handing it out (`fanOutShards`). Not for the
   * SCHEDULED index: a minute with a callback due would then pay a shard message and a worker
   * invocation for it alone, while at any real rate every partition holds something anyway.
   */
  probeFirst?: boolean;
}

/**
 * The worker's side: reads its partition to the end (no cap that would leave items behind), page
 * by page. A duplicate message reads the partition again; the handlers act only through
 * conditional writes, so that changes nothing.
 */
export async function sweepShard<T, P extends ShardSweepPorts & ShardReadPorts>(
  deps: P,
  message: WorkMessage,
  sweeper: ShardSweeper<T, P>,
): Promise<void> {
  const sweep = readSweep(message, sweeper.shards(deps));
  if (!sweep) {
    logger.error('Dropping a malformed shard sweep message', { kind: message.kind, id: message.id });
    return;
  }
  let cursor = sweep.cursor;
  for (let page = 0; page < sweeper.pagesPerMessage; page++) {
    const { items, cursor: next } = await sweeper.readPage(deps, { ...sweep, cursor });
    if (items.length > 0) await sweeper.handle(deps, items);
    if (!next) return;
    cursor = next;
  }
  const { until, after } = sweep;
  await deps.queue.send({
    kind: message.kind,
    id: sweep.shard,
    data: { until, ...(after !== undefined ? { after } : {}), cursor },
  });
}
