import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { AccessLock, AccessNumberRecord, AllocationStrategy } from '../../domain/access-number.js';
import type { AccessNumberStore, LockResult } from '../../ports/access-numbers.js';
import type { IdGenerator } from '../../ports/clock-and-ids.js';
import { batchWriteItems, type WriteRequest } from './batch-items.js';
import { queryAll } from './query-all.js';

const groupKey = (group: string) => `group#${group}`;

function lockOf(item: Record<string, unknown>): AccessLock {
  return {
    sessionId: item.sessionId as string,
    accessCode: item.accessCode as string | undefined,
    phoneNumber: item.phoneNumber as string | undefined,
    lockedAt: item.lockedAt as number,
    expiresAt: item.lockExpiresAt as number,
  };
}

/** Makes a number free again (back in the `free` index at `:order`, out of `locked`). */
const FREE_NUMBER =
  'SET freeGroup = :g, freeOrder = :order REMOVE lockedGroup, lockExpiresAt, sessionId, lockedAt, accessCode, phoneNumber';

/**
 * Batches of a group sync in flight at once: 10,000 numbers are 400 batches, one after the other
 * about 9 s; 16 keep a PUT of that size near 2 s locally while staying far below the SDK's 50
 * sockets and well within what an on-demand table absorbs (what it does not comes back as
 * UnprocessedItems and is retried with backoff).
 */
const SYNC_PARALLEL_BATCHES = 16;

/** Random strategy spreads free numbers over this key space; sequential uses release time instead. */
const RANDOM_SPACE = 1_000_000_000;

/**
 * Access numbers in the `resources` table. A free number carries `freeGroup`/`freeOrder` (sparse
 * index `free`); a locked one carries `lockedGroup`/`lockExpiresAt` (sparse index `locked`). Both
 * indexes are queried with a small Limit, and every lock is a conditional write on the base item,
 * so index lag can only cost a retry, never a double allocation.
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

  async syncGroup(
    group: string,
    numbers: string[],
    now: number,
    strategy: AllocationStrategy = 'random',
  ): Promise<void> {
    const existing = await queryAll(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': groupKey(group) },
      ProjectionExpression: 'sk',
    });
    const have = new Set(existing.map((i) => i.sk as string));
    const want = new Set(numbers);
    const requests: WriteRequest[] = [];
    let position = 0;
    for (const number of want) {
      position++;
      if (have.has(number)) continue;
      requests.push({
        PutRequest: {
          Item: {
            pk: groupKey(group),
            sk: number,
            number,
            group,
            freeGroup: group,
            // Sequential order starts in configuration order; later releases go to the back.
            freeOrder: strategy === 'random' ? this.freeOrder('random', now) : position,
          },
        },
      });
    }
    for (const number of have) {
      if (!want.has(number)) requests.push({ DeleteRequest: { Key: { pk: groupKey(group), sk: number } } });
    }
    // No conditions, as before (BatchWriteItem takes none): a new number has no item yet, and a
    // removed number is deleted whether or not it is locked. Numbers that stay are not written.
    await batchWriteItems(this.doc, this.table, requests, SYNC_PARALLEL_BATCHES);
  }

  async deleteGroup(group: string): Promise<void> {
    await this.syncGroup(group, [], 0);
  }

  /** Up to `limit` keys of numbers whose lock expired before `now` (the sparse `locked` index). */
  private async expiredLocks(group: string, now: number, limit: number): Promise<Record<string, unknown>[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'locked',
        KeyConditionExpression: 'lockedGroup = :g AND lockExpiresAt < :now',
        ExpressionAttributeValues: { ':g': group, ':now': now },
        Limit: limit,
      }),
    );
    return out.Items ?? [];
  }

  async candidates(
    group: string,
    order: { strategy: AllocationStrategy; start: number },
    now: number,
    limit: number,
  ): Promise<string[]> {
    const fromStart = async (start: number, max: number) =>
      (
        await this.doc.send(
          new QueryCommand({
            TableName: this.table,
            IndexName: 'free',
            KeyConditionExpression: 'freeGroup = :g AND freeOrder >= :start',
            ExpressionAttributeValues: { ':g': group, ':start': start },
            Limit: max,
          }),
        )
      ).Items ?? [];

    const start = order.strategy === 'random' ? Math.floor(order.start * RANDOM_SPACE) : 0;
    // Both indexes at once: one round trip instead of two. Expired locks come first: they are
    // free in fact, and reusing them keeps the `locked` index short.
    const [expired, free] = await Promise.all([
      this.expiredLocks(group, now, limit),
      fromStart(start, limit),
    ]);
    const found = expired.map((i) => i.sk as string);
    let items = free;
    if (found.length + items.length < limit && start > 0) {
      // Wrap around the random key space.
      items = items.concat(await fromStart(0, limit - found.length - items.length));
    }
    for (const i of items) {
      if (found.length >= limit) break;
      if (!found.includes(i.sk as string)) found.push(i.sk as string);
    }
    return found;
  }

  async tryLock(group: string, number: string, lock: AccessLock, now: number): Promise<LockResult> {
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: groupKey(group), sk: number },
          ConditionExpression:
            'attribute_exists(pk) AND (attribute_exists(freeGroup) OR lockExpiresAt < :now)',
          UpdateExpression:
            'SET lockedGroup = :g, lockExpiresAt = :exp, sessionId = :sid, lockedAt = :at' +
            (lock.accessCode !== undefined ? ', accessCode = :code' : '') +
            (lock.phoneNumber !== undefined ? ', phoneNumber = :phone' : '') +
            ' REMOVE freeGroup, freeOrder' +
            (lock.accessCode === undefined ? ', accessCode' : '') +
            (lock.phoneNumber === undefined ? ', phoneNumber' : ''),
          ExpressionAttributeValues: {
            ':g': group,
            ':exp': lock.expiresAt,
            ':sid': lock.sessionId,
            ':at': lock.lockedAt,
            ':now': now,
            ...(lock.accessCode !== undefined ? { ':code': lock.accessCode } : {}),
            ...(lock.phoneNumber !== undefined ? { ':phone': lock.phoneNumber } : {}),
          },
          // The old item tells whether this write replaced a lock that timed out.
          ReturnValues: 'ALL_OLD',
        }),
      );
      const old = out.Attributes;
      return old?.sessionId ? { locked: true, expired: lockOf(old) } : { locked: true };
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return { locked: false };
      throw e;
    }
  }

  async releaseExpired(
    group: string,
    now: number,
    limit: number,
    strategy: AllocationStrategy,
  ): Promise<AccessLock[]> {
    const freed: AccessLock[] = [];
    for (const key of await this.expiredLocks(group, now, limit)) {
      try {
        const out = await this.doc.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { pk: key.pk, sk: key.sk },
            // Still that expired lock: an allocation or another sweep that got there first wins.
            ConditionExpression: 'attribute_exists(sessionId) AND lockExpiresAt < :now',
            UpdateExpression: FREE_NUMBER,
            ExpressionAttributeValues: {
              ':g': group,
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
            ':g': group,
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
      count({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': groupKey(group) },
      }),
      count({
        TableName: this.table,
        IndexName: 'locked',
        KeyConditionExpression: 'lockedGroup = :g AND lockExpiresAt >= :now',
        ExpressionAttributeValues: { ':g': group, ':now': now },
      }),
    ]);
    return { total, locked };
  }
}
