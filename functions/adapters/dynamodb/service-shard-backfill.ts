import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  ScanCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { DataUpgrade } from '../../ports/callbacks.js';
import { serviceShardOf } from './callback-index-layout.js';

/**
 * The progress of the backfill in the callbacks table: `cursor` (the Scan's last key) while it
 * runs, `done` once every callback written before `serviceShard` existed has it.
 */
const MARK = { pk: 'meta#service-shard-backfill' };
/** Items scanned per page; also the granularity of the stored cursor. */
const PAGE = 1000;
/** Concurrent UpdateItems of one page. */
const PARALLEL_WRITES = 25;

/** Whether the backfill has finished, i.e. `byServiceShard` lists every callback. */
export async function serviceShardBackfillDone(doc: DynamoDBDocumentClient, table: string): Promise<boolean> {
  const out = await doc.send(new GetCommand({ TableName: table, Key: MARK, ConsistentRead: true }));
  return out.Item?.done === true;
}

/**
 * Callbacks written before the `byServiceShard` index lack its partition key `serviceShard`, so
 * the index cannot see them. This gives it to them: a paginated Scan of the callbacks table,
 * resumable from a cursor stored in the marker item, so the one-minute tick does a bounded chunk
 * per run and a local start runs it to the end. Each write sets only `serviceShard`, and only if
 * it is still missing, so it never overwrites a concurrent change of the callback.
 */
export class DynamoServiceShardBackfill implements DataUpgrade {
  private finished = false;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async step(maxItems: number): Promise<{ done: boolean; upgraded: number }> {
    if (this.finished) return { done: true, upgraded: 0 };
    const mark = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: MARK, ConsistentRead: true }),
    );
    if (mark.Item?.done === true) {
      this.finished = true;
      return { done: true, upgraded: 0 };
    }
    let cursor = mark.Item?.cursor as Record<string, unknown> | undefined;
    let scanned = 0;
    let upgraded = 0;
    do {
      const page = await this.doc.send(
        new ScanCommand({
          TableName: this.table,
          ExclusiveStartKey: cursor,
          Limit: Math.max(1, Math.min(PAGE, maxItems - scanned)),
          ConsistentRead: true,
          FilterExpression: 'begins_with(pk, :cb) AND attribute_not_exists(serviceShard)',
          ProjectionExpression: 'pk, service',
          ExpressionAttributeValues: { ':cb': 'cb#' },
        }),
      );
      scanned += page.ScannedCount ?? 0;
      const items = page.Items ?? [];
      for (let i = 0; i < items.length; i += PARALLEL_WRITES) {
        const written = await Promise.all(items.slice(i, i + PARALLEL_WRITES).map((item) => this.give(item)));
        upgraded += written.filter(Boolean).length;
      }
      cursor = page.LastEvaluatedKey;
      if (cursor) await this.doc.send(new PutCommand({ TableName: this.table, Item: { ...MARK, cursor } }));
    } while (cursor && scanned < maxItems);
    if (!cursor) {
      await this.doc.send(new PutCommand({ TableName: this.table, Item: { ...MARK, done: true } }));
      this.finished = true;
    }
    return { done: this.finished, upgraded };
  }

  private async give(item: Record<string, unknown>): Promise<boolean> {
    const pk = item.pk as string;
    if (typeof item.service !== 'string') return false;
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk },
          UpdateExpression: 'SET serviceShard = :s',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(serviceShard)',
          ExpressionAttributeValues: { ':s': serviceShardOf(item.service, pk.slice(3)) },
        }),
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }
}
