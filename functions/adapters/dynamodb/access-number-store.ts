import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { AccessLock, AccessNumberRecord, AllocationStrategy } from '../../domain/access-number.js';
import type { AccessCandidate, AccessNumberStore, LockResult } from '../../ports/access-numbers.js';
import type { IdGenerator } from '../../ports/clock-and-ids.js';
import { allShardKeys, shardKey } from '../../domain/shard.js';
import { batchGetItems, batchWriteItems, type WriteRequest } from './batch-items.js';
import { queryAll } from './query-all.js';

const groupKey = (group: string) => `group#${group}`;
/** The group's pool item: how many numbers and chunks it has. */
const poolKey = (group: string) => ({ pk: `pool#${group}`, sk: 'pool' });
/** One chunk of the group's numbers (own partition key each: no hot key under load). */
const chunkKey = (group: string, index: number) => ({ pk: `fchunk#${group}#${index}`, sk: 'chunk' });

/** Numbers per chunk: a 10,000-number PUT writes 100 chunk items instead of 10,000 number items. */
export const CHUNK_SIZE = 100;
/** Chunks read per candidates query (a chunk holds up to `CHUNK_SIZE` free numbers). */
const CHUNKS_READ = 2;
/** Pages of empty chunks (left in the index by a crash or index lag) skipped before giving up. */
const MAX_EMPTY_CHUNK_PAGES = 5;
/** A removed number's tombstone outlives any allocation that read it as free just before. */
const TOMBSTONE_MS = 10 * 60_000;

function shuffled<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** The two sharded index reads: locks expired before a time, free numbers from a point. */
const INDEX_READS = {
  expired: {
    index: 'locked',
    condition: 'lockedGroup = :key AND lockExpiresAt < :bound',
    sortKey: 'lockExpiresAt',
  },
  free: { index: 'free', condition: 'freeGroup = :key AND freeOrder >= :bound', sortKey: 'freeOrder' },
} as const;

/** The first `limit` items of sorted pages, by the numeric attribute `field`. */
function mergedBy(
  pages: Record<string, unknown>[][],
  field: string,
  limit: number,
): Record<string, unknown>[] {
  const all =
    pages.length === 1 ? pages[0]! : pages.flat().sort((a, b) => (a[field] as number) - (b[field] as number));
  return all.slice(0, limit);
}

function lockOf(item: Record<string, unknown>): AccessLock {
  return {
    sessionId: item.sessionId as string,
    accessCode: item.accessCode as string | undefined,
    phoneNumber: item.phoneNumber as string | undefined,
    lockedAt: item.lockedAt as number,
    expiresAt: item.lockExpiresAt as number,
  };
}

/**
 * Partition keys of the `locked` index, and of `free` for a random group, per group: a number's
 * entries go to `<group>#<shard of the number>`. Both are written at every lock and release, and
 * `locked` sorts by expiry time (always increasing: DynamoDB cannot split such a key for heat), so
 * one key per group would cap a group near 500 sessions a second (a put and a delete per session
 * at 1,000 WCU/s). Eight shards take 1,000 a second to 250 WCU/s a key.
 */
export const ACCESS_INDEX_SHARDS = 8;
/** A number's key in the sharded indexes. */
const shardOfNumber = (group: string, number: string) => shardKey(group, number, ACCESS_INDEX_SHARDS);
/**
 * Every key a group's index entries can have: its shards, and the group's name itself, which is
 * where a sequential group keeps its free numbers (one release order) and where every entry went
 * before the shards (2026-12-03): such entries are read wherever completeness matters (the read
 * before a 503, the tick's release of expired locks, the counts), so none is lost or miscounted.
 */
const everyIndexKey = (group: string) => [group, ...allShardKeys(group, ACCESS_INDEX_SHARDS)];
/** Where a released number is listed free: random groups spread, sequential keeps one order. */
const freeKeyOf = (group: string, number: string, strategy: AllocationStrategy) =>
  strategy === 'random' ? shardOfNumber(group, number) : group;

/** Makes a number free again (back in the `free` index at `:order`, out of `locked`). */
const FREE_NUMBER =
  'SET freeGroup = :g, freeOrder = :order REMOVE lockedGroup, lockExpiresAt, sessionId, lockedAt, accessCode, phoneNumber';

/**
 * Batches of a group sync in flight at once: far below the SDK's 50 sockets and well within what
 * an on-demand table absorbs (what it does not comes back as UnprocessedItems and is retried).
 */
const SYNC_PARALLEL_BATCHES = 16;

