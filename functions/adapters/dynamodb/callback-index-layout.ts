import { shardKey } from '../../domain/shard.js';
import type { IndexDefinition } from './key-definitions.js';

/**
 * The `callbacks` table's list indexes, and how a deployed stack moves from the layout before
 * them. The old `byService` (partition = service name) and `byCustomer` projected ALL, so every
 * change of a callback (state, version, updatedAt) rewrote both, and one service's callbacks all
 * wrote one index partition. Their successors hold only keys that are set at create (a reschedule
 * moves `desiredTime`, nothing else moves them): a state change writes no list index at all, and a
 * service's writes spread over `SERVICE_SHARDS` partitions.
 */

/** Partitions of one service in `byServiceShard`: 16 keep 1,000 creates/s of a service at ~63 WCU/s each. */
export const SERVICE_SHARDS = 16;

export const BY_SERVICE_SHARD: IndexDefinition = {
  // Admin queries, availability and watermarks: a service's callbacks by desired time, read across
  // all shards and merged; the records come from the table (BatchGet).
  name: 'byServiceShard',
  partitionKey: { name: 'serviceShard', type: 'S' },
  sortKey: { name: 'desiredTime', type: 'N' },
  projection: 'KEYS_ONLY',
};

export const BY_CUSTOMER_KEYS: IndexDefinition = {
  // A customer's callbacks (`_customer_number` queries); the records come from the table (BatchGet).
  name: 'byCustomerKeys',
  partitionKey: { name: 'customerNumber', type: 'S' },
  sortKey: { name: 'createdAt', type: 'N' },
  projection: 'KEYS_ONLY',
};

/** The indexes they replace: read only while an upgrade is under way, then deleted. */
export const LEGACY_BY_SERVICE: IndexDefinition = {
  name: 'byService',
  partitionKey: { name: 'service', type: 'S' },
  sortKey: { name: 'desiredTime', type: 'N' },
  projection: 'ALL',
};

export const LEGACY_BY_CUSTOMER: IndexDefinition = {
  name: 'byCustomer',
  partitionKey: { name: 'customerNumber', type: 'S' },
  sortKey: { name: 'createdAt', type: 'N' },
  projection: 'ALL',
};

/**
 * CloudFormation adds or deletes one GSI per stack update, so a deployed stack gets there in
 * steps (CDK context `gms:indexUpgradeStep`), each one index operation from the step before.
 * `byService` goes last: it stays readable until the `serviceShard` backfill has finished.
 */
const UPGRADE_OPERATIONS: readonly { add?: IndexDefinition; remove?: IndexDefinition }[] = [
  { add: BY_SERVICE_SHARD },
  { add: BY_CUSTOMER_KEYS },
  { remove: LEGACY_BY_CUSTOMER },
  { remove: LEGACY_BY_SERVICE },
];

/** The last step: the layout of a fresh install (and of the default deploy). */
export const FINAL_UPGRADE_STEP = UPGRADE_OPERATIONS.length;

/**
 * The callbacks table's indexes at upgrade step `step` (0 = the layout before the upgrade,
 * `FINAL_UPGRADE_STEP` = `final`), from its final list of indexes.
 */
export function callbackIndexesAtStep(final: readonly IndexDefinition[], step: number): IndexDefinition[] {
  if (!Number.isInteger(step) || step < 0 || step > FINAL_UPGRADE_STEP) {
    throw new RangeError(
      `The index upgrade step must be an integer from 0 to ${FINAL_UPGRADE_STEP}, got ${step}.`,
    );
  }
  const added = new Set(UPGRADE_OPERATIONS.flatMap((o) => (o.add ? [o.add.name] : [])));
  let indexes = [
    ...final.filter((i) => !added.has(i.name)),
    ...UPGRADE_OPERATIONS.flatMap((o) => (o.remove ? [o.remove] : [])),
  ];
  for (const operation of UPGRADE_OPERATIONS.slice(0, step)) {
    if (operation.add) indexes.push(operation.add);
    if (operation.remove) indexes = indexes.filter((i) => i.name !== operation.remove!.name);
  }
  return indexes;
}

/** Index names an older local data folder may still have and the current layout no longer uses. */
export const RETIRED_CALLBACK_INDEXES: readonly string[] = [LEGACY_BY_SERVICE.name, LEGACY_BY_CUSTOMER.name];

/** The `byServiceShard` partition of callback `id` of `service`. */
export const serviceShardOf = (service: string, id: string) => shardKey(service, id, SERVICE_SHARDS);
