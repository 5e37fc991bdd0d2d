import { BatchGetCommand, BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { eachWithConcurrency } from '../../domain/bounded-concurrency.js';

type Key = Record<string, unknown>;

/** BatchGetItem takes at most this many keys per call, BatchWriteItem this many requests. */
const GET_CHUNK = 100;
const WRITE_CHUNK = 25;

/**
 * Unprocessed keys mean throttling (or the 16 MB answer limit): asking again at once would hit
 * the same wall, so each retry waits longer (full jitter, AWS's advice for batch operations).
 */
const backoff = (attempt: number) =>
  attempt === 0
    ? Promise.resolve()
    : new Promise((r) => setTimeout(r, Math.random() * 20 * 2 ** Math.min(attempt, 6)));

/** Reads the items of `keys` in batches of 100, retrying what DynamoDB leaves unprocessed. */
export async function batchGetItems(
  doc: DynamoDBDocumentClient,
  table: string,
  keys: readonly Key[],
  consistent = false,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < keys.length; i += GET_CHUNK) {
    let request: Record<string, { Keys: Key[]; ConsistentRead: boolean }> | undefined = {
      [table]: { Keys: keys.slice(i, i + GET_CHUNK), ConsistentRead: consistent },
    };
    for (let attempt = 0; request && Object.keys(request).length > 0; attempt++) {
      await backoff(attempt);
      const out = await doc.send(new BatchGetCommand({ RequestItems: request }));
      items.push(...(out.Responses?.[table] ?? []));
      request = out.UnprocessedKeys as typeof request;
    }
  }
  return items;
}

export type WriteRequest = { PutRequest: { Item: Key } } | { DeleteRequest: { Key: Key } };

/**
 * Unconditional puts and deletes in batches of 25, at most `parallel` batches in flight, retrying
 * what DynamoDB leaves unprocessed. Batches hold distinct keys, so their order does not matter.
 */
export async function batchWriteItems(
  doc: DynamoDBDocumentClient,
  table: string,
  requests: readonly WriteRequest[],
  parallel = 1,
): Promise<void> {
  const chunks: WriteRequest[][] = [];
  for (let i = 0; i < requests.length; i += WRITE_CHUNK) chunks.push(requests.slice(i, i + WRITE_CHUNK));
  await eachWithConcurrency(chunks, parallel, async (chunk) => {
    let request: Record<string, WriteRequest[]> | undefined = { [table]: chunk };
    for (let attempt = 0; request && Object.keys(request).length > 0; attempt++) {
      await backoff(attempt);
      const out = await doc.send(new BatchWriteCommand({ RequestItems: request }));
      request = out.UnprocessedItems as typeof request;
    }
  });
}
