import { TransactionCanceledException, type CancellationReason } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { ConnectionStore, SubscribeOutcome, UnsubscribeOutcome } from '../../ports/connections.js';
import type { WebSocketConnection } from '../../domain/push/websocket-connection.js';
import { queryAll } from './query-all.js';

const CONN = 'conn#';
const SUB = 'sub#';
const META = 'meta';

const connPk = (id: string) => `${CONN}${id}`;
const subPk = (key: string) => `${SUB}${key}`;
const ttl = (ms: number) => Math.ceil(ms / 1000);
const failed = (reason: CancellationReason | undefined) => reason?.Code === 'ConditionalCheckFailed';

/** Tries of a subscription change that keeps losing races to others on the same connection. */
const CONFLICT_ATTEMPTS = 8;
const CONFLICT_BASE_WAIT_MS = 20;
const CONFLICT_MAX_WAIT_MS = 400;

/**
 * The `connections` table. A connection is `conn#<id>` / `meta`; a subscription is written twice,
 * `sub#<key>` / `conn#<id>` (who listens to a session) and `conn#<id>` / `sub#<key>` (what to
 * remove at `$disconnect`), in one transaction that also counts it on the meta item (`subs`,
 * conditional on the connection existing and on the limit), so the count stays exact however
 * many frames of one connection run at once.
 */
