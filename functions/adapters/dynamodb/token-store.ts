import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import type { AuthToken } from '../../domain/user-account.js';
import type { TokenStore } from '../../ports/users-and-tokens.js';

/**
 * Tokens are kept by their SHA-256, never as issued: whoever reads the table (a function granted
 * it, a backup, an export) learns nothing to present. A token is 256 random bits, so a plain,
 * unsalted hash is enough (nothing to guess).
 */
const key = (token: string) => ({ pk: `token#${createHash('sha256').update(token).digest('base64url')}` });

/** Bearer tokens from admin/login, in the `tokens` table. */
export class DynamoTokenStore implements TokenStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async save(token: AuthToken): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...key(token.token),
          username: token.username,
          expiresAt: token.expiresAt,
          ...(token.credentialsVersion !== undefined ? { credentialsVersion: token.credentialsVersion } : {}),
          ttl: Math.ceil(token.expiresAt / 1000),
        },
      }),
    );
  }

  async find(token: string, now: number): Promise<AuthToken | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: key(token) }));
    const item = out.Item;
    if (!item || (item.expiresAt as number) <= now) return undefined;
    return {
      token,
      username: item.username as string,
      expiresAt: item.expiresAt as number,
      ...(typeof item.credentialsVersion === 'string' ? { credentialsVersion: item.credentialsVersion } : {}),
    };
  }

  async revoke(token: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.table, Key: key(token) }));
  }
}
