import { eachWithConcurrency } from '../../domain/bounded-concurrency.js';
import { SWEEP_READ_CONCURRENCY } from './sweep-reads.js';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type {
  CallbackRecord,
  CallbackState,
  Guard,
  GuardRef,
} from '../../domain/callback/callback-record.js';
import { applyChange } from '../../domain/callback/callback-transition.js';
import { ServiceUnavailableError } from '../../domain/errors.js';
import { allShardKeys } from '../../domain/shard.js';
import type { CallbackChange, CallbackStore, CallbackWriteResult } from '../../ports/callbacks.js';
import type { ShardPage } from '../../ports/shard-page.js';
import { batchGetItems } from './batch-items.js';
import {
  BY_CUSTOMER_KEYS,
  BY_SERVICE_SHARD,
  LEGACY_BY_CUSTOMER,
  LEGACY_BY_SERVICE,
  SERVICE_SHARDS,
  serviceShardOf,
} from './callback-index-layout.js';
import {
  DUE_PARTITIONS,
  dueShardOf,
  EXPIRY_PARTITIONS,
  expiryShardOf,
  QUEUED_PARTITIONS,
  queuedShardOf,
} from './callback-index-shards.js';
import { serviceShardBackfillDone } from './service-shard-backfill.js';
import { releaseShared, takeShared, type SlotGuard } from './shared-counter.js';

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

/** A customer's callbacks listed at most (GMS has no paging on `_customer_number` queries). */
const MAX_BY_CUSTOMER = 10_000;

/**
 * A query of an index the table does not have (yet, or any more), or has but is still building
 * ("Cannot read from backfilling global secondary index"): an upgrade is under way.
 */
const isMissingIndex = (e: unknown) =>
  e instanceof Error &&
  e.name === 'ValidationException' &&
  /specified index|backfilling global secondary index/i.test(e.message);

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
  item.serviceShard = serviceShardOf(record.service, record.id);
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
 * Guards that end by themselves (time buckets, throttle windows) are taken and given back with
 * plain conditional writes around the callback's own write instead of inside its transaction (a
 * transaction writes each item twice). Each counter still never passes its limit; what is given
 * up is only that a crash between the writes leaves a counter one too high until its window ends
 * (a create refused that would have fitted, never one admitted over the limit). The queue limit
 * and duplicate lock have no end, so they stay in the transaction.
 */
const outsideTransaction = (g: GuardRef) => g.kind === 'bucket' || g.kind === 'throttle';

function partition<T extends GuardRef>(guards: readonly T[]): { plain: T[]; inTransaction: T[] } {
  return {
    plain: guards.filter(outsideTransaction),
    inTransaction: guards.filter((g) => !outsideTransaction(g)),
  };
}

/** A guard as given back: a reference, and where a shared counter keeps it (`Guard.slot`). */
type HeldGuard = GuardRef & Pick<Guard, 'slot'>;

/** Guards kept as fields of a shared counter item, grouped by that item. */
function bySlotItem<T extends HeldGuard>(guards: readonly T[]): (T & Pick<SlotGuard, 'slot'>)[][] {
  const groups = new Map<string, (T & Pick<SlotGuard, 'slot'>)[]>();
  // The guards themselves, not copies: a refusal is matched against the caller's list by identity.
  for (const g of guards.filter((x): x is T & Pick<SlotGuard, 'slot'> => x.slot !== undefined)) {
    const group = groups.get(g.slot.item) ?? [];
    group.push(g);
    groups.set(g.slot.item, group);
  }
  return [...groups.values()];
}