export class DynamoConnectionStore implements ConnectionStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async add(connection: WebSocketConnection): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          pk: connPk(connection.id),
          sk: META,
          connectedAt: connection.connectedAt,
          expiresAt: connection.expiresAt,
          ttl: ttl(connection.expiresAt),
          ...(connection.gmsUser !== undefined ? { gmsUser: connection.gmsUser } : {}),
        },
      }),
    );
  }

  async get(id: string, now: number): Promise<WebSocketConnection | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: { pk: connPk(id), sk: META }, ConsistentRead: true }),
    );
    const item = out.Item;
    if (!item || (item.expiresAt as number) <= now) return undefined;
    return {
      id,
      connectedAt: item.connectedAt as number,
      expiresAt: item.expiresAt as number,
      ...(item.gmsUser !== undefined ? { gmsUser: item.gmsUser as string } : {}),
    };
  }

  async remove(id: string): Promise<void> {
    const items = await queryAll(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': connPk(id) },
      ProjectionExpression: 'pk, sk',
      ConsistentRead: true,
    });
    const keys: { pk: string; sk: string }[] = [];
    for (const item of items) {
      const sk = item.sk as string;
      keys.push({ pk: connPk(id), sk });
      if (sk.startsWith(SUB)) keys.push({ pk: sk, sk: connPk(id) });
    }
    // A subscribe racing this removal may leave one subscription behind: it expires with the
    // connection, and the first push to it gets 410 Gone, which removes it.
    for (let i = 0; i < keys.length; i += 25) {
      let requests = keys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } }));
      while (requests.length > 0) {
        const out = await this.doc.send(new BatchWriteCommand({ RequestItems: { [this.table]: requests } }));
        requests = (out.UnprocessedItems?.[this.table] ?? []) as typeof requests;
      }
    }
  }

  async subscribe(connectionId: string, key: string, now: number, max: number): Promise<SubscribeOutcome> {
    const connection = await this.get(connectionId, now);
    if (!connection) return 'gone';
    const common = { expiresAt: connection.expiresAt, ttl: ttl(connection.expiresAt) };
    const outcome = await this.transact([
      {
        Update: {
          TableName: this.table,
          Key: { pk: connPk(connectionId), sk: META },
          UpdateExpression: 'ADD subs :one',
          ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(subs) OR subs < :max)',
          ExpressionAttributeValues: { ':one': 1, ':max': max },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      {
        Put: {
          TableName: this.table,
          Item: { pk: connPk(connectionId), sk: subPk(key), ...common },
          // A second subscribe to the same key must not take a second slot.
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      { Put: { TableName: this.table, Item: { pk: subPk(key), sk: connPk(connectionId), ...common } } },
    ]);
    if (outcome === 'done') return 'subscribed';
    if (outcome === 'busy') return 'busy';
    const [meta, own] = outcome;
    if (failed(meta) && !meta?.Item) return 'gone';
    if (failed(own)) return 'already-subscribed';
    // Whether every condition of a cancelled transaction is reported is not promised: a key
    // already held is acknowledged even at the limit.
    const held = await this.doc.send(
      new GetCommand({
        TableName: this.table,
        Key: { pk: connPk(connectionId), sk: subPk(key) },
        ConsistentRead: true,
      }),
    );
    return held.Item ? 'already-subscribed' : 'limit';
  }

  async unsubscribe(connectionId: string, key: string): Promise<UnsubscribeOutcome> {
    const own = { pk: connPk(connectionId), sk: subPk(key) };
    const listener = { pk: subPk(key), sk: connPk(connectionId) };
    const outcome = await this.transact([
      { Delete: { TableName: this.table, Key: own, ConditionExpression: 'attribute_exists(pk)' } },
      { Delete: { TableName: this.table, Key: listener } },
      {
        Update: {
          TableName: this.table,
          Key: { pk: connPk(connectionId), sk: META },
          UpdateExpression: 'ADD subs :minus',
          ConditionExpression: 'subs > :zero',
          ExpressionAttributeValues: { ':minus': -1, ':zero': 0 },
        },
      },
    ]);
    if (outcome === 'done') return 'removed';
    if (outcome === 'busy') return 'busy';
    if (failed(outcome[0])) {
      // The cancelled transaction kept the listener item too; fan-out reads it, so one left
      // behind (without the connection's own item) would go on pushing after this unsubscribe.
      // No slot is given back: the missing own item held none.
      await this.doc.send(new DeleteCommand({ TableName: this.table, Key: listener }));
      return 'not-subscribed';
    }
    // No count to give back: the connection is gone (its leftovers are cleaned up) or its
    // item predates counting.
    await Promise.all([
      this.doc.send(new DeleteCommand({ TableName: this.table, Key: own })),
      this.doc.send(new DeleteCommand({ TableName: this.table, Key: listener })),
    ]);
    return 'removed';
  }

  /**
   * One transaction; a conflict with a concurrent transaction on the same items (frames of one
   * connection run in parallel Lambda invocations) is tried again after a random wait. Returns
   * the cancellation reasons when a condition failed.
   */
  private async transact(
    items: NonNullable<TransactWriteCommandInput['TransactItems']>,
  ): Promise<'done' | 'busy' | CancellationReason[]> {
    for (let attempt = 0; attempt < CONFLICT_ATTEMPTS; attempt++) {
      try {
        await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
        return 'done';
      } catch (e) {
        if (!(e instanceof TransactionCanceledException)) throw e;
        const reasons = e.CancellationReasons ?? [];
        if (reasons.some(failed)) return reasons;
        if (!reasons.some((r) => r.Code === 'TransactionConflict')) throw e;
        const bound = Math.min(CONFLICT_MAX_WAIT_MS, CONFLICT_BASE_WAIT_MS * 2 ** attempt);
        await new Promise((r) => setTimeout(r, Math.random() * bound));
      }
    }
    return 'busy';
  }

  async subscribers(key: string, now: number): Promise<string[]> {
    const ids: string[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': subPk(key) },
          ProjectionExpression: 'sk, expiresAt',
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of out.Items ?? []) {
        if ((item.expiresAt as number) > now) ids.push((item.sk as string).slice(CONN.length));
      }
      start = out.LastEvaluatedKey;
    } while (start);
    return ids;
  }

  async count(now: number, limit: number): Promise<{ count: number; capped: boolean }> {
    // No index lists connections: a counting scan, stopped once `limit` items were read, keeps
    // the cost bounded (subscription items are read too, so the count stops early, never late).
    let count = 0;
    let read = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new ScanCommand({
          TableName: this.table,
          Select: 'COUNT',
          FilterExpression: 'sk = :meta AND expiresAt > :now',
          ExpressionAttributeValues: { ':meta': META, ':now': now },
          Limit: Math.max(1, limit - read),
          ExclusiveStartKey: start,
        }),
      );
      count += out.Count ?? 0;
      read += out.ScannedCount ?? 0;
      start = out.LastEvaluatedKey;
    } while (start && read < limit);
    return { count, capped: start !== undefined };
  }
}
