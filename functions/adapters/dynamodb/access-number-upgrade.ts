import { GetCommand, PutCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchWriteItems, type WriteRequest } from './batch-items.js';
import { CHUNK_SIZE, chunkItems } from './access-number-store.js';

/** Written once the `resources` table holds the chunked layout, so later starts skip the scan. */
const LAYOUT_MARKER = { pk: 'layout', sk: 'access-number-chunks' };

/**
 * A `resources` table from before chunks holds one item per access number (`group#<group>`,
 * `<number>`), each with its own free or locked state. Those items stay as they are: in the
 * chunked layout they are number items, the truth about their numbers. What each group lacks is
 * its chunks (membership, in `sk` order; nothing in their free sets, since every number has its
 * own item) and its pool item (the counts). Returns the groups upgraded.
 */
export async function upgradeAccessNumberLayout(
  doc: DynamoDBDocumentClient,
  table: string,
): Promise<string[]> {
  const marker = await doc.send(
    new GetCommand({ TableName: table, Key: LAYOUT_MARKER, ConsistentRead: true }),
  );
  if (marker.Item) return [];
  const groups = new Map<string, string[]>();
  const pools = new Set<string>();
  let start: Record<string, unknown> | undefined;
  do {
    const out = await doc.send(
      new ScanCommand({
        TableName: table,
        ProjectionExpression: 'pk, sk, removedAt',
        ExclusiveStartKey: start,
      }),
    );
    for (const item of out.Items ?? []) {
      const pk = item.pk as string;
      if (pk.startsWith('pool#')) pools.add(pk.slice('pool#'.length));
      if (!pk.startsWith('group#') || item.removedAt !== undefined) continue;
      const group = pk.slice('group#'.length);
      groups.set(group, [...(groups.get(group) ?? []), item.sk as string]);
    }
    start = out.LastEvaluatedKey;
  } while (start);
  const upgraded = [...groups.keys()].filter((g) => !pools.has(g));
  const requests: WriteRequest[] = [];
  for (const group of upgraded) {
    const numbers = groups.get(group)!.sort();
    for (const Item of chunkItems(
      group,
      numbers,
      () => false,
      (i) => i,
    ))
      requests.push({ PutRequest: { Item } });
    requests.push({
      PutRequest: {
        Item: {
          pk: `pool#${group}`,
          sk: 'pool',
          total: numbers.length,
          chunks: Math.ceil(numbers.length / CHUNK_SIZE),
        },
      },
    });
  }
  await batchWriteItems(doc, table, requests, 4);
  await doc.send(new PutCommand({ TableName: table, Item: LAYOUT_MARKER }));
  return upgraded;
}
