import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { CallbackRecord, Guard, GuardRef } from '../../domain/callback/callback-record.js';
import type { CallbackChange, CallbackStore, CallbackWriteResult, ShardPage } from '../../ports.js';
import {
  DUE_PARTITIONS,
  dueShardOf,
  EXPIRY_PARTITIONS,
  expiryShardOf,
  QUEUED_PARTITIONS,
  queuedShardOf,
} from './callback-index-shards.js';

type TransactItem = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
>[number];

const key = (id: string) => ({ pk: `cb#${id}` });
const expiring = (state: CallbackRecord['state']) => state === 'SCHEDULED' || state === 'QUEUED';

/**
 * The sparse index attributes of a QUEUED callback (queue time in `due`, expiry in `expiry`), for
 * writes outside this store that put a callback back in the queue (`RoutingStore.requeue`).
 */
export const queuedIndexAttributes = (callbackId: string, queuedAt: number) => ({
  dueShard: queuedShardOf(callbackId),
  dueAt: queuedAt,
  expiryShard: expiryShardOf(callbackId),
});
/**
 * DynamoDB TTL deletes an item this long after the record expired: the record is hidden from
 * clients at `expiresAt` already, and the tick must complete it (giving back its guards) first.
 */
const DELETE_AFTER_EXPIRY_S = 86_400;
const itemTtl = (expiresAt: number) => Math.ceil(expiresAt / 1000) + DELETE_AFTER_EXPIRY_S;

/** BatchGetItem's limit of keys per request. */
const BATCH_GET_KEYS = 100;

/** A page's LastEvaluatedKey as an opaque string a work message can carry. */
const encodeCursor = (next: Record<string, unknown> | undefined) =>
  next ? Buffer.from(JSON.stringify(next)).toString('base64url') : undefined;

function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (cursor === undefined) return undefined;
  const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new RangeError('Not an index cursor');
  return value as Record<string, unknown>;
}

/** Concurrent transactions on one counter may be cancelled with TransactionConflict: try again. */
const CONFLICT_RETRIES = 8;

const isTransactionConflict = (e: unknown) =>
  e instanceof TransactionCanceledException &&
  (e.CancellationReasons ?? []).some((r) => r.Code === 'TransactionConflict');

async function withConflictRetry<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await write();
    } catch (e) {
      if (!isTransactionConflict(e) || attempt >= CONFLICT_RETRIES) throw e;
      await new Promise((r) => setTimeout(r, Math.random() * 20 * 2 ** Math.min(attempt, 5)));
    }
  }
}

const RECORD_FIELDS = [
  'id',
  'service',
  'state',
  'reason',
  'customerNumber',
  'desiredTime',
  'scheduled',
  'scenario',
  'properties',
  'target',
  'virtualQueue',
  'priority',
  'agentId',
  'queuedAt',
  'dialAttempts',
  'guards',
  'createdAt',
  'updatedAt',
  'expiresAt',
  'version',
] as const;

function toRecord(item: Record<string, unknown>): CallbackRecord {
  const record: Record<string, unknown> = {};
  for (const f of RECORD_FIELDS) if (item[f] !== undefined) record[f] = item[f];
  record.properties ??= {};
  record.guards ??= [];
  return record as unknown as CallbackRecord;
}

function toItem(record: CallbackRecord): Record<string, unknown> {
  const item: Record<string, unknown> = { ...key(record.id), ttl: itemTtl(record.expiresAt) };
  for (const f of RECORD_FIELDS) item[f] = record[f];
  // Empty strings cannot be index keys.
  if (!record.customerNumber) delete item.customerNumber;
  if (record.state === 'SCHEDULED') {
    item.dueShard = dueShardOf(record.id);
    item.dueAt = record.desiredTime;
  } else if (record.state === 'QUEUED') {
    item.dueShard = queuedShardOf(record.id);
    item.dueAt = record.queuedAt ?? record.createdAt;
  }
  if (expiring(record.state)) item.expiryShard = expiryShardOf(record.id);
  return item;
}

