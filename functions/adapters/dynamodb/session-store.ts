import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ServiceSession } from '../../domain/service-session.js';
import type { SessionStore } from '../../ports/sessions.js';

const key = (id: string) => ({ pk: `session#${id}` });

export class DynamoSessionStore implements SessionStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async put(session: ServiceSession): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...key(session.id), ...session, ttl: Math.ceil(session.expiresAt / 1000) },
      }),
    );
  }

  async get(id: string, now: number): Promise<ServiceSession | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: key(id), ConsistentRead: true }),
    );
    const item = out.Item;
    if (!item || (item.expiresAt as number) <= now) return undefined;
    const { pk: _pk, ttl: _ttl, ...session } = item;
    return session as ServiceSession;
  }

  async attachAccess(
    id: string,
    access: { accessNumber: string; accessCode?: string; resourceGroup: string; phoneNumber?: string },
  ): Promise<void> {
    const sets = ['accessNumber = :n', 'resourceGroup = :g'];
    const values: Record<string, unknown> = { ':n': access.accessNumber, ':g': access.resourceGroup };
    if (access.accessCode !== undefined) {
      sets.push('accessCode = :c');
      values[':c'] = access.accessCode;
    }
    if (access.phoneNumber !== undefined) {
      sets.push('phoneNumber = :p');
      values[':p'] = access.phoneNumber;
    }
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: key(id),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: values,
      }),
    );
  }
}
