import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceInUseException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type DynamoDBClient,
  type AttributeDefinition,
  type Projection,
} from '@aws-sdk/client-dynamodb';
import {
  TABLES,
  type IndexDefinition,
  type TableDefinition,
  type TableId,
} from '../adapters/dynamodb/table-definitions.js';
import { RETIRED_CALLBACK_INDEXES } from '../adapters/dynamodb/callback-index-layout.js';

function projection(p: IndexDefinition['projection']): Projection {
  if (p === 'ALL' || p === 'KEYS_ONLY') return { ProjectionType: p };
  return { ProjectionType: 'INCLUDE', NonKeyAttributes: p.include };
}

function keySchema(i: IndexDefinition) {
  return [
    { AttributeName: i.partitionKey.name, KeyType: 'HASH' as const },
    ...(i.sortKey ? [{ AttributeName: i.sortKey.name, KeyType: 'RANGE' as const }] : []),
  ];
}

/**
 * A table kept from an older version (a local data folder) gets the indexes added since, one at
 * a time as DynamoDB requires; the CDK stack does the same in AWS.
 */
async function addMissingIndexes(client: DynamoDBClient, TableName: string, t: TableDefinition) {
  const existing = await client.send(new DescribeTableCommand({ TableName }));
  const names = new Set((existing.Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
  for (const i of t.globalIndexes.filter((x) => !names.has(x.name))) {
    await client.send(
      new UpdateTableCommand({
        TableName,
        AttributeDefinitions: attributeDefinitions(t),
        GlobalSecondaryIndexUpdates: [
          { Create: { IndexName: i.name, KeySchema: keySchema(i), Projection: projection(i.projection) } },
        ],
      }),
    );
    // Only one index may be in creation per table: wait for this one before the next.
    await untilIndexActive(client, TableName, i.name);
  }
  // Indexes the layout replaced: their successors exist now, and the local start backfills what
  // they need before serving, so nothing reads these again (each write would still update them).
  const retired = t.id === 'callbacks' ? RETIRED_CALLBACK_INDEXES.filter((n) => names.has(n)) : [];
  for (const IndexName of retired) {
    await client.send(
      new UpdateTableCommand({ TableName, GlobalSecondaryIndexUpdates: [{ Delete: { IndexName } }] }),
    );
    await untilIndexGone(client, TableName, IndexName);
  }
}

async function untilIndexGone(client: DynamoDBClient, TableName: string, IndexName: string): Promise<void> {
  const deadline = Date.now() + 150_000;
  for (;;) {
    const table = (await client.send(new DescribeTableCommand({ TableName }))).Table;
    const index = table?.GlobalSecondaryIndexes?.find((x) => x.IndexName === IndexName);
    if (!index && table?.TableStatus === 'ACTIVE') return;
    if (Date.now() > deadline)
      throw new Error(`Index ${IndexName} of ${TableName} is still there after 150 s.`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function untilIndexActive(client: DynamoDBClient, TableName: string, IndexName: string): Promise<void> {
  const deadline = Date.now() + 150_000;
  for (;;) {
    const table = (await client.send(new DescribeTableCommand({ TableName }))).Table;
    const index = table?.GlobalSecondaryIndexes?.find((x) => x.IndexName === IndexName);
    if (index?.IndexStatus === 'ACTIVE' && table?.TableStatus === 'ACTIVE') return;
    if (Date.now() > deadline) {
      throw new Error(
        `Index ${IndexName} of ${TableName} is still ${index?.IndexStatus ?? 'missing'} after 150 s.`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

function attributeDefinitions(t: TableDefinition): AttributeDefinition[] {
  const defs = new Map<string, string>();
  for (const k of [
    t.partitionKey,
    t.sortKey,
    ...t.globalIndexes.flatMap((i) => [i.partitionKey, i.sortKey]),
  ]) {
    if (k) defs.set(k.name, k.type);
  }
  return [...defs].map(([AttributeName, AttributeType]) => ({
    AttributeName,
    AttributeType: AttributeType as 'S' | 'N',
  }));
}

/**
 * Until the table (and every index of it) is ACTIVE: DynamoDB Local creates at once, real
 * DynamoDB (`--dynamodb-endpoint` to a dev account) takes seconds, and refuses TTL and index
 * updates meanwhile.
 */
async function untilTableActive(client: DynamoDBClient, TableName: string): Promise<void> {
  const deadline = Date.now() + 300_000;
  for (let wait = 100; ; wait = Math.min(wait * 2, 2_000)) {
    const table = (await client.send(new DescribeTableCommand({ TableName }))).Table;
    const indexes = table?.GlobalSecondaryIndexes ?? [];
    if (table?.TableStatus === 'ACTIVE' && indexes.every((i) => i.IndexStatus === 'ACTIVE')) return;
    if (Date.now() > deadline) {
      throw new Error(`Table ${TableName} is still ${table?.TableStatus ?? 'missing'} after 300 s.`);
    }
    await new Promise((r) => setTimeout(r, wait));
  }
}

/**
 * Creates every table of `TABLES` (if absent) under `names`, the same definitions the CDK stack
 * deploys, and adds the indexes an existing table lacks. `ttl: false` leaves TTL deletion off:
 * DynamoDB deletes by the real clock, so a runtime on an injected clock (tests) would lose items
 * its own clock still holds live. Reads check expiry themselves either way.
 */
export async function createTables(
  client: DynamoDBClient,
  names: Record<TableId, string>,
  options: { ttl?: boolean } = {},
): Promise<{ created: string[]; found: string[] }> {
  const created: string[] = [];
  const found: string[] = [];
  for (const t of TABLES) {
    const TableName = names[t.id];
    try {
      await client.send(
        new CreateTableCommand({
          TableName,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: attributeDefinitions(t),
          KeySchema: [
            { AttributeName: t.partitionKey.name, KeyType: 'HASH' },
            ...(t.sortKey ? [{ AttributeName: t.sortKey.name, KeyType: 'RANGE' as const }] : []),
          ],
          ...(t.globalIndexes.length > 0
            ? {
                GlobalSecondaryIndexes: t.globalIndexes.map((i) => ({
                  IndexName: i.name,
                  KeySchema: keySchema(i),
                  Projection: projection(i.projection),
                })),
              }
            : {}),
        }),
      );
    } catch (e) {
      if (!(e instanceof ResourceInUseException)) throw e;
      await untilTableActive(client, TableName);
      await addMissingIndexes(client, TableName, t);
      found.push(TableName);
      continue;
    }
    await untilTableActive(client, TableName);
    if (t.ttlAttribute && options.ttl !== false) {
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName,
          TimeToLiveSpecification: { AttributeName: t.ttlAttribute, Enabled: true },
        }),
      );
    }
    created.push(TableName);
  }
  return { created, found };
}

export function localTableNames(prefix: string): Record<TableId, string> {
  return Object.fromEntries(TABLES.map((t) => [t.id, `${prefix}${t.id}`])) as Record<TableId, string>;
}
