import { DeleteCommand, GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { windowStart } from '../../domain/fixed-window.js';
import type { AttemptCounter } from '../../ports/attempt-counter.js';

/**
 * One item per key and window in the sessions table (`rate#<key>#<window start>`), so a key costs
 * one small atomic update per hit and traffic of different clients lands on different partitions.
 * Items expire by TTL one window after theirs ends.
 */
export class DynamoAttemptCounter implements AttemptCounter {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  private key(key: string, windowSeconds: number, now: number) {
    return { pk: `rate#${key}#${windowStart(windowSeconds, now)}` };
  }

  async hit(key: string, windowSeconds: number, now: number, by = 1): Promise<number> {
    const start = windowStart(windowSeconds, now);
    const out = await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: this.key(key, windowSeconds, now),
        UpdateExpression: 'ADD #n :by SET #ttl = if_not_exists(#ttl, :ttl)',
        ExpressionAttributeNames: { '#n': 'n', '#ttl': 'ttl' },
        ExpressionAttributeValues: {
          ':by': by,
          ':ttl': Math.ceil((start + 2 * windowSeconds * 1000) / 1000),
        },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(out.Attributes?.n ?? by);
  }

  async count(key: string, windowSeconds: number, now: number): Promise<number> {
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.table,
        Key: this.key(key, windowSeconds, now),
        ProjectionExpression: 'n',
      }),
    );
    return Number(out.Item?.n ?? 0);
  }

  async reset(key: string, windowSeconds: number, now: number): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.table, Key: this.key(key, windowSeconds, now) }));
  }
}
