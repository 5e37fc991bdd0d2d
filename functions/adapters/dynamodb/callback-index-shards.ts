import { allShardKeys, shardKey } from '../../domain/shard.js';

/**
 * The partition key values of the callbacks table's sparse tick indexes. Every SCHEDULED, QUEUED
 * and live callback of every service is written to these indexes, so one value each would be a
 * key all traffic shares (a partition takes at most 1,000 WCU/s): each family is split over
 * `TICK_INDEX_SHARDS` values by the callback id. A lifecycle writes each family twice (in and
 * out), so one shard takes 2/32 = 0.06 WCU per lifecycle of all services together.
 *
 * Before the split each family was one value (`due`, `queued`, `active`). Readers list those too,
 * so items written by that layout drain (an empty partition costs one small Query); a write moves
 * an item to its shard.
 */
export const TICK_INDEX_SHARDS = 32;

/** `due` index, SCHEDULED callbacks by desired time. */
const DUE = 'due';
/** `due` index, QUEUED callbacks by queue time (the tick re-routes those whose message was lost). */
const QUEUED = 'queued';
/** `expiry` index, SCHEDULED and QUEUED callbacks by `expiresAt`. */
const EXPIRY = 'active';

export const dueShardOf = (callbackId: string) => shardKey(DUE, callbackId, TICK_INDEX_SHARDS);
export const queuedShardOf = (callbackId: string) => shardKey(QUEUED, callbackId, TICK_INDEX_SHARDS);
export const expiryShardOf = (callbackId: string) => shardKey(EXPIRY, callbackId, TICK_INDEX_SHARDS);

/** Every partition a reader must list: the shards, then the single partition of the old layout. */
const withLegacy = (prefix: string): readonly string[] =>
  Object.freeze([...allShardKeys(prefix, TICK_INDEX_SHARDS), prefix]);

export const DUE_PARTITIONS = withLegacy(DUE);
export const QUEUED_PARTITIONS = withLegacy(QUEUED);
export const EXPIRY_PARTITIONS = withLegacy(EXPIRY);
