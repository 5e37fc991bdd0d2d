import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../../domain/errors.js';
import type {
  NotificationAudience,
  StoredNotification,
} from '../../domain/notification/stored-notification.js';
import type { NotificationStore } from '../../ports/notifications.js';

/** A device that never polls must not grow its item toward DynamoDB's 400 KB limit. */
export const MAX_PENDING_NOTIFICATIONS = 100;

const key = (sessionId: string, audience: NotificationAudience) => ({ pk: `notif#${audience}#${sessionId}` });

/**
 * Pending notifications of a session, one item per session and audience in the `sessions` table:
 * append is `list_append`, take is one `REMOVE` returning the old list, so two concurrent polls
 * never both get the same notification.
 */
export class DynamoNotificationStore implements NotificationStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async add(
    sessionId: string,
    audience: NotificationAudience,
    notification: StoredNotification,
    expiresAt: number,
  ): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: key(sessionId, audience),
          UpdateExpression:
            'SET #items = list_append(if_not_exists(#items, :empty), :one), expiresAt = :exp, #ttl = :ttl',
          ConditionExpression: 'attribute_not_exists(#items) OR size(#items) < :max',
          ExpressionAttributeNames: { '#items': 'items', '#ttl': 'ttl' },
          ExpressionAttributeValues: {
            ':empty': [],
            ':one': [notification],
            ':exp': expiresAt,
            ':ttl': Math.ceil(expiresAt / 1000),
            ':max': MAX_PENDING_NOTIFICATIONS,
          },
        }),
      );
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) {
        throw new ConflictError(
          `Session ${sessionId} already has ${MAX_PENDING_NOTIFICATIONS} notifications waiting to be retrieved.`,
        );
      }
      throw e;
    }
  }

  async take(sessionId: string, audience: NotificationAudience, now: number): Promise<StoredNotification[]> {
    const out = await this.doc
      .send(
        new UpdateCommand({
          TableName: this.table,
          Key: key(sessionId, audience),
          UpdateExpression: 'REMOVE #items',
          ConditionExpression: 'attribute_exists(#items)',
          ExpressionAttributeNames: { '#items': 'items' },
          ReturnValues: 'ALL_OLD',
        }),
      )
      .catch((e: unknown) => {
        if (e instanceof ConditionalCheckFailedException) return undefined;
        throw e;
      });
    const item = out?.Attributes;
    if (!item || (item.expiresAt as number) <= now) return [];
    return (item.items ?? []) as StoredNotification[];
  }
}