/** Random strategy spreads free numbers over this key space; sequential uses release time instead. */
const RANDOM_SPACE = 1_000_000_000;

/** The chunk items of `numbers` (configuration order), `free` the ones with no number item. */
export function chunkItems(
  group: string,
  numbers: readonly string[],
  free: (number: string) => boolean,
  order: (index: number) => number,
): Record<string, unknown>[] {
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i * CHUNK_SIZE < numbers.length; i++) {
    const members = numbers.slice(i * CHUNK_SIZE, (i + 1) * CHUNK_SIZE);
    const freeSet = new Set(members.filter(free));
    items.push({
      ...chunkKey(group, i),
      chunkNumbers: members,
      // An empty set cannot be stored, and a chunk with nothing free stays out of `freeChunks`.
      ...(freeSet.size > 0 ? { freeNumbers: freeSet, chunkGroup: group, chunkOrder: order(i) } : {}),
    });
  }
  return items;
}

/**
 * Access numbers in the `resources` table, in two kinds of items:
 * - chunks (`fchunk#<group>#<i>`): up to `CHUNK_SIZE` numbers of the group in configuration
 *   order (`chunkNumbers`) and the set of those never locked since (`freeNumbers`); a chunk with free numbers
 *   carries `chunkGroup`/`chunkOrder` (sparse index `freeChunks`). A PUT writes only these (and
 *   the pool item `pool#<group>` with the counts), so 10,000 numbers are 100 writes.
 * - number items (`group#<group>`, `<number>`), created by the first lock of a number and kept:
 *   the truth about that number from then on. A locked one carries `lockedGroup`/`lockExpiresAt`
 *   (sparse index `locked`), a released one `freeGroup`/`freeOrder` (sparse index `free`), both
 *   keys sharded per number (`ACCESS_INDEX_SHARDS`; `free` of a sequential group is one key), a
 *   removed one `removedAt` (a tombstone no lock can take).
 * Every lock is a conditional write on the number item (no item, free, or lock expired), so a
 * stale chunk or index can only cost a lost attempt, never a double allocation. A chunk's free
 * set only shrinks (a released number goes back through its own item), so removing a locked
 * number from it can race nothing.
 */
