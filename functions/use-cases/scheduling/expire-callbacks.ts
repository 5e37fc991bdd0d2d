import { eachWithConcurrency } from '../../domain/bounded-concurrency.js';
import type { CallbackRecord } from '../../domain/callback/callback-record.js';
import { logger } from '../../observability.js';
import { releaseAccessNumber } from '../callback/cancel-callback.js';
import type { Ports } from '../../ports/index.js';
import type { WorkMessage } from '../../ports/work-queue.js';
import { completeCallback } from '../routing/routing-context.js';
import { sweepShard, type ShardSweeper } from './shard-sweep.js';

export const EXPIRE_SHARD_KIND = 'expire-shard';

/** One BatchGetItem (100 keys) per page. */
const PAGE_SIZE = 100;

/** Completions in flight at once within a page. */
const CONCURRENCY = 10;

/** Expiry: the callback's versioned completion, its access number's release, the router told. */
export type ExpireCallbacksPorts = Pick<
  Ports,
  'callbacks' | 'callbackEvents' | 'clock' | 'queue' | 'sessions' | 'config' | 'accessNumbers' | 'metrics'
>;

/**
 * Completes one expired callback with FAIL_TIMEOUT_TTL through the versioned update that gives back
 * its guards (queue limit, duplicate lock, bucket), tells the router (`callback-ended`) and releases
 * a user-originated callback's access number. The index may lag a change (reschedule, routing):
 * the record decides, and a record that moved on meanwhile is left to the next tick.
 */
async function expireCallback(
  deps: ExpireCallbacksPorts,
  record: CallbackRecord,
  now: number,
): Promise<void> {
  if ((record.state !== 'SCHEDULED' && record.state !== 'QUEUED') || record.expiresAt > now) return;
  if (!(await completeCallback(deps, record, 'FAIL_TIMEOUT_TTL'))) return;
  logger.info('Callback expired', { callbackId: record.id, state: record.state });
  await releaseAccessNumber(deps, record.id, now, 'timeout', record.createdAt);
  // The router forgets it, as after a cancel (the waiting-queue sweep would drop it too).
  await deps.queue.send({ kind: 'callback-ended', id: record.id });
}

export const expirySweeper: ShardSweeper<{ id: string; expiresAt: number }, ExpireCallbacksPorts> = {
  shards: (deps) => deps.callbacks.expiryShards(),
  readPage: (deps, s, limit = PAGE_SIZE) =>
    deps.callbacks.listExpiredShard(s.shard, s.until, limit, s.cursor),
  handle: async (deps, expired) => {
    const now = deps.clock.now();
    const records = await deps.callbacks.getMany(expired.map((e) => e.id));
    await eachWithConcurrency(records, CONCURRENCY, async (record) => {
      try {
        await expireCallback(deps, record, now);
      } catch (e) {
        // One callback's problem must not stop the others; the next tick finds it again.
        logger.error('Callback expiry failed', { callbackId: record.id, error: e as Error });
      }
    });
  },
  pagesPerMessage: 10,
  probeFirst: true,
};

/** `expire-shard`: completes every callback of one expiry partition whose `expiresAt` passed. */
export const expireShard = (deps: ExpireCallbacksPorts, message: WorkMessage): Promise<void> =>
  sweepShard(deps, message, expirySweeper);
