import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { ConnectionStore, WebSocketConnection } from '../../ports.js';
import { queryAll } from './query-all.js';

const CONN = 'conn#';
const SUB = 'sub#';
const META = 'meta';

const connPk = (id: string) => `${CONN}${id}`;
const subPk = (key: string) => `${SUB}${key}`;
const ttl = (ms: number) => Math.ceil(ms / 1000);

/**
 * The `connections` table. A connection is `conn#<id>` / `meta`; a subscription is written twice,
 * `sub#<key>` / `conn#<id>` (who listens to a session) and `conn#<id>` / `sub#<key>` (what to
 * remove at `$disconnect`), in one transaction with a check that the connection still exists.
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

  async subscribe(connectionId: string, key: string, now: number): Promise<boolean> {
    const connection = await this.get(connectionId, now);
    if (!connection) return false;
    const common = { expiresAt: connection.expiresAt, ttl: ttl(connection.expiresAt) };
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              ConditionCheck: {
                TableName: this.table,
                Key: { pk: connPk(connectionId), sk: META },
                ConditionExpression: 'attribute_exists(pk)',
              },
            },
            { Put: { TableName: this.table, Item: { pk: subPk(key), sk: connPk(connectionId), ...common } } },
            { Put: { TableName: this.table, Item: { pk: connPk(connectionId), sk: subPk(key), ...common } } },
          ],
        }),
      );
      return true;
    } catch (e) {
      if (e instanceof TransactionCanceledException) {
        if (e.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') return false;
      }
      throw e;
    }
  }

  async unsubscribe(connectionId: string, key: string): Promise<void> {
    await Promise.all([
      this.doc.send(
        new DeleteCommand({ TableName: this.table, Key: { pk: subPk(key), sk: connPk(connectionId) } }),
      ),
      this.doc.send(
        new DeleteCommand({ TableName: this.table, Key: { pk: connPk(connectionId), sk: subPk(key) } }),
      ),
    ]);
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
