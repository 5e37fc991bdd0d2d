import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { GENESYS_CHANNEL } from '../../domain/push/push-protocol.js';
import type { BayeuxStore } from '../../ports/bayeux.js';
import type { PendingBayeuxMessage, StoredBayeuxClient } from '../../domain/bayeux/bayeux-server.js';
import { queryAll } from './query-all.js';

const CLIENT = 'bayeux#';
const USER = 'bayeux-user#';
/** Not `meta`: the monitor counts WebSocket connections by their `meta` items. */
const RECORD = 'client';
const MSG = 'msg#';

const clientPk = (id: string) => `${CLIENT}${id}`;
const userPk = (user: string) => `${USER}${user}`;
const ttl = (ms: number) => Math.ceil(ms / 1000);

/**
 * CometD clients in the `connections` table: `bayeux#<clientId>` / `client` (gms_user,
 * subscriptions, the WebSocket connection it uses, expiry), `bayeux-user#<gms_user>` /
 * `bayeux#<clientId>` (who receives for a user: written while the client is subscribed to
 * `/_genesys`) and `bayeux#<clientId>` / `msg#<time>#<id>` (messages waiting for a long-polling
 * client's next connect). Every item carries `ttl`, so clients that vanish are cleaned up.
 */
export class DynamoBayeuxStore implements BayeuxStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async create(client: StoredBayeuxClient): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          pk: clientPk(client.id),
          sk: RECORD,
          expiresAt: client.expiresAt,
          ttl: ttl(client.expiresAt),
          ...(client.gmsUser !== undefined ? { gmsUser: client.gmsUser } : {}),
          ...(client.connectionId !== undefined ? { connectionId: client.connectionId } : {}),
        },
      }),
    );
  }

  async get(id: string, now: number): Promise<StoredBayeuxClient | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: { pk: clientPk(id), sk: RECORD }, ConsistentRead: true }),
    );
    return out.Item ? this.clientOf(id, out.Item, now) : undefined;
  }

  async touch(id: string, connectionId: string | undefined, expiresAt: number): Promise<boolean> {
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: clientPk(id), sk: RECORD },
          UpdateExpression:
            connectionId !== undefined
              ? 'SET expiresAt = :e, #ttl = :t, connectionId = :c'
              : 'SET expiresAt = :e, #ttl = :t REMOVE connectionId',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: {
            ':e': expiresAt,
            ':t': ttl(expiresAt),
            ...(connectionId !== undefined ? { ':c': connectionId } : {}),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      const item = out.Attributes ?? {};
      if (typeof item.gmsUser === 'string' && this.subscriptionsOf(item).includes(GENESYS_CHANNEL)) {
        await this.putListener(item.gmsUser, id, expiresAt);
      }
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }

  async subscribe(id: string, channels: readonly string[]): Promise<boolean> {
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: clientPk(id), sk: RECORD },
          UpdateExpression: 'ADD subs :c',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':c': new Set(channels) },
          ReturnValues: 'ALL_NEW',
        }),
      );
      const item = out.Attributes ?? {};
      if (typeof item.gmsUser === 'string' && channels.includes(GENESYS_CHANNEL)) {
        await this.putListener(item.gmsUser, id, item.expiresAt as number);
      }
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }

  async unsubscribe(id: string, channels: readonly string[]): Promise<void> {
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: clientPk(id), sk: RECORD },
          UpdateExpression: 'DELETE subs :c',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':c': new Set(channels) },
          ReturnValues: 'ALL_NEW',
        }),
      );
      const item = out.Attributes ?? {};
      if (typeof item.gmsUser === 'string' && channels.includes(GENESYS_CHANNEL)) {
        await this.doc.send(
          new DeleteCommand({ TableName: this.table, Key: { pk: userPk(item.gmsUser), sk: clientPk(id) } }),
        );
      }
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
    }
  }

  async remove(id: string): Promise<void> {
    const items = await queryAll(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': clientPk(id) },
      ProjectionExpression: 'pk, sk, gmsUser',
      ConsistentRead: true,
    });
    const keys: { pk: string; sk: string }[] = [];
    for (const item of items) {
      keys.push({ pk: item.pk as string, sk: item.sk as string });
      if (item.sk === RECORD && typeof item.gmsUser === 'string') {
        keys.push({ pk: userPk(item.gmsUser), sk: clientPk(id) });
      }
    }
    for (let i = 0; i < keys.length; i += 25) {
      let requests = keys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } }));
      while (requests.length > 0) {
        const out = await this.doc.send(new BatchWriteCommand({ RequestItems: { [this.table]: requests } }));
        requests = (out.UnprocessedItems?.[this.table] ?? []) as typeof requests;
      }
    }
  }

  async listeners(gmsUser: string, now: number): Promise<StoredBayeuxClient[]> {
    const index = await queryAll(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': userPk(gmsUser) },
      ConsistentRead: true,
    });
    const clients = await Promise.all(
      index
        .filter((i) => (i.expiresAt as number) > now)
        .map((i) => this.get((i.sk as string).slice(CLIENT.length), now)),
    );
    return clients.filter(
      (c): c is StoredBayeuxClient => c !== undefined && c.subscriptions.includes(GENESYS_CHANNEL),
    );
  }

  async enqueue(clientId: string, message: PendingBayeuxMessage, expiresAt: number): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          pk: clientPk(clientId),
          sk: `${MSG}${String(message.createdAt).padStart(15, '0')}#${message.id}`,
          message: JSON.stringify(message.message),
          expiresAt,
          ttl: ttl(expiresAt),
        },
      }),
    );
  }

  async takePending(clientId: string, now: number): Promise<unknown[]> {
    const items = await queryAll(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :msg)',
      ExpressionAttributeValues: { ':pk': clientPk(clientId), ':msg': MSG },
      ConsistentRead: true,
    });
    const taken: unknown[] = [];
    for (const item of items) {
      // The delete that returns the item is what takes it: two connects racing never both send it.
      const out = await this.doc.send(
        new DeleteCommand({
          TableName: this.table,
          Key: { pk: item.pk, sk: item.sk },
          ReturnValues: 'ALL_OLD',
        }),
      );
      const old = out.Attributes;
      if (old && (old.expiresAt as number) > now) taken.push(JSON.parse(old.message as string));
    }
    return taken;
  }

  private async putListener(gmsUser: string, id: string, expiresAt: number): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: userPk(gmsUser), sk: clientPk(id), expiresAt, ttl: ttl(expiresAt) },
      }),
    );
  }

  private subscriptionsOf(item: Record<string, unknown>): string[] {
    const subs = item.subs;
    return subs instanceof Set ? [...(subs as Set<string>)] : [];
  }

  private clientOf(id: string, item: Record<string, unknown>, now: number): StoredBayeuxClient | undefined {
    if ((item.expiresAt as number) <= now) return undefined;
    return {
      id,
      subscriptions: this.subscriptionsOf(item),
      expiresAt: item.expiresAt as number,
      ...(typeof item.gmsUser === 'string' ? { gmsUser: item.gmsUser } : {}),
      ...(typeof item.connectionId === 'string' ? { connectionId: item.connectionId } : {}),
    };
  }
}
