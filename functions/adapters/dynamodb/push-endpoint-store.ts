import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { NativePlatform } from '../../domain/push/native-platforms.js';
import type { PushEndpointStore } from '../../ports/mobile-push.js';

/** Endpoints unused this long are forgotten; SNS hands back the same endpoint for a known token. */
const ENDPOINT_RETENTION_SECONDS = 180 * 24 * 3600;

const pk = (platform: NativePlatform, token: string) => `endpoint#${platform}#${token}`;
const SK = 'meta';

/**
 * The `connections` table: `endpoint#<platform>#<device token>` / `meta` holds the SNS endpoint ARN
 * (`arn`) of the token, so each token's endpoint is created once. Written again (TTL pushed
 * back) whenever an endpoint is created.
 */
export class DynamoPushEndpointStore implements PushEndpointStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly now: () => number,
  ) {}

  async get(platform: NativePlatform, token: string): Promise<string | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: { pk: pk(platform, token), sk: SK } }),
    );
    const item = out.Item as { arn?: string; ttl?: number } | undefined;
    // DynamoDB deletes expired items late: an expired one is not there.
    if (!item?.arn || (item.ttl !== undefined && item.ttl * 1000 <= this.now())) return undefined;
    return item.arn;
  }

  async put(platform: NativePlatform, token: string, endpointArn: string): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          pk: pk(platform, token),
          sk: SK,
          arn: endpointArn,
          ttl: Math.ceil(this.now() / 1000) + ENDPOINT_RETENTION_SECONDS,
        },
      }),
    );
  }

  async forget(platform: NativePlatform, token: string, endpointArn: string): Promise<void> {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.table,
          Key: { pk: pk(platform, token), sk: SK },
          ConditionExpression: 'arn = :arn',
          ExpressionAttributeValues: { ':arn': endpointArn },
        }),
      );
    } catch (e) {
      // Another instance stored a new endpoint for the token meanwhile: keep it.
      if ((e as Error).name !== 'ConditionalCheckFailedException') throw e;
    }
  }
}
