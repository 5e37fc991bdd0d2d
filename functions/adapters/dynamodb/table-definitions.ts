/**
 * The one definition of every DynamoDB table. The CDK stack (`lib/`) and the local bootstrap
 * (`local/create-tables.ts`) both build tables from this list, so they cannot drift.
 * Plain data: no AWS SDK or CDK types here.
 */
export type AttributeType = 'S' | 'N';

export interface KeyDefinition {
  name: string;
  type: AttributeType;
}

export interface IndexDefinition {
  name: string;
  partitionKey: KeyDefinition;
  sortKey?: KeyDefinition;
  /** Attributes copied into the index besides the keys; `ALL` copies everything. */
  projection: 'ALL' | 'KEYS_ONLY' | { include: string[] };
}

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
  'config' | 'sessions' | 'resources' | 'callbacks' | 'routing' | 'connections' | 'chats' | 'metrics';

export const TABLES: readonly TableDefinition[] = [
  {
    // Services, resource groups, pattern groups, templates, users, node status: small, read-mostly.
    id: 'config',
    partitionKey: { name: 'pk', type: 'S' },
    sortKey: { name: 'sk', type: 'S' },
    globalIndexes: [],
  },
  {
    // Service sessions, storage entries and bearer tokens, each expiring.
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
    ],
  },
  {
    // One item per callback (`cb#<id>`), plus the guard counters that make create/reschedule
    // rules atomic (`guard#<kind>#...`): a callback and its guards are written in one transaction.
    id: 'callbacks',
    partitionKey: { name: 'pk', type: 'S' },
    ttlAttribute: 'ttl',
    globalIndexes: [
      {
        // Admin queries, availability and watermarks: a service's callbacks by desired time.
        name: 'byService',
        partitionKey: { name: 'service', type: 'S' },
        sortKey: { name: 'desiredTime', type: 'N' },
        projection: 'ALL',
      },
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
      {
        name: 'byCustomer',
        partitionKey: { name: 'customerNumber', type: 'S' },
        sortKey: { name: 'createdAt', type: 'N' },
        projection: 'ALL',
      },
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
        // `reserved#<n>`), BUSY agents (next check, `busy#<n>`) and waiting entries (`waiting#<n>`)
        // carry `deadlineShard`; the tick reads those whose `deadline` has passed, however many
        // agents and entries there are.
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
    // Reports: per-minute figures of a series (`service#<name>`, `pool#<group>`, `callback#<service>`,
    // `media#<type>`), one item per hour (`sk` = the hour's start, epoch ms) whose attributes are
    // `<figure>@<minute of the hour>`, so a month of one series is some 750 small items.
    id: 'metrics',
    partitionKey: { name: 'pk', type: 'S' },
    sortKey: { name: 'sk', type: 'N' },
    ttlAttribute: 'ttl',
    globalIndexes: [],
  },
];

export function tableEnvVar(id: TableId): string {
  return `TABLE_${id.toUpperCase()}`;
}