/** Conditional increment: the counter must stay within its limit. */
function takeGuard(table: string, guard: Guard, now: number): TransactItem {
  return {
    Update: {
      TableName: table,
      Key: { pk: guard.key },
      UpdateExpression: 'ADD #c :one SET #k = :kind, #t = :ttl',
      ConditionExpression: '(attribute_not_exists(#c) AND :limit > :zero) OR #c < :limit',
      ExpressionAttributeNames: { '#c': 'count', '#k': 'kind', '#t': 'ttl' },
      ExpressionAttributeValues: {
        ':one': 1,
        ':zero': 0,
        ':limit': guard.limit,
        ':kind': guard.kind,
        // Counters outlive what they count by a day, then DynamoDB TTL removes them.
        ':ttl': Math.ceil((guard.expiresAt ?? now + 366 * 86_400_000) / 1000) + 86_400,
      },
    },
  };
}

function releaseGuard(table: string, guard: GuardRef): TransactItem {
  return {
    Update: {
      TableName: table,
      Key: { pk: guard.key },
      UpdateExpression: 'ADD #c :minus',
      ExpressionAttributeNames: { '#c': 'count' },
      ExpressionAttributeValues: { ':minus': -1 },
    },
  };
}

/**
 * Callbacks and their guard counters in the `callbacks` table. Every write is one transaction:
 * the callback's versioned change and the counters it takes or gives back commit together, so a
 * rule (capacity, queue limit, duplicate lock, throttle) can never be checked and then broken.
 */
