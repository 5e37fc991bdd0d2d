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
import type { CallbackChange, CallbackStore, CallbackWriteResult } from '../../ports.js';

type TransactItem = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
>[number];

const key = (id: string) => ({ pk: `cb#${id}` });
/** All SCHEDULED callbacks share one partition of the sparse `due` index; the tick reads its head. */
const DUE_SHARD = 'due';
/**
 * QUEUED callbacks sit in another partition of the same index, by queue time, so the tick can
 * hand the router any whose `route-callback` message was lost (a crash right after the change).
 */
const QUEUED_SHARD = 'queued';
/**
 * SCHEDULED and QUEUED callbacks also sit in the sparse `expiry` index by `expiresAt`, so the tick
 * finds those whose `_ttl` ran out (and gives back their guards) however they got stuck.
 */
const EXPIRY_SHARD = 'active';
const expiring = (state: CallbackRecord['state']) => state === 'SCHEDULED' || state === 'QUEUED';

/**
 * The sparse index attributes of a QUEUED callback (queue time in `due`, expiry in `expiry`), for
 * writes outside this store that put a callback back in the queue (`RoutingStore.requeue`).
 */
export const queuedIndexAttributes = (queuedAt: number) => ({
  dueShard: QUEUED_SHARD,
  dueAt: queuedAt,
  expiryShard: EXPIRY_SHARD,
});
/**
 * DynamoDB TTL deletes an item this long after the record expired: the record is hidden from
 * clients at `expiresAt` already, and the tick must complete it (giving back its guards) first.
 */
const DELETE_AFTER_EXPIRY_S = 86_400;
const itemTtl = (expiresAt: number) => Math.ceil(expiresAt / 1000) + DELETE_AFTER_EXPIRY_S;

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
    item.dueShard = DUE_SHARD;
    item.dueAt = record.desiredTime;
  } else if (record.state === 'QUEUED') {
    item.dueShard = QUEUED_SHARD;
    item.dueAt = record.queuedAt ?? record.createdAt;
  }
  if (expiring(record.state)) item.expiryShard = EXPIRY_SHARD;
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
        assign('dueShard', DUE_SHARD);
        if (change.set?.desiredTime === undefined) {
          throw new Error('Moving a callback to SCHEDULED needs its desiredTime.');
        }
        assign('dueAt', change.set.desiredTime);
      } else if (change.state === 'QUEUED') {
        assign('dueShard', QUEUED_SHARD);
        assign('dueAt', change.set?.queuedAt ?? now);
      } else {
        assign('dueShard', undefined);
        assign('dueAt', undefined);
      }
      assign('expiryShard', expiring(change.state) ? EXPIRY_SHARD : undefined);
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
    return this.listShard(DUE_SHARD, until, limit);
  }

  listQueuedSince(before: number, limit: number): Promise<{ id: string; dueAt: number }[]> {
    return this.listShard(QUEUED_SHARD, before, limit);
  }

  async listExpired(until: number, limit: number): Promise<{ id: string; expiresAt: number }[]> {
    const rows = await this.listIndex('expiry', 'expiryShard', EXPIRY_SHARD, 'expiresAt', until, limit);
    return rows.map((r) => ({ id: r.id, expiresAt: r.at }));
  }

  private async listShard(
    shard: string,
    until: number,
    limit: number,
  ): Promise<{ id: string; dueAt: number }[]> {
    const rows = await this.listIndex('due', 'dueShard', shard, 'dueAt', until, limit);
    return rows.map((r) => ({ id: r.id, dueAt: r.at }));
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
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: index,
          KeyConditionExpression: '#p = :p AND #s <= :u',
          ExpressionAttributeNames: { '#p': partition, '#s': sort },
          ExpressionAttributeValues: { ':p': value, ':u': until },
          Limit: Math.min(1000, limit - out.length),
          ExclusiveStartKey: start,
        }),
      );
      for (const i of page.Items ?? []) out.push({ id: (i.pk as string).slice(3), at: i[sort] as number });
      start = page.LastEvaluatedKey;
    } while (start && out.length < limit);
    return out;
  }

  async guardCounts(keys: string[]): Promise<Record<string, number>> {
    const counts: Record<string, number> = Object.fromEntries(keys.map((k) => [k, 0]));
    const unique = [...new Set(keys)];
    for (let i = 0; i < unique.length; i += 100) {
      let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = {
        [this.table]: { Keys: unique.slice(i, i + 100).map((pk) => ({ pk })) },
      };
      while (request && Object.keys(request).length > 0) {
        const out = await this.doc.send(new BatchGetCommand({ RequestItems: request as never }));
        for (const item of out.Responses?.[this.table] ?? [])
          counts[item.pk as string] = (item.count as number) ?? 0;
        request = out.UnprocessedKeys as typeof request;
      }
    }
    return counts;
  }
}
