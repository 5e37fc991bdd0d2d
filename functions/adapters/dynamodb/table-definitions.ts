/**
 * The one definition of every DynamoDB table. The CDK stack (`lib/`) and the local bootstrap
 * (`local/create-tables.ts`) both build tables from this list, so they cannot drift.
 * Plain data: no AWS SDK or CDK types here.
 */
import { BY_CUSTOMER_KEYS, BY_SERVICE_SHARD } from './callback-index-layout.js';
import type { IndexDefinition, KeyDefinition } from './key-definitions.js';

export type { AttributeType, IndexDefinition, KeyDefinition } from './key-definitions.js';

export interface TableDefinition {
  /** Logical id; also the suffix of the physical name and of the `TABLE_<ID>` env var. */
  id: TableId;
  partitionKey: KeyDefinition;
  sortKey?: KeyDefinition;
  /** Epoch-seconds attribute that DynamoDB TTL deletes on (late: readers must check it too). */
  ttlAttribute?: string;
  globalIndexes: IndexDefinition[];
}

export type TableId =
  | 'config'
  | 'sessions'
  | 'resources'
  | 'callbacks'
  | 'routing'
  | 'connections'
  | 'chats'
  | 'metrics'
  | 'tokens';

/** The config table's partition (`pk`) holding the users and their password hashes. */
export const USER_PARTITION = 'user';

/**
 * Every other partition of the config table (settings, services, resource and pattern groups,
 * templates, node status): what a function that authenticates nobody may read (`dynamodb:LeadingKeys`).
 */
export const CONFIG_PARTITIONS_WITHOUT_USERS = [
  'server',
  'service',
  'resource-group',
  'pattern-group',
  'template',
  'node',
] as const;

