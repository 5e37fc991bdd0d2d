import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { User } from '../../domain/user-account.js';
import type { UserStore } from '../../ports/users-and-tokens.js';
import { queryAll } from './query-all.js';
import { USER_PARTITION } from './table-definitions.js';

const PK = USER_PARTITION;

function toUser(item: Record<string, unknown>): User {
  return {
    username: item.sk as string,
    passwordHash: item.passwordHash as string,
    roles: item.roles as User['roles'],
    createdAt: item.createdAt as number,
    ...(typeof item.credentialsVersion === 'string' ? { credentialsVersion: item.credentialsVersion } : {}),
    ...(item.mustChangePassword === true ? { mustChangePassword: true } : {}),
  };
}

export class DynamoUserStore implements UserStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async get(username: string): Promise<User | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: { pk: PK, sk: username } }));
    return out.Item ? toUser(out.Item) : undefined;
  }

  async list(): Promise<User[]> {
    const items = await queryAll(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': PK },
    });
    return items.map(toUser);
  }

  private item(user: User) {
    return {
      pk: PK,
      sk: user.username,
      passwordHash: user.passwordHash,
      roles: user.roles,
      createdAt: user.createdAt,
      ...(user.credentialsVersion !== undefined ? { credentialsVersion: user.credentialsVersion } : {}),
      ...(user.mustChangePassword ? { mustChangePassword: true } : {}),
    };
  }

  async put(user: User): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.table, Item: this.item(user) }));
  }

  async createIfAbsent(user: User): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: this.item(user),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }

  async delete(username: string): Promise<boolean> {
    const out = await this.doc.send(
      new DeleteCommand({ TableName: this.table, Key: { pk: PK, sk: username }, ReturnValues: 'ALL_OLD' }),
    );
    return out.Attributes !== undefined;
  }
}
