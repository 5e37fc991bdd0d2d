import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import { ShortLivedCache } from '../../domain/short-lived-cache.js';
import type { AuthToken } from '../../domain/user-account.js';
import type { Clock } from '../../ports/clock-and-ids.js';
import type { TokenStore } from '../../ports/users-and-tokens.js';
import { recordingCaller } from '../aws-calls/aws-call-recorder.js';

/**
 * Tokens are kept by their SHA-256, never as issued: whoever reads the table (a function granted
 * it, a backup, an export) learns nothing to present. A token is 256 random bits, so a plain,
 * unsalted hash is enough (nothing to guess).
 */
const key = (token: string) => ({ pk: `token#${createHash('sha256').update(token).digest('base64url')}` });

/** Tokens whose lookup a process keeps (per function while AWS calls are recorded). */
const RECENT_TOKENS = 1_000;

interface StoredToken {
  username: string;
  expiresAt: number;
  credentialsVersion?: string;
}

/** Bearer tokens from admin/login, in the `tokens` table. */
export class DynamoTokenStore implements TokenStore {
  /** Recent lookups by the token's hash (never the token itself), absent tokens too. */
  private readonly recent: ShortLivedCache<StoredToken | undefined>;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    clock: Clock,
  ) {
    this.recent = new ShortLivedCache(() => clock.now(), RECENT_TOKENS);
  }

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
    this.recent.forget();
  }

  async find(token: string, now: number, maxAgeMs?: number): Promise<AuthToken | undefined> {
    const k = key(token);
    const cacheKey = `${recordingCaller() ?? ''}\n${k.pk}`;
    const read = () => this.read(k);
    const item = await (maxAgeMs === undefined
      ? this.recent.read(cacheKey, read)
      : this.recent.get(cacheKey, maxAgeMs, read));
    // Expiry is checked on every call, kept answer or not.
    if (!item || item.expiresAt <= now) return undefined;
    return { token, ...item };
  }

  private async read(k: { pk: string }): Promise<StoredToken | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: k }));
    const item = out.Item;
    if (!item) return undefined;
    return {
      username: item.username as string,
      expiresAt: item.expiresAt as number,
      ...(typeof item.credentialsVersion === 'string' ? { credentialsVersion: item.credentialsVersion } : {}),
    };
  }

  async revoke(token: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.table, Key: key(token) }));
    // Every function of this process refuses it at once (locally one process serves them all);
    // another process's kept answer is at most its `maxAgeMs` old.
    this.recent.forget();
  }
}