export class DynamoCallbackStore implements CallbackStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  private refusedGuard(e: unknown, guards: readonly Guard[], offset: number): Guard | undefined {
    if (!(e instanceof TransactionCanceledException)) return undefined;
    const reasons = e.CancellationReasons ?? [];
    for (let i = offset; i < reasons.length; i++) {
      if (reasons[i]?.Code === 'ConditionalCheckFailed') return guards[i - offset];
    }
    return undefined;
  }

  private versionFailed(e: unknown): boolean {
    return (
      e instanceof TransactionCanceledException &&
      e.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed'
    );
  }

  async create(record: CallbackRecord, guards: Guard[]): Promise<CallbackWriteResult> {
    const stored: CallbackRecord = {
      ...record,
      guards: guards.filter((g) => g.releasable).map((g) => ({ key: g.key, kind: g.kind })),
    };
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.table,
          Item: toItem(stored),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      ...guards.map((g) => takeGuard(this.table, g, record.createdAt)),
    ];
    try {
      await withConflictRetry(() => this.doc.send(new TransactWriteCommand({ TransactItems: items })));
      return { ok: true, record: stored };
    } catch (e) {
      const refused = this.refusedGuard(e, guards, 1);
      if (refused) return { ok: false, reason: 'guard', refused };
      if (this.versionFailed(e)) return { ok: false, reason: 'version' };
      throw e;
    }
  }

  async get(id: string): Promise<CallbackRecord | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: key(id), ConsistentRead: true }),
    );
    return out.Item ? toRecord(out.Item) : undefined;
  }

  async update(
    id: string,
    expectedVersion: number,
    change: CallbackChange,
    now: number,
  ): Promise<CallbackWriteResult> {
    if (change.set?.desiredTime !== undefined && change.state === undefined) {
      throw new Error('A change of desiredTime must say the resulting state (it decides the due index).');
    }
    const names: Record<string, string> = { '#v': 'version', '#u': 'updatedAt' };
    const values: Record<string, unknown> = {
      ':expected': expectedVersion,
      ':next': expectedVersion + 1,
      ':now': now,
    };
    const sets = ['#v = :next', '#u = :now'];
    const removes: string[] = [];
    const assign = (field: string, value: unknown) => {
      names[`#${field}`] = field;
      if (value === undefined) removes.push(`#${field}`);
      else {
        values[`:${field}`] = value;
        sets.push(`#${field} = :${field}`);
      }
    };
    if (change.state) {
      assign('state', change.state);
      if (change.state === 'SCHEDULED') {
        assign('dueShard', dueShardOf(id));
        if (change.set?.desiredTime === undefined) {
          throw new Error('Moving a callback to SCHEDULED needs its desiredTime.');
        }
        assign('dueAt', change.set.desiredTime);
      } else if (change.state === 'QUEUED') {
        assign('dueShard', queuedShardOf(id));
        assign('dueAt', change.set?.queuedAt ?? now);
      } else {
        assign('dueShard', undefined);
        assign('dueAt', undefined);
      }
      assign('expiryShard', expiring(change.state) ? expiryShardOf(id) : undefined);
    }
    if (change.reason) assign('reason', change.reason);
    for (const [field, value] of Object.entries(change.set ?? {})) {
      if (field === 'customerNumber' && !value) assign(field, undefined);
      else assign(field, value);
    }
    if (change.set?.expiresAt !== undefined) assign('ttl', itemTtl(change.set.expiresAt));
    if (change.clearAgent) assign('agentId', undefined);

    const release = change.release ?? [];
    const take = change.take ?? [];
    if (release.length > 0 || take.length > 0) {
      // The record's guard list follows the counters it holds.
      const releasedKeys = new Set(release.map((g) => g.key));
      const current = await this.get(id);
      const guards = (current?.guards ?? [])
        .filter((g) => !releasedKeys.has(g.key))
        .concat(take.filter((g) => g.releasable).map((g) => ({ key: g.key, kind: g.kind })));
      assign('guards', guards);
    }

    const items: TransactItem[] = [
      {
        Update: {
          TableName: this.table,
          Key: key(id),
          UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
          ConditionExpression: '#v = :expected',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      },
      ...take.map((g) => takeGuard(this.table, g, now)),
      ...release.map((g) => releaseGuard(this.table, g)),
    ];
    try {
      await withConflictRetry(() => this.doc.send(new TransactWriteCommand({ TransactItems: items })));
    } catch (e) {
      if (this.versionFailed(e)) return { ok: false, reason: 'version' };
      const refused = this.refusedGuard(e, take, 1);
      if (refused) return { ok: false, reason: 'guard', refused };
      throw e;
    }
    const record = await this.get(id);
    if (!record) return { ok: false, reason: 'version' };
    return { ok: true, record };
  }

  private async queryRecords(input: QueryCommandInput, limit: number): Promise<CallbackRecord[]> {
    const records: CallbackRecord[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          ...input,
          ExclusiveStartKey: start,
          Limit: Math.min(1000, limit - records.length),
        }),
      );
      records.push(...(out.Items ?? []).map(toRecord));
      start = out.LastEvaluatedKey;
    } while (start && records.length < limit);
    return records;
  }

  listByService(service: string, from: number, to: number, limit: number): Promise<CallbackRecord[]> {
    return this.queryRecords(
      {
        TableName: this.table,
        IndexName: 'byService',
        KeyConditionExpression: 'service = :s AND desiredTime BETWEEN :f AND :t',
        ExpressionAttributeValues: { ':s': service, ':f': from, ':t': to },
      },
      limit,
    );
  }

  listByCustomer(customerNumber: string): Promise<CallbackRecord[]> {
    return this.queryRecords(
      {
        TableName: this.table,
        IndexName: 'byCustomer',
        KeyConditionExpression: 'customerNumber = :c',
        ExpressionAttributeValues: { ':c': customerNumber },
      },
      10_000,
    );
  }

  listDue(until: number, limit: number): Promise<{ id: string; dueAt: number }[]> {
    return this.listAll('due', 'dueShard', DUE_PARTITIONS, 'dueAt', until, limit, (r) => ({
      id: r.id,
      dueAt: r.at,
    }));
  }

  listQueuedSince(before: number, limit: number): Promise<{ id: string; dueAt: number }[]> {
    return this.listAll('due', 'dueShard', QUEUED_PARTITIONS, 'dueAt', before, limit, (r) => ({
      id: r.id,
      dueAt: r.at,
    }));
  }

  listExpired(until: number, limit: number): Promise<{ id: string; expiresAt: number }[]> {
    return this.listAll('expiry', 'expiryShard', EXPIRY_PARTITIONS, 'expiresAt', until, limit, (r) => ({
      id: r.id,
      expiresAt: r.at,
    }));
  }

  dueShards(): readonly string[] {
    return DUE_PARTITIONS;
  }

  expiryShards(): readonly string[] {
    return EXPIRY_PARTITIONS;
  }

  async listDueShard(
    shard: string,
    until: number,
    limit: number,
    cursor?: string,
  ): Promise<ShardPage<{ id: string; dueAt: number }>> {
    if (!DUE_PARTITIONS.includes(shard)) throw new RangeError(`Not a partition of the due index: ${shard}`);
    const page = await this.queryPage('due', 'dueShard', shard, 'dueAt', until, limit, decodeCursor(cursor));
    return { items: page.rows.map((r) => ({ id: r.id, dueAt: r.at })), cursor: encodeCursor(page.next) };
  }

  async listExpiredShard(
    shard: string,
    until: number,
    limit: number,
    cursor?: string,
  ): Promise<ShardPage<{ id: string; expiresAt: number }>> {
    if (!EXPIRY_PARTITIONS.includes(shard))
      throw new RangeError(`Not a partition of the expiry index: ${shard}`);
    const page = await this.queryPage(
      'expiry',
      'expiryShard',
      shard,
      'expiresAt',
      until,
      limit,
      decodeCursor(cursor),
    );
    return {
      items: page.rows.map((r) => ({ id: r.id, expiresAt: r.at })),
      cursor: encodeCursor(page.next),
    };
  }

  async getMany(ids: readonly string[]): Promise<CallbackRecord[]> {
    const records: CallbackRecord[] = [];
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += BATCH_GET_KEYS) {
      for await (const item of this.batchGet(unique.slice(i, i + BATCH_GET_KEYS).map((id) => key(id))))
        records.push(toRecord(item));
    }
    return records;
  }

  /**
   * BatchGetItem of up to 100 keys, with the keys DynamoDB left unprocessed (throttling, the 16 MB
   * answer limit) asked again after a short backoff until none is left.
   */
  private async *batchGet(keys: Record<string, unknown>[]): AsyncGenerator<Record<string, unknown>> {
    let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = {
      [this.table]: { Keys: keys },
    };
    for (let attempt = 0; request && (request[this.table]?.Keys.length ?? 0) > 0; attempt++) {
      if (attempt > 0)
        await new Promise((r) => setTimeout(r, Math.random() * 20 * 2 ** Math.min(attempt, 6)));
      const out = await this.doc.send(new BatchGetCommand({ RequestItems: request as never }));
      yield* out.Responses?.[this.table] ?? [];
      request = out.UnprocessedKeys as typeof request;
    }
  }

  /**
   * The heads of every partition of a sharded index, merged earliest first: one Query (or a few
   * pages) per partition, in parallel. For callers that want a bounded overview across shards.
   */
  private async listAll<T>(
    index: string,
    partition: string,
    values: readonly string[],
    sort: string,
    until: number,
    limit: number,
    shape: (row: { id: string; at: number }) => T,
  ): Promise<T[]> {
    const heads = await Promise.all(
      values.map((v) => this.listIndex(index, partition, v, sort, until, limit)),
    );
    return heads
      .flat()
      .sort((a, b) => a.at - b.at)
      .slice(0, limit)
      .map(shape);
  }

  /** The head of one partition of a sparse index: items whose sort key is at most `until`. */
  private async listIndex(
    index: string,
    partition: string,
    value: string,
    sort: string,
    until: number,
    limit: number,
  ): Promise<{ id: string; at: number }[]> {
    const out: { id: string; at: number }[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.queryPage(index, partition, value, sort, until, limit - out.length, start);
      out.push(...page.rows);
      start = page.next;
    } while (start && out.length < limit);
    return out;
  }

  private async queryPage(
    index: string,
    partition: string,
    value: string,
    sort: string,
    until: number,
    limit: number,
    start: Record<string, unknown> | undefined,
  ): Promise<{ rows: { id: string; at: number }[]; next?: Record<string, unknown> }> {
    const page = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: index,
        KeyConditionExpression: '#p = :p AND #s <= :u',
        ExpressionAttributeNames: { '#p': partition, '#s': sort },
        ExpressionAttributeValues: { ':p': value, ':u': until },
        Limit: Math.min(1000, limit),
        ExclusiveStartKey: start,
      }),
    );
    return {
      rows: (page.Items ?? []).map((i) => ({ id: (i.pk as string).slice(3), at: i[sort] as number })),
      next: page.LastEvaluatedKey,
    };
  }

  async guardCounts(keys: string[]): Promise<Record<string, number>> {
    const counts: Record<string, number> = Object.fromEntries(keys.map((k) => [k, 0]));
    const unique = [...new Set(keys)];
    for (let i = 0; i < unique.length; i += BATCH_GET_KEYS) {
      for await (const item of this.batchGet(unique.slice(i, i + BATCH_GET_KEYS).map((pk) => ({ pk }))))
        counts[item.pk as string] = (item.count as number) ?? 0;
    }
    return counts;
  }
}