/**
 * Callbacks and their guard counters in the `callbacks` table. A write that takes or gives back
 * the queue limit or the duplicate lock is one transaction: the callback's versioned change and
 * those counters commit together. Time buckets and throttles are taken before the callback's write
 * and given back after it with plain conditional writes (`outsideTransaction`). Either way no rule
 * can be checked and then broken: every take is a conditional increment. A write that moves no
 * counter in a transaction is a plain conditional write (half the write units).
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

  /**
   * Takes `guards` with plain conditional writes, all at once: one each, or one per shared counter
   * item for guards kept as its fields (`Guard.slot`, `takeShared`). When one is refused, gives
   * back those taken and returns the refusal to report: the first refused in `order`, or an
   * earlier guard of `order` found at its limit (so the reported rule is the one a transaction
   * over all of them would name). `taken`: what to give back if the callback's write then fails.
   */
  private async takePlain(
    guards: readonly Guard[],
    order: readonly Guard[],
    now: number,
  ): Promise<{ refused?: Guard; taken: Guard[] }> {
    if (guards.length === 0) return { taken: [] };
    const singles = guards.filter((g) => !g.slot);
    const shared = bySlotItem(guards);
    const [singleOutcomes, sharedOutcomes] = await Promise.all([
      Promise.allSettled(
        singles.map((g) => this.doc.send(new UpdateCommand(takeGuard(this.table, g, now).Update!))),
      ),
      Promise.allSettled(shared.map((group) => takeShared(this.doc, this.table, group, now))),
    ]);
    const taken: Guard[] = [];
    const refused: Guard[] = [];
    let failure: { reason: unknown } | undefined;
    singles.forEach((g, i) => {
      const outcome = singleOutcomes[i]!;
      if (outcome.status === 'fulfilled') taken.push(g);
      else if (outcome.reason instanceof ConditionalCheckFailedException) refused.push(g);
      else failure ??= { reason: outcome.reason };
    });
    shared.forEach((_, i) => {
      const outcome = sharedOutcomes[i]!;
      if (outcome.status === 'rejected') failure ??= { reason: outcome.reason };
      else if ('taken' in outcome.value) taken.push(...outcome.value.taken);
      else refused.push(...outcome.value.refused);
    });
    if (refused.length === 0 && !failure) return { taken };
    await this.releasePlain(taken);
    if (failure) throw failure.reason;
    const first = order.find((g) => refused.includes(g))!;
    const earlier = order.slice(0, order.indexOf(first)).filter((g) => !guards.includes(g));
    if (earlier.length > 0) {
      const counts = await this.guardCounts(earlier.map((g) => g.key));
      const full = earlier.find((g) => (counts[g.key] ?? 0) >= g.limit);
      if (full) return { refused: full, taken: [] };
    }
    return { refused: first, taken: [] };
  }

  /** Gives back guards taken with plain writes (each once; a shared counter's in one write). */
  private async releasePlain(guards: readonly HeldGuard[]): Promise<void> {
    await Promise.all([
      ...guards
        .filter((g) => !g.slot)
        .map((g) => this.doc.send(new UpdateCommand(releaseGuard(this.table, g).Update!))),
      ...bySlotItem(guards).map((group) => releaseShared(this.doc, this.table, group)),
    ]);
  }

  async create(record: CallbackRecord, guards: Guard[]): Promise<CallbackWriteResult> {
    const stored: CallbackRecord = {
      ...record,
      guards: guards.filter((g) => g.releasable).map((g) => ({ key: g.key, kind: g.kind })),
    };
    const put = {
      TableName: this.table,
      Item: toItem(stored),
      ConditionExpression: 'attribute_not_exists(pk)',
    };
    const { plain, inTransaction } = partition(guards);
    const plainTake = await this.takePlain(plain, guards, record.createdAt);
    if (plainTake.refused) return { ok: false, reason: 'guard', refused: plainTake.refused };
    const items: TransactItem[] = [
      { Put: put },
      ...inTransaction.map((g) => takeGuard(this.table, g, record.createdAt)),
    ];
    try {
      if (inTransaction.length === 0) await this.doc.send(new PutCommand(put));
      else await withConflictRetry(() => this.doc.send(new TransactWriteCommand({ TransactItems: items })));
      return { ok: true, record: stored };
    } catch (e) {
      await this.releasePlain(plainTake.taken);
      if (e instanceof ConditionalCheckFailedException) return { ok: false, reason: 'version' };
      const refused = this.refusedGuard(e, inTransaction, 1);
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

  /**
   * The SET/REMOVE parts of writing `change` (state, the sparse index keys it decides, fields),
   * besides the version; `assign` adds more.
   */
  private changeParts(id: string, change: CallbackChange, now: number) {
    if (change.set?.desiredTime !== undefined && change.state === undefined) {
      throw new Error('A change of desiredTime must say the resulting state (it decides the due index).');
    }
    const names: Record<string, string> = { '#v': 'version', '#u': 'updatedAt' };
    const values: Record<string, unknown> = { ':now': now };
    const sets = ['#u = :now'];
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
    return { names, values, sets, removes, assign };
  }

  async updateIfDue(
    id: string,
    change: CallbackChange,
    now: number,
    when: { state: CallbackState; dueBy: number },
  ): Promise<CallbackRecord | undefined> {
    if (change.take?.length || change.release?.length) {
      throw new Error('updateIfDue moves no guards (their list is written from the record read first).');
    }
    const { names, values, sets, removes } = this.changeParts(id, change, now);
    names['#ws'] = 'state';
    names['#wd'] = 'desiredTime';
    values[':ws'] = when.state;
    values[':wd'] = when.dueBy;
    values[':one'] = 1;
    sets.unshift('#v = #v + :one');
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: key(id),
          UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
          ConditionExpression: '#ws = :ws AND #wd <= :wd',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_OLD',
        }),
      );
      return toRecord(out.Attributes!);
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return undefined;
      throw e;
    }
  }

  async update(
    id: string,
    expectedVersion: number,
    change: CallbackChange,
    now: number,
    read?: CallbackRecord,
  ): Promise<CallbackWriteResult> {
    const { names, values, sets, removes, assign } = this.changeParts(id, change, now);
    values[':expected'] = expectedVersion;
    values[':next'] = expectedVersion + 1;
    sets.unshift('#v = :next');

    const release = change.release ?? [];
    const take = change.take ?? [];
    const guardsMove = release.length > 0 || take.length > 0;
    // The record before the change: only needed when guards move (its guard list changes with
    // them), and only read when the caller did not pass it at the expected version.
    let current: CallbackRecord | undefined;
    if (guardsMove) {
      current = read?.version === expectedVersion ? read : await this.get(id);
      if (current?.version !== expectedVersion) return { ok: false, reason: 'version' };
      const releasedKeys = new Set(release.map((g) => g.key));
      const guards = current.guards
        .filter((g) => !releasedKeys.has(g.key))
        .concat(take.filter((g) => g.releasable).map((g) => ({ key: g.key, kind: g.kind })));
      assign('guards', guards);
    }

    const update = {
      TableName: this.table,
      Key: key(id),
      UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
      ConditionExpression: '#v = :expected',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    };
    const takes = partition(take);
    const releases = partition(release);
    const plainTake = await this.takePlain(takes.plain, take, now);
    if (plainTake.refused) return { ok: false, reason: 'guard', refused: plainTake.refused };
    const items: TransactItem[] = [
      { Update: update },
      ...takes.inTransaction.map((g) => takeGuard(this.table, g, now)),
      ...releases.inTransaction.map((g) => releaseGuard(this.table, g)),
    ];
    let record: CallbackRecord;
    try {
      if (items.length === 1) {
        const out = await this.doc.send(new UpdateCommand({ ...update, ReturnValues: 'ALL_NEW' }));
        record = toRecord(out.Attributes!);
      } else {
        await withConflictRetry(() => this.doc.send(new TransactWriteCommand({ TransactItems: items })));
        // The transaction wrote exactly `change` onto `current` (its condition held): no read back.
        record = toRecord({ ...applyChange(current!, change, now) });
      }
    } catch (e) {
      await this.releasePlain(plainTake.taken);
      if (e instanceof ConditionalCheckFailedException || this.versionFailed(e)) {
        return { ok: false, reason: 'version' };
      }
      const refused = this.refusedGuard(e, takes.inTransaction, 1);
      if (refused) return { ok: false, reason: 'guard', refused };
      throw e;
    }
    await this.releasePlain(releases.plain);
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

  /** Set once the `serviceShard` backfill is seen finished; until then the old index is read. */
  private serviceShardsComplete = false;

  /**
   * From `byServiceShard` once the backfill of callbacks older than it has finished (the index
   * sees them all) and DynamoDB has built it. Before that, during an upgrade, from the old
   * `byService` while the stack still has it; when it has neither a complete new index nor the old one, 503 until the
   * backfill (a tick job) is done.
   */
  async listByService(service: string, from: number, to: number, limit: number): Promise<CallbackRecord[]> {
    if (!this.serviceShardsComplete) {
      this.serviceShardsComplete = await serviceShardBackfillDone(this.doc, this.table);
    }
    if (this.serviceShardsComplete) {
      try {
        return await this.listServiceShards(service, from, to, limit);
      } catch (e) {
        // Our backfill can finish before DynamoDB's own (the index is still CREATING).
        if (!isMissingIndex(e)) throw e;
      }
    }
    try {
      return await this.queryRecords(
        {
          TableName: this.table,
          IndexName: LEGACY_BY_SERVICE.name,
          KeyConditionExpression: 'service = :s AND desiredTime BETWEEN :f AND :t',
          ExpressionAttributeValues: { ':s': service, ':f': from, ':t': to },
        },
        limit,
      );
    } catch (e) {
      if (!isMissingIndex(e)) throw e;
    }
    const unavailable = new ServiceUnavailableError(
      'The callbacks table is being upgraded (byServiceShard backfill not finished): service listings are back within a minute.',
    );
    unavailable.retryAfterSeconds = 60;
    throw unavailable;
  }

  /** Every shard of the service in parallel, merged by desired time; then the records themselves. */
  private async listServiceShards(
    service: string,
    from: number,
    to: number,
    limit: number,
  ): Promise<CallbackRecord[]> {
    const perShard = await Promise.all(
      allShardKeys(service, SERVICE_SHARDS).map((shard) =>
        this.queryKeys(
          {
            TableName: this.table,
            IndexName: BY_SERVICE_SHARD.name,
            KeyConditionExpression: 'serviceShard = :s AND desiredTime BETWEEN :f AND :t',
            ExpressionAttributeValues: { ':s': shard, ':f': from, ':t': to },
          },
          limit,
        ),
      ),
    );
    const keys = perShard
      .flat()
      .sort((a, b) => (a.desiredTime as number) - (b.desiredTime as number))
      .slice(0, limit);
    const records = await this.getRecords(keys.map((k) => k.pk as string));
    // The index is eventually consistent: order by what the records say now.
    return records.sort((a, b) => a.desiredTime - b.desiredTime);
  }

  /** From `byCustomerKeys`; during an upgrade that has not added it yet, from the old `byCustomer`. */
  async listByCustomer(customerNumber: string): Promise<CallbackRecord[]> {
    const query = (IndexName: string) => ({
      TableName: this.table,
      IndexName,
      KeyConditionExpression: 'customerNumber = :c',
      ExpressionAttributeValues: { ':c': customerNumber },
    });
    try {
      const keys = await this.queryKeys(query(BY_CUSTOMER_KEYS.name), MAX_BY_CUSTOMER);
      return await this.getRecords(keys.map((k) => k.pk as string));
    } catch (e) {
      if (!isMissingIndex(e)) throw e;
      return this.queryRecords(query(LEGACY_BY_CUSTOMER.name), MAX_BY_CUSTOMER);
    }
  }

  private async queryKeys(input: QueryCommandInput, limit: number): Promise<Record<string, unknown>[]> {
    const keys: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({ ...input, ExclusiveStartKey: start, Limit: Math.min(1000, limit - keys.length) }),
      );
      keys.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start && keys.length < limit);
    return keys;
  }

  /** The records of `pks` in that order (those deleted meanwhile left out), 100 per BatchGet. */
  private async getRecords(pks: string[], consistent = false): Promise<CallbackRecord[]> {
    const items = await this.batchGet(pks, consistent);
    return pks.flatMap((pk) => {
      const item = items.get(pk);
      return item ? [toRecord(item)] : [];
    });
  }

  /** Items by `pk`, 100 per BatchGetItem (unprocessed keys asked again). */
  private async batchGet(
    pks: readonly string[],
    consistent = false,
  ): Promise<Map<string, Record<string, unknown>>> {
    const keys = [...new Set(pks)].map((pk) => ({ pk }));
    const items = await batchGetItems(this.doc, this.table, keys, consistent);
    return new Map(items.map((item) => [item.pk as string, item]));
  }

  listDue(until: number, limit: number): Promise<{ id: string; dueAt: number }[]> {
    return this.listAll('due', 'dueShard', DUE_PARTITIONS, 'dueAt', until, limit, (r) => ({
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

  queuedShards(): readonly string[] {
    return QUEUED_PARTITIONS;
  }

  async listQueuedShard(
    shard: string,
    until: number,
    limit: number,
    cursor?: string,
    after?: number,
  ): Promise<ShardPage<{ id: string; dueAt: number }>> {
    if (!QUEUED_PARTITIONS.includes(shard))
      throw new RangeError(`Not a queued partition of the due index: ${shard}`);
    const page = await this.queryPage(
      'due',
      'dueShard',
      shard,
      'dueAt',
      until,
      limit,
      decodeCursor(cursor),
      after,
    );
    return { items: page.rows.map((r) => ({ id: r.id, dueAt: r.at })), cursor: encodeCursor(page.next) };
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

  /** The records of `ids` (consistent reads, 100 per BatchGetItem); ids with no record are left out. */
  getMany(ids: readonly string[]): Promise<CallbackRecord[]> {
    return this.getRecords(
      ids.map((id) => key(id).pk),
      true,
    );
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
    // The tick's reads of every partition: a few at a time, so one tick does not put dozens of
    // Queries in front of the requests served meanwhile (locally they share DynamoDB Local and
    // the event loop; in AWS it spares the table's burst).
    const heads: { id: string; at: number }[][] = [];
    await eachWithConcurrency(values, SWEEP_READ_CONCURRENCY, async (v, i) => {
      heads[i] = await this.listIndex(index, partition, v, sort, until, limit);
    });
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
    after?: number,
  ): Promise<{ rows: { id: string; at: number }[]; next?: Record<string, unknown> }> {
    // Sort keys are whole milliseconds: (after, until] is [after + 1, until].
    if (after !== undefined && after >= until) return { rows: [] };
    const page = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: index,
        KeyConditionExpression:
          after === undefined ? '#p = :p AND #s <= :u' : '#p = :p AND #s BETWEEN :a AND :u',
        ExpressionAttributeNames: { '#p': partition, '#s': sort },
        ExpressionAttributeValues: {
          ':p': value,
          ':u': until,
          ...(after === undefined ? {} : { ':a': after + 1 }),
        },
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
    const items = await this.batchGet(keys);
    return Object.fromEntries(keys.map((k) => [k, (items.get(k)?.count as number | undefined) ?? 0]));
  }
}