export class DynamoAccessNumberStore implements AccessNumberStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly ids: IdGenerator,
  ) {}

  private freeOrder(strategy: AllocationStrategy, at: number, position = 0): number {
    return strategy === 'random' ? Math.floor(this.ids.random() * RANDOM_SPACE) : at * 1000 + position;
  }

  private async pool(group: string): Promise<{ total: number; chunks: number } | undefined> {
    // Consistent: the answer of a PUT counts what it has just written.
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: poolKey(group), ConsistentRead: true }),
    );
    return out.Item ? { total: out.Item.total as number, chunks: out.Item.chunks as number } : undefined;
  }

  /** The group's number items: sk and whether it is a tombstone (and since when). */
  private numberItems(group: string) {
    return queryAll(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': groupKey(group) },
      ProjectionExpression: 'sk, removedAt',
    });
  }

  /** The group's numbers now: its chunks' members, or its number items (a pool from before chunks). */
  private async members(
    group: string,
    pool: { chunks: number } | undefined,
    items: Record<string, unknown>[],
  ): Promise<string[]> {
    if (!pool) return items.filter((i) => i.removedAt === undefined).map((i) => i.sk as string);
    const keys = Array.from({ length: pool.chunks }, (_, i) => chunkKey(group, i));
    const chunks = await batchGetItems(this.doc, this.table, keys, true);
    return chunks.flatMap((c) => (c.chunkNumbers as string[] | undefined) ?? []);
  }

  async syncGroup(
    group: string,
    numbers: string[],
    now: number,
    strategy: AllocationStrategy = 'random',
  ): Promise<void> {
    const [pool, items] = await Promise.all([this.pool(group), this.numberItems(group)]);
    const old = await this.members(group, pool, items);
    const want = [...new Set(numbers)];
    const wanted = new Set(want);
    const tombstones = new Map(
      items.filter((i) => i.removedAt !== undefined).map((i) => [i.sk as string, i.removedAt as number]),
    );
    const live = new Set(items.filter((i) => i.removedAt === undefined).map((i) => i.sk as string));
    const requests: WriteRequest[] = [];
    // Chunks in configuration order; sequential starts there (released numbers, ordered by release
    // time on their own items, come after every chunk), random puts each chunk anywhere.
    const chunks = chunkItems(
      group,
      want,
      (n) => !live.has(n),
      (i) => (strategy === 'random' ? this.freeOrder('random', now) : i),
    );
    for (const Item of chunks) requests.push({ PutRequest: { Item } });
    for (let i = chunks.length; i < (pool?.chunks ?? 0); i++) {
      requests.push({ DeleteRequest: { Key: chunkKey(group, i) } });
    }
    // A removed number gets a tombstone, locked or not: an allocation that read it as free just
    // before cannot lock it any more. Tombstones of numbers added back, or old enough, go.
    for (const number of old) {
      if (!wanted.has(number)) {
        requests.push({ PutRequest: { Item: { pk: groupKey(group), sk: number, removedAt: now } } });
      }
    }
    for (const [number, removedAt] of tombstones) {
      if (wanted.has(number) || removedAt < now - TOMBSTONE_MS) {
        requests.push({ DeleteRequest: { Key: { pk: groupKey(group), sk: number } } });
      }
    }
    requests.push({
      PutRequest: { Item: { ...poolKey(group), total: want.length, chunks: chunks.length } },
    });
    await batchWriteItems(this.doc, this.table, requests, SYNC_PARALLEL_BATCHES);
  }

  async deleteGroup(group: string): Promise<void> {
    const [pool, items] = await Promise.all([this.pool(group), this.numberItems(group)]);
    const requests: WriteRequest[] = [
      ...items.map((i) => ({ DeleteRequest: { Key: { pk: groupKey(group), sk: i.sk } } })),
      ...Array.from({ length: pool?.chunks ?? 0 }, (_, i) => ({
        DeleteRequest: { Key: chunkKey(group, i) },
      })),
      { DeleteRequest: { Key: poolKey(group) } },
    ];
    await batchWriteItems(this.doc, this.table, requests, SYNC_PARALLEL_BATCHES);
  }

  /** Up to `limit` numbers whose lock expired before `now` under the `locked` keys `keys`, longest expired first. */
  private expiredLocks(keys: string[], now: number, limit: number): Promise<Record<string, unknown>[]> {
    return this.heads(INDEX_READS.expired, keys, now, limit);
  }

  /** Up to `limit` released numbers from `start` on under the `free` keys `keys`, in `freeOrder`. */
  private freeFrom(keys: string[], start: number, limit: number): Promise<Record<string, unknown>[]> {
    return this.heads(INDEX_READS.free, keys, start, limit);
  }

  /** The first `limit` entries of `read` from `bound` over `keys` (queried at once), merged in sort order. */
  private async heads(
    read: (typeof INDEX_READS)[keyof typeof INDEX_READS],
    keys: string[],
    bound: number,
    limit: number,
  ): Promise<Record<string, unknown>[]> {
    if (limit <= 0) return [];
    const pages = await Promise.all(
      keys.map(async (key) => {
        const out = await this.doc.send(
          new QueryCommand({
            TableName: this.table,
            IndexName: read.index,
            KeyConditionExpression: read.condition,
            ExpressionAttributeValues: { ':key': key, ':bound': bound },
            Limit: limit,
          }),
        );
        return out.Items ?? [];
      }),
    );
    return mergedBy(pages, read.sortKey, limit);
  }

  /**
   * Up to `CHUNKS_READ` chunks with free numbers from `start` on (`freeChunks`), skipping chunks
   * whose set is empty (an index entry a crash left behind, or index lag), which it cleans up.
   */
  private async freeChunks(group: string, start: number): Promise<Record<string, unknown>[]> {
    const found: Record<string, unknown>[] = [];
    let from: Record<string, unknown> | undefined;
    for (let page = 0; page < MAX_EMPTY_CHUNK_PAGES && found.length === 0; page++) {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: 'freeChunks',
          KeyConditionExpression: 'chunkGroup = :g AND chunkOrder >= :start',
          ExpressionAttributeValues: { ':g': group, ':start': start },
          Limit: CHUNKS_READ,
          ExclusiveStartKey: from,
        }),
      );
      const items = out.Items ?? [];
      found.push(...items.filter((i) => (i.freeNumbers as Set<string> | undefined)?.size));
      await Promise.all(
        items
          .filter((i) => !(i.freeNumbers as Set<string> | undefined)?.size)
          .map((i) => this.leaveIndex(i.pk as string)),
      );
      from = out.LastEvaluatedKey;
      if (!from) break;
    }
    return found;
  }

  /** Takes a chunk out of `freeChunks` if its free set is (still) empty. */
  private async leaveIndex(pk: string): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk, sk: 'chunk' },
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(freeNumbers)',
          UpdateExpression: 'REMOVE chunkGroup, chunkOrder',
        }),
      );
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
    }
  }

  /** Removes a number that now has its own item from its chunk's free set. */
  private async takeFromChunk(pk: string, number: string): Promise<void> {
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk, sk: 'chunk' },
          // Not on a chunk a PUT has deleted meanwhile: that would create it again.
          ConditionExpression: 'attribute_exists(pk)',
          UpdateExpression: 'DELETE freeNumbers :n',
          ExpressionAttributeValues: { ':n': new Set([number]) },
          ReturnValues: 'ALL_NEW',
        }),
      );
      if (!(out.Attributes?.freeNumbers as Set<string> | undefined)?.size && out.Attributes?.chunkGroup) {
        await this.leaveIndex(pk);
      }
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
    }
  }

  async candidates(
    group: string,
    order: { strategy: AllocationStrategy; start: number },
    now: number,
    limit: number,
  ): Promise<AccessCandidate[]> {
    const random = order.strategy === 'random';
    const start = random ? Math.floor(order.start * RANDOM_SPACE) : 0;
    // One shard of each sharded index (a random one: concurrent requests spread over the keys),
    // and the chunks, in one round trip. Expired locks come first: they are free in fact, and
    // reusing them keeps the `locked` index short.
    const shards = allShardKeys(group, ACCESS_INDEX_SHARDS);
    const shard = shards[Math.floor(this.ids.random() * shards.length)]!;
    const freeKey = random ? shard : group;
    let [expired, items, chunks] = await Promise.all([
      this.expiredLocks([shard], now, limit),
      this.freeFrom([freeKey], start, limit),
      this.freeChunks(group, start),
    ]);
    const count = () =>
      expired.length + items.length + chunks.reduce((n, c) => n + (c.freeNumbers as Set<string>).size, 0);
    if (start > 0 && count() < limit) {
      // Wrap around the random key space (only when what was read is short: near exhaustion).
      const [moreItems, moreChunks] = await Promise.all([
        this.freeFrom([freeKey], 0, limit - items.length),
        chunks.length === 0 ? this.freeChunks(group, 0) : [],
      ]);
      items = items.concat(moreItems);
      chunks = chunks.concat(moreChunks);
    }
    if (count() === 0) {
      // Nothing there: every key of both indexes before the caller answers that the pool is empty.
      const keys = everyIndexKey(group);
      [expired, items] = await Promise.all([
        this.expiredLocks(keys, now, limit),
        this.freeFrom(keys, 0, limit),
      ]);
    }
    const fromChunks: AccessCandidate[] = [];
    for (const chunk of chunks) {
      const free = chunk.freeNumbers as Set<string>;
      // Sequential: configuration order. Random: a random few of the chunk's free numbers.
      const numbers = random
        ? shuffled([...free], () => this.ids.random()).slice(0, limit)
        : (chunk.chunkNumbers as string[]).filter((n) => free.has(n));
      for (const number of numbers) fromChunks.push({ number, hint: chunk.pk as string });
    }
    const fromItems = items.map((i) => ({ number: i.sk as string }));
    const found: AccessCandidate[] = expired.map((i) => ({ number: i.sk as string }));
    // Sequential: never-used numbers (configuration order) before released ones (release order).
    for (const c of [...fromChunks, ...fromItems]) {
      if (found.length >= limit) break;
      if (!found.some((f) => f.number === c.number)) found.push(c);
    }
    return found;
  }

  async tryLock(
    group: string,
    candidate: AccessCandidate,
    lock: AccessLock,
    now: number,
  ): Promise<LockResult> {
    const { number, hint } = candidate;
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: groupKey(group), sk: number },
          // No item yet (never locked: free in its chunk), released, or its lock expired. A
          // tombstone (removed number) is none of these.
          ConditionExpression:
            'attribute_not_exists(pk) OR attribute_exists(freeGroup) OR lockExpiresAt < :now',
          UpdateExpression:
            'SET #number = :n, #group = :g, lockedGroup = :lg, lockExpiresAt = :exp, sessionId = :sid, lockedAt = :at' +
            (lock.accessCode !== undefined ? ', accessCode = :code' : '') +
            (lock.phoneNumber !== undefined ? ', phoneNumber = :phone' : '') +
            ' REMOVE freeGroup, freeOrder' +
            (lock.accessCode === undefined ? ', accessCode' : '') +
            (lock.phoneNumber === undefined ? ', phoneNumber' : ''),
          ExpressionAttributeNames: { '#number': 'number', '#group': 'group' },
          ExpressionAttributeValues: {
            ':n': number,
            ':g': group,
            ':lg': shardOfNumber(group, number),
            ':exp': lock.expiresAt,
            ':sid': lock.sessionId,
            ':at': lock.lockedAt,
            ':now': now,
            ...(lock.accessCode !== undefined ? { ':code': lock.accessCode } : {}),
            ...(lock.phoneNumber !== undefined ? { ':phone': lock.phoneNumber } : {}),
          },
          // The old item tells whether this write replaced a lock that timed out.
          ReturnValues: 'ALL_OLD',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      // The number has its own item now: its chunk entry goes (after the lock, so a crash in
      // between leaves a stale entry, which costs a lost attempt, never a lost number).
      if (hint) await this.takeFromChunk(hint, number);
      const old = out.Attributes;
      return old?.sessionId ? { locked: true, expired: lockOf(old) } : { locked: true };
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
      // Someone holds it: the chunk entry was stale. Not for a tombstone: a PUT adding the number
      // back rewrites its chunk with the number free and then deletes the tombstone.
      if (hint && e.Item?.sessionId) await this.takeFromChunk(hint, number);
      return { locked: false };
    }
  }

  async releaseExpired(
    group: string,
    now: number,
    limit: number,
    strategy: AllocationStrategy,
  ): Promise<AccessLock[]> {
    const freed: AccessLock[] = [];
    for (const key of await this.expiredLocks(everyIndexKey(group), now, limit)) {
      try {
        const out = await this.doc.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { pk: key.pk, sk: key.sk },
            // Still that expired lock: an allocation or another sweep that got there first wins.
            ConditionExpression: 'attribute_exists(sessionId) AND lockExpiresAt < :now',
            UpdateExpression: FREE_NUMBER,
            ExpressionAttributeValues: {
              ':g': freeKeyOf(group, key.sk as string, strategy),
              ':now': now,
              ':order': this.freeOrder(strategy, now),
            },
            ReturnValues: 'ALL_OLD',
          }),
        );
        if (out.Attributes?.sessionId) freed.push(lockOf(out.Attributes));
      } catch (e) {
        if (!(e instanceof ConditionalCheckFailedException)) throw e;
      }
    }
    return freed;
  }

  async findByNumber(number: string): Promise<AccessNumberRecord[]> {
    const items = await queryAll(this.doc, {
      TableName: this.table,
      IndexName: 'byNumber',
      KeyConditionExpression: '#n = :n',
      ExpressionAttributeNames: { '#n': 'number' },
      ExpressionAttributeValues: { ':n': number },
    });
    return items.map((i) => ({
      group: i.group as string,
      number: i.number as string,
      ...(i.sessionId ? { lock: lockOf(i) } : {}),
    }));
  }

  async release(
    group: string,
    number: string,
    sessionId: string,
    releasedAt: number,
    strategy: AllocationStrategy = 'random',
  ): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: groupKey(group), sk: number },
          ConditionExpression: 'sessionId = :sid',
          UpdateExpression: FREE_NUMBER,
          ExpressionAttributeValues: {
            ':sid': sessionId,
            ':g': freeKeyOf(group, number, strategy),
            ':order': this.freeOrder(strategy, releasedAt),
          },
        }),
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }

  async counts(group: string, now: number): Promise<{ total: number; locked: number }> {
    const count = async (input: QueryCommandInput) => {
      let total = 0;
      let start: Record<string, unknown> | undefined;
      do {
        const out = await this.doc.send(
          new QueryCommand({ ...(input as QueryCommandInput), Select: 'COUNT', ExclusiveStartKey: start }),
        );
        total += out.Count ?? 0;
        start = out.LastEvaluatedKey;
      } while (start);
      return total;
    };
    const [total, locked] = await Promise.all([
      this.pool(group).then(
        (pool) =>
          pool?.total ??
          // A pool from before chunks: one item per number.
          count({
            TableName: this.table,
            KeyConditionExpression: 'pk = :pk',
            FilterExpression: 'attribute_not_exists(removedAt)',
            ExpressionAttributeValues: { ':pk': groupKey(group) },
          }),
      ),
      Promise.all(
        everyIndexKey(group).map((key) =>
          count({
            TableName: this.table,
            IndexName: 'locked',
            KeyConditionExpression: 'lockedGroup = :g AND lockExpiresAt >= :now',
            ExpressionAttributeValues: { ':g': key, ':now': now },
          }),
        ),
      ).then((counts) => counts.reduce((a, b) => a + b, 0)),
    ]);
    return { total, locked };
  }
}
