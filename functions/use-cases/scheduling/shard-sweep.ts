import { logger } from '../../observability.js';
import type { Ports } from '../../ports/index.js';
import type { ShardPage } from '../../ports/shard-page.js';
import type { WorkMessage } from '../../ports/work-queue.js';

/** The follow-up messages of a sweep (and the tick's fan-out). */
export type ShardSweepPorts = Pick<Ports, 'queue'>;

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
 * The tick's side: one message per partition, sent in batches, so the tick reads nothing itself
 * and every partition is read by its own worker invocation, in parallel.
 */
export async function fanOutShards(
  deps: ShardSweepPorts,
  kind: string,
  shards: readonly string[],
  until: number,
  after?: number,
): Promise<void> {
  const data = after === undefined ? { until } : { until, after };
  await deps.queue.sendBatch(shards.map((shard) => ({ message: { kind, id: shard, data } })));
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
  shards(deps: P): readonly string[];
  readPage(deps: P, sweep: ShardSweep): Promise<ShardPage<T>>;
  /** Acts on one page; throwing makes the queue deliver the message (this page) again. */
  handle(deps: P, items: T[]): Promise<void>;
  /**
   * Pages one message works through; the rest goes to a follow-up message carrying the cursor,
   * so one invocation stays well within the worker's timeout however large the partition is.
   */
  pagesPerMessage: number;
}

/**
 * The worker's side: reads its partition to the end (no cap that would leave items behind), page
 * by page. A duplicate message reads the partition again; the handlers act only through
 * conditional writes, so that changes nothing.
 */
export async function sweepShard<T, P extends ShardSweepPorts>(
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
