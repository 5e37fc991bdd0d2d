import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { NotificationSubscription } from '../../domain/notification/subscription.js';
import type { NotificationSubscriptionStore } from '../../ports/notifications.js';

/** Who listens to a filter: one item per subscription under the filter's partition. */
const byFilterPk = (filter: string) => `nsub#${filter}`;
/** Where a subscription's id leads (GET and DELETE by id): its filter. */
const byIdPk = (id: string) => `nsubid#${id}`;
/** Not `meta`: the connection count scans for `meta` items. */
const ID_SK = 'subscription';
const ttl = (ms: number) => Math.ceil(ms / 1000);

/**
 * Notification API subscriptions in the `connections` table (delivery addresses, like the
 * WebSocket subscriptions beside them): `nsub#<filter>` / `<id>` holds the subscription, and
 * `nsubid#<id>` / `subscription` its filter, both written and deleted in one transaction and
 * expiring (TTL) with it. Publishing reads one partition, the tag's, page by page: its cost
 * follows the subscriptions that match, not how many exist.
 */
export class DynamoNotificationSubscriptionStore implements NotificationSubscriptionStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async put(s: NotificationSubscription): Promise<void> {
    const expiry = { expiresAt: s.expiresAt, ttl: ttl(s.expiresAt) };
    await this.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.table,
              Item: { pk: byFilterPk(s.filter), sk: s.id, subscription: s, ...expiry },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: this.table,
              Item: { pk: byIdPk(s.id), sk: ID_SK, filter: s.filter, ...expiry },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
  }

  async get(id: string, now: number): Promise<NotificationSubscription | undefined> {
    const filter = await this.filterOf(id, now);
    if (filter === undefined) return undefined;
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.table,
        Key: { pk: byFilterPk(filter), sk: id },
        ConsistentRead: true,
      }),
    );
    const s = out.Item?.subscription as NotificationSubscription | undefined;
    return s && s.expiresAt > now ? s : undefined;
  }

  async remove(id: string): Promise<boolean> {
    // An expired subscription TTL has not swept yet is removed too: it is gone either way.
    const filter = await this.filterOf(id, 0);
    if (filter === undefined) return false;
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Delete: {
                TableName: this.table,
                Key: { pk: byIdPk(id), sk: ID_SK },
                ConditionExpression: 'attribute_exists(pk)',
              },
            },
            { Delete: { TableName: this.table, Key: { pk: byFilterPk(filter), sk: id } } },
          ],
        }),
      );
      return true;
    } catch (e) {
      // A concurrent DELETE of the same id won.
      if (e instanceof TransactionCanceledException) return false;
      throw e;
    }
  }

  async count(filter: string, now: number, limit: number): Promise<number> {
    let count = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk',
          FilterExpression: 'expiresAt > :now',
          ExpressionAttributeValues: { ':pk': byFilterPk(filter), ':now': now },
          Select: 'COUNT',
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      count += out.Count ?? 0;
      start = out.LastEvaluatedKey;
    } while (start && count < limit);
    return count;
  }

  async *byFilter(filter: string, now: number): AsyncIterable<NotificationSubscription[]> {
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk',
          FilterExpression: 'expiresAt > :now',
          ExpressionAttributeValues: { ':pk': byFilterPk(filter), ':now': now },
          ExclusiveStartKey: start,
        }),
      );
      const page = (out.Items ?? []).map((item) => item.subscription as NotificationSubscription);
      if (page.length > 0) yield page;
      start = out.LastEvaluatedKey;
    } while (start);
  }

  private async filterOf(id: string, now: number): Promise<string | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: { pk: byIdPk(id), sk: ID_SK }, ConsistentRead: true }),
    );
    const item = out.Item;
    if (!item || (item.expiresAt as number) <= now) return undefined;
    return item.filter as string;
  }
}
