import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { IdempotencyClaim } from '../../domain/idempotency-key.js';
import type { IdempotencyStore } from '../../ports/idempotency.js';

const FIELDS = ['fingerprint', 'resourceId', 'owner', 'claimedAt', 'expiresAt'] as const;

/**
 * Idempotency keys in the sessions table (`idem#<scope>#<key>`), one small item per key, deleted
 * by DynamoDB TTL after `expiresAt` (reads and the claim's condition check expiry themselves, as
 * TTL deletes late). The answer is kept as JSON text.
 */
export class DynamoIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  private pk(key: string) {
    return { pk: `idem#${key}` };
  }

  private async swallowCondition(write: () => Promise<unknown>): Promise<boolean> {
    try {
      await write();
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }

  async claim(
    claim: IdempotencyClaim,
    now: number,
  ): Promise<{ won: true } | { won: false; holder?: IdempotencyClaim }> {
    const won = await this.swallowCondition(() =>
      this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...this.pk(claim.key),
            fingerprint: claim.fingerprint,
            resourceId: claim.resourceId,
            owner: claim.owner,
            claimedAt: claim.claimedAt,
            expiresAt: claim.expiresAt,
            ttl: Math.ceil(claim.expiresAt / 1000),
          },
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now',
          ExpressionAttributeValues: { ':now': now },
        }),
      ),
    );
    if (won) return { won: true };
    // Gone (or expired) between the two calls: the caller simply claims again.
    return { won: false, holder: await this.get(claim.key, now) };
  }

  async get(key: string, now: number): Promise<IdempotencyClaim | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: this.pk(key), ConsistentRead: true }),
    );
    const item = out.Item;
    if (!item || (item.expiresAt as number) <= now) return undefined;
    const holder: Record<string, unknown> = { key };
    for (const f of FIELDS) holder[f] = item[f];
    if (typeof item.response === 'string') {
      holder.response = { status: item.status as number, body: JSON.parse(item.response) as unknown };
    }
    return holder as unknown as IdempotencyClaim;
  }

  complete(key: string, owner: string, response: { status: number; body: unknown }): Promise<boolean> {
    return this.swallowCondition(() =>
      this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: this.pk(key),
          UpdateExpression: 'SET #r = :r, #s = :s',
          ConditionExpression: '#o = :owner',
          ExpressionAttributeNames: { '#r': 'response', '#s': 'status', '#o': 'owner' },
          ExpressionAttributeValues: {
            ':r': JSON.stringify(response.body),
            ':s': response.status,
            ':owner': owner,
          },
        }),
      ),
    );
  }

  async release(key: string, owner: string): Promise<void> {
    // An expired claim is free anyway: setting expiresAt to 0 frees it without a delete race.
    await this.swallowCondition(() =>
      this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: this.pk(key),
          UpdateExpression: 'SET expiresAt = :zero',
          ConditionExpression: '#o = :owner AND attribute_not_exists(#r)',
          ExpressionAttributeNames: { '#o': 'owner', '#r': 'response' },
          ExpressionAttributeValues: { ':zero': 0, ':owner': owner },
        }),
      ),
    );
  }

  takeOver(key: string, previousOwner: string, owner: string, now: number): Promise<boolean> {
    return this.swallowCondition(() =>
      this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: this.pk(key),
          UpdateExpression: 'SET #o = :owner, claimedAt = :now',
          ConditionExpression: '#o = :previous AND attribute_not_exists(#r) AND expiresAt > :now',
          ExpressionAttributeNames: { '#o': 'owner', '#r': 'response' },
          ExpressionAttributeValues: { ':owner': owner, ':previous': previousOwner, ':now': now },
        }),
      ),
    );
  }
}
