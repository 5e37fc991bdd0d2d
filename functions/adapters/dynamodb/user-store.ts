import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ShortLivedCache } from '../../domain/short-lived-cache.js';
import type { User } from '../../domain/user-account.js';
import type { Clock } from '../../ports/clock-and-ids.js';
import type { UserStore } from '../../ports/users-and-tokens.js';
import { recordingCaller } from '../aws-calls/aws-call-recorder.js';
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

/** Users whose record a process keeps for callers that accept a recent answer. */
const RECENT_USERS = 1_000;

export class DynamoUserStore implements UserStore {
  private readonly recent: ShortLivedCache<User | undefined>;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    clock: Clock,
  ) {
    this.recent = new ShortLivedCache(() => clock.now(), RECENT_USERS);
  }

  get(username: string, maxAgeMs?: number): Promise<User | undefined> {
    // Password checks and the admin API read now; only a caller that says so gets a kept answer.
    const cacheKey = `${recordingCaller() ?? ''}\n${username}`;
    const read = () => this.read(username);
    return maxAgeMs === undefined
      ? this.recent.read(cacheKey, read)
      : this.recent.get(cacheKey, maxAgeMs, read);
  }

  private async read(username: string): Promise<User | undefined> {
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
    // A password or role change is seen at once by every function of this process.
    this.recent.forget();
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
      this.recent.forget();
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
    this.recent.forget();
    return out.Attributes !== undefined;
  }
}