export const TABLES: readonly TableDefinition[] = [
  {
    // Services, resource groups, pattern groups, templates, users, node status: small, read-mostly.
    id: 'config',
    partitionKey: { name: 'pk', type: 'S' },
    sortKey: { name: 'sk', type: 'S' },
    globalIndexes: [],
  },
  {
    // Service sessions, storage entries, rate and lockout counters, each expiring. Bearer tokens
    // used to be here too (`token#<token>`); they have their own table now.
    id: 'sessions',
    partitionKey: { name: 'pk', type: 'S' },
    ttlAttribute: 'ttl',
    globalIndexes: [],
  },
  {
    // One item per access number. Two sparse indexes keep allocation cost independent of pool size:
    // `free` holds only unlocked numbers, `locked` only locked ones ordered by lock expiry.
    id: 'resources',
    partitionKey: { name: 'pk', type: 'S' },
    sortKey: { name: 'sk', type: 'S' },
    globalIndexes: [
      {
        name: 'free',
        partitionKey: { name: 'freeGroup', type: 'S' },
        sortKey: { name: 'freeOrder', type: 'N' },
        projection: 'KEYS_ONLY',
      },
      {
        name: 'locked',
        partitionKey: { name: 'lockedGroup', type: 'S' },
        sortKey: { name: 'lockExpiresAt', type: 'N' },
        projection: 'KEYS_ONLY',
      },
      {
        name: 'byNumber',
        partitionKey: { name: 'number', type: 'S' },
        projection: 'ALL',
      },
      {
        // Sparse: chunks of a group's numbers that still hold never-locked (free) numbers, with them.
        name: 'freeChunks',
        partitionKey: { name: 'chunkGroup', type: 'S' },
        sortKey: { name: 'chunkOrder', type: 'N' },
        projection: { include: ['chunkNumbers', 'freeNumbers'] },
      },
    ],
  },
  {
    // One item per callback (`cb#<id>`), plus the guard counters that make create/reschedule
    // rules atomic (`guard#<kind>#...`): a callback and its guards are written in one transaction.
    id: 'callbacks',
    partitionKey: { name: 'pk', type: 'S' },
    ttlAttribute: 'ttl',
    globalIndexes: [
      // A service's callbacks by desired time, sharded (`serviceShard` = `<service>#<0..15>`), keys only.
      BY_SERVICE_SHARD,
      {
        // Sparse: only SCHEDULED callbacks carry `dueShard`/`dueAt`; the one-minute tick reads what falls due.
        name: 'due',
        partitionKey: { name: 'dueShard', type: 'S' },
        sortKey: { name: 'dueAt', type: 'N' },
        projection: 'KEYS_ONLY',
      },
      {
        // Sparse: SCHEDULED and QUEUED callbacks carry `expiryShard`; the tick completes those whose
        // `expiresAt` (`_ttl` after the desired time) has passed, giving back their guards.
        name: 'expiry',
        partitionKey: { name: 'expiryShard', type: 'S' },
        sortKey: { name: 'expiresAt', type: 'N' },
        projection: 'KEYS_ONLY',
      },
      // A customer's callbacks, keys only.
      BY_CUSTOMER_KEYS,
    ],
  },
  {
    // The built-in router: agents (`agent#<id>`), READY sets per key, the waiting queue per queue
    // key in shards (`wait#<queue>#<n>` / priority#time#id) with its order counters; see
    // routing-store.ts.
    id: 'routing',
    partitionKey: { name: 'pk', type: 'S' },
    sortKey: { name: 'sk', type: 'S' },
    ttlAttribute: 'ttl',
    globalIndexes: [
      {
        // Sparse: RESERVED agents (a phase with a deadline, e.g. a dial awaiting its result,
        // `reserved#<n>`), BUSY agents (next check, `busy#<n>`), waiting entries (`waiting#<n>`)
        // and pending pushes (`push#<n>`, by the time their reservation committed) carry
        // `deadlineShard`; the tick reads those whose `deadline` has passed, however many agents
        // and entries there are.
        name: 'deadline',
        partitionKey: { name: 'deadlineShard', type: 'S' },
        sortKey: { name: 'deadline', type: 'N' },
        projection: 'KEYS_ONLY',
      },
    ],
  },
  {
    // WebSocket connections (`conn#<id>` / `meta`) and their subscriptions (`sub#<key>` / `conn#<id>`).
    id: 'connections',
    partitionKey: { name: 'pk', type: 'S' },
    sortKey: { name: 'sk', type: 'S' },
    ttlAttribute: 'ttl',
    globalIndexes: [],
  },
  {
    // Chat sessions: the header (`chat#<id>` / 0: state, parties, last position) and one item per
    // transcript event at its position, so a refresh is one Query from a position on.
    id: 'chats',
    partitionKey: { name: 'pk', type: 'S' },
    sortKey: { name: 'sk', type: 'N' },
    ttlAttribute: 'ttl',
    globalIndexes: [],
  },
  {
    // Reports: per-minute figures of a series (`service#<name>`, `pool#<group>`, `callback#<service>`),
    // one item per series, shard and minute (`<series>#<0..15>` / the minute's start, epoch ms), one
    // attribute per figure: a few hundred bytes, so an update is 1 WCU and no key takes a service's
    // every write. Items of the earlier hourly shape (`<series>` / hour, `<figure>@<minute>`) are
    // read until their TTL removes them.
    id: 'metrics',
    partitionKey: { name: 'pk', type: 'S' },
    sortKey: { name: 'sk', type: 'N' },
    ttlAttribute: 'ttl',
    globalIndexes: [],
  },
  {
    // Bearer tokens from admin/login (`token#<SHA-256 of the token>`): a table of their own, so that
    // only the functions that issue or check tokens are granted it, and hashed, so that even they
    // cannot read a usable token from it.
    id: 'tokens',
    partitionKey: { name: 'pk', type: 'S' },
    ttlAttribute: 'ttl',
    globalIndexes: [],
  },
];

export function tableEnvVar(id: TableId): string {
  return `TABLE_${id.toUpperCase()}`;
}
