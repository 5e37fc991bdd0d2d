import { BatchGetCommand, BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

type Key = Record<string, unknown>;

/** BatchGetItem takes at most this many keys per call, BatchWriteItem this many requests. */
const GET_CHUNK = 100;
const WRITE_CHUNK = 25;

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
    while (request && Object.keys(request).length > 0) {
      const out = await doc.send(new BatchGetCommand({ RequestItems: request }));
      items.push(...(out.Responses?.[table] ?? []));
      request = out.UnprocessedKeys as typeof request;
    }
  }
  return items;
}

export type WriteRequest = { PutRequest: { Item: Key } } | { DeleteRequest: { Key: Key } };

/** Unconditional puts and deletes in batches of 25, retrying what DynamoDB leaves unprocessed. */
export async function batchWriteItems(
  doc: DynamoDBDocumentClient,
  table: string,
  requests: readonly WriteRequest[],
): Promise<void> {
  for (let i = 0; i < requests.length; i += WRITE_CHUNK) {
    let request: Record<string, WriteRequest[]> | undefined = {
      [table]: requests.slice(i, i + WRITE_CHUNK),
    };
    while (request && Object.keys(request).length > 0) {
      const out = await doc.send(new BatchWriteCommand({ RequestItems: request }));
      request = out.UnprocessedItems as typeof request;
    }
  }
}
