import { randomBytes } from 'node:crypto';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  type ConsumedCapacity,
} from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { inject } from 'vitest';
import {
  BY_SERVICE_SHARD,
  callbackIndexesAtStep,
  FINAL_UPGRADE_STEP,
  SERVICE_SHARDS,
} from '../../functions/adapters/dynamodb/callback-index-layout.js';
import { DynamoCallbackStore } from '../../functions/adapters/dynamodb/callback-store.js';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.js';
import { DynamoServiceShardBackfill } from '../../functions/adapters/dynamodb/service-shard-backfill.js';
import { TABLES } from '../../functions/adapters/dynamodb/table-definitions.js';
import type { CallbackRecord, Guard } from '../../functions/domain/callback/callback-record.js';
import { ServiceUnavailableError } from '../../functions/domain/errors.js';
import { defaultServiceOptions } from '../../functions/domain/service-template.js';
import { allShardKeys } from '../../functions/domain/shard.js';
import { builtinTemplate } from '../../functions/domain/templates/index.js';
import { startDynamoLocal } from '../../functions/local/dynamodb-local.js';
import type { RuntimeConfig } from '../../functions/runtime-config.js';
import { callbackRecord } from '../support/callback-fixture.js';
import { jsonBody, startTestServer } from '../support/test-server.js';

const CALLBACKS = TABLES.find((t) => t.id === 'callbacks')!;
const ALL_TIME = Date.UTC(9999, 0, 1);

const clientFor = (endpoint: string) =>
  new DynamoDBClient({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

/** The callbacks table as a stack at upgrade step `step` has it (0 = today's deployed layout). */
async function createCallbacksTable(client: DynamoDBClient, TableName: string, step: number): Promise<void> {
  const indexes = callbackIndexesAtStep(CALLBACKS.globalIndexes, step);
  const keys = new Map<string, 'S' | 'N'>([[CALLBACKS.partitionKey.name, CALLBACKS.partitionKey.type]]);
  for (const i of indexes) {
    keys.set(i.partitionKey.name, i.partitionKey.type);
    if (i.sortKey) keys.set(i.sortKey.name, i.sortKey.type);
  }
  await client.send(
    new CreateTableCommand({
      TableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [...keys].map(([AttributeName, AttributeType]) => ({
        AttributeName,
        AttributeType,
      })),
      KeySchema: [{ AttributeName: CALLBACKS.partitionKey.name, KeyType: 'HASH' }],
      GlobalSecondaryIndexes: indexes.map((i) => ({
        IndexName: i.name,
        KeySchema: [
          { AttributeName: i.partitionKey.name, KeyType: 'HASH' as const },
          ...(i.sortKey ? [{ AttributeName: i.sortKey.name, KeyType: 'RANGE' as const }] : []),
        ],
        Projection:
          i.projection === 'ALL' || i.projection === 'KEYS_ONLY'
            ? { ProjectionType: i.projection }
            : { ProjectionType: 'INCLUDE' as const, NonKeyAttributes: i.projection.include },
      })),
    }),
  );
}

/** A callback item exactly as the layout before `byServiceShard` wrote it (no `serviceShard`). */
function legacyItem(record: CallbackRecord): Record<string, unknown> {
  return {
    pk: `cb#${record.id}`,
    ttl: Math.ceil(record.expiresAt / 1000) + 86_400,
    ...record,
    dueShard: 'due',
    dueAt: record.desiredTime,
    expiryShard: 'active',
  };
}

interface Sent {
  command: string;
  index?: string;
  consumed?: ConsumedCapacity | ConsumedCapacity[];
}

/** Records every command sent through `doc` (with its index and the capacity it consumed). */
function recordCommands(doc: DynamoDBDocumentClient): Sent[] {
  const sent: Sent[] = [];
  doc.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      input.ReturnConsumedCapacity = 'INDEXES';
      const out = await next(args);
      sent.push({
        command: context.commandName ?? '?',
        index: input.IndexName as string | undefined,
        consumed: (out.output as { ConsumedCapacity?: ConsumedCapacity }).ConsumedCapacity,
      });
      return out;
    },
    { step: 'initialize', name: `recordCommands-${randomBytes(4).toString('hex')}` },
  );
  return sent;
}

const indexesWritten = (sent: Sent[]) =>
  sent.flatMap((s) => [s.consumed ?? []].flat().flatMap((c) => Object.keys(c.GlobalSecondaryIndexes ?? {})));

describe('the callbacks store on the upgrade steps (shared DynamoDB Local)', () => {
  let client: DynamoDBClient;
  let doc: DynamoDBDocumentClient;
  const tableName = () => `t${randomBytes(4).toString('hex')}-callbacks`;
  const day = Date.UTC(2030, 0, 1);
  const record = (id: string, over: Partial<CallbackRecord> = {}) =>
    callbackRecord({ id, service: 'svc', desiredTime: day + Number(id.slice(-1)) * 60_000, ...over });

  beforeAll(() => {
    client = clientFor(inject('dynamoEndpoint'));
    doc = createDocumentClient({
      region: 'us-east-1',
      tables: {},
      dynamodbEndpoint: inject('dynamoEndpoint'),
    } as RuntimeConfig);
  });
  afterAll(() => client.destroy());

  const newIndexHolds = async (table: string, service: string) => {
    let n = 0;
    for (const shard of allShardKeys(service, SERVICE_SHARDS)) {
      const out = await doc.send(
        new QueryCommand({
          TableName: table,
          IndexName: BY_SERVICE_SHARD.name,
          KeyConditionExpression: 'serviceShard = :s',
          ExpressionAttributeValues: { ':s': shard },
        }),
      );
      n += out.Count ?? 0;
    }
    return n;
  };

  it('step 1: lists from byService until the backfill is done, then from byServiceShard; byCustomer until byCustomerKeys exists', async () => {
    const table = tableName();
    await createCallbacksTable(client, table, 1);
    const old = [record('a3'), record('a1', { customerNumber: '5550001' }), record('a2')];
    for (const r of [...old, record('b1', { service: 'other' })]) {
      await doc.send(new PutCommand({ TableName: table, Item: legacyItem(r) }));
    }
    const before = new DynamoCallbackStore(doc, table);
    expect((await before.listByService('svc', 0, ALL_TIME, 100)).map((r) => r.id)).toEqual([
      'a1',
      'a2',
      'a3',
    ]);
    expect((await before.listByCustomer('5550001')).map((r) => r.id)).toEqual(['a1']);
    expect(await newIndexHolds(table, 'svc')).toBe(0);

    // Two items per run: the backfill resumes from its stored cursor, run after run.
    const backfill = new DynamoServiceShardBackfill(doc, table);
    let runs = 0;
    let upgraded = 0;
    for (let step = { done: false, upgraded: 0 }; !step.done; upgraded += step.upgraded, runs++) {
      step = await new DynamoServiceShardBackfill(doc, table).step(2);
    }
    expect(upgraded).toBe(4);
    expect(runs).toBeGreaterThan(2);
    expect(await backfill.step(2)).toEqual({ done: true, upgraded: 0 });
    expect(await newIndexHolds(table, 'svc')).toBe(3);

    const after = new DynamoCallbackStore(doc, table);
    const sent = recordCommands(doc);
    const listed = await after.listByService('svc', 0, ALL_TIME, 100);
    expect(listed.map((r) => r.id)).toEqual(['a1', 'a2', 'a3']);
    expect(listed[0]).toEqual(old[1]);
    const queried = sent.filter((s) => s.command === 'QueryCommand').map((s) => s.index);
    expect(queried).toEqual(Array(SERVICE_SHARDS).fill(BY_SERVICE_SHARD.name));
    expect(sent.filter((s) => s.command === 'BatchGetItemCommand')).toHaveLength(1);
    // The limit keeps the earliest desired times across all shards.
    expect((await after.listByService('svc', 0, ALL_TIME, 2)).map((r) => r.id)).toEqual(['a1', 'a2']);
    expect((await after.listByService('svc', day + 90_000, ALL_TIME, 100)).map((r) => r.id)).toEqual([
      'a2',
      'a3',
    ]);
  });

  it('final layout before the backfill: a service listing is a 503 naming the upgrade; after it, listed', async () => {
    const table = tableName();
    await createCallbacksTable(client, table, FINAL_UPGRADE_STEP);
    await doc.send(
      new PutCommand({ TableName: table, Item: legacyItem(record('c1', { customerNumber: '5550002' })) }),
    );
    const store = new DynamoCallbackStore(doc, table);
    const refused = await store.listByService('svc', 0, ALL_TIME, 100).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ServiceUnavailableError);
    expect((refused as Error).message).toMatch(/being upgraded.*byServiceShard/);
    // The customer index has the same keys as before: nothing to backfill for it.
    expect((await store.listByCustomer('5550002')).map((r) => r.id)).toEqual(['c1']);

    expect(await new DynamoServiceShardBackfill(doc, table).step(10_000)).toEqual({
      done: true,
      upgraded: 1,
    });
    expect((await store.listByService('svc', 0, ALL_TIME, 100)).map((r) => r.id)).toEqual(['c1']);
  });

  it('a change that moves no guard is one conditional UpdateItem and writes no list index; guards make it a transaction', async () => {
    const table = tableName();
    await createCallbacksTable(client, table, FINAL_UPGRADE_STEP);
    await new DynamoServiceShardBackfill(doc, table).step(10);
    const store = new DynamoCallbackStore(doc, table);
    const sent = recordCommands(doc);
    const take = (): Sent[] => sent.splice(0, sent.length);

    const plain = record('d1', { customerNumber: '5550003' });
    expect(await store.create(plain, [])).toEqual({ ok: true, record: plain });
    const created = take();
    expect(created.map((s) => s.command)).toEqual(['PutItemCommand']);
    expect(indexesWritten(created)).toEqual(expect.arrayContaining(['byServiceShard', 'byCustomerKeys']));
    expect(await store.create(plain, [])).toEqual({ ok: false, reason: 'version' });
    take();

    const queued = await store.update('d1', 1, { state: 'QUEUED', set: { queuedAt: day } }, day + 5);
    const updateSent = take();
    expect(updateSent.map((s) => s.command)).toEqual(['UpdateItemCommand']);
    expect(indexesWritten(updateSent)).not.toContain('byServiceShard');
    expect(indexesWritten(updateSent)).not.toContain('byCustomerKeys');
    expect(queued).toEqual({ ok: true, record: await store.get('d1') });
    expect(queued.ok && queued.record).toMatchObject({ state: 'QUEUED', version: 2, updatedAt: day + 5 });
    take();
    expect(await store.update('d1', 1, { state: 'ROUTING' }, day + 6)).toEqual({
      ok: false,
      reason: 'version',
    });
    expect(await store.update('missing', 1, { state: 'ROUTING' }, day + 6)).toEqual({
      ok: false,
      reason: 'version',
    });
    take();

    const guard: Guard = {
      key: `queued#svc-${randomBytes(3).toString('hex')}`,
      kind: 'queued',
      limit: 1,
      releasable: true,
    };
    const guarded = record('d2');
    expect(await store.create(guarded, [guard])).toMatchObject({
      ok: true,
      record: { guards: [{ key: guard.key }] },
    });
    expect(take().map((s) => s.command)).toEqual(['TransactWriteItemsCommand']);
    expect(await store.create(record('d3'), [guard])).toEqual({ ok: false, reason: 'guard', refused: guard });
    take();
    const completed = await store.update(
      'd2',
      1,
      {
        state: 'COMPLETED',
        reason: 'CANCELLED',
        release: [guard],
        clearAgent: true,
        set: { properties: { a: 'b' } },
      },
      day + 7,
    );
    expect(take().map((s) => s.command)).toEqual(['GetItemCommand', 'TransactWriteItemsCommand']);
    expect(completed).toEqual({ ok: true, record: await store.get('d2') });
    expect(completed.ok && completed.record).toMatchObject({ state: 'COMPLETED', guards: [], version: 2 });
    expect(await store.guardCounts([guard.key])).toEqual({ [guard.key]: 0 });
  });
});

describe('a local data folder from the layout before byServiceShard', () => {
  // Adding indexes to an existing table is slow on a busy DynamoDB Local: this test has its own.
  it('is upgraded at start: the callback is found by the GMS list APIs', { timeout: 180_000 }, async () => {
    const dynamo = await startDynamoLocal();
    onTestFinished(() => dynamo.stop());
    const client = clientFor(dynamo.endpoint);
    onTestFinished(() => client.destroy());
    const prefix = `t${randomBytes(4).toString('hex')}-`;
    await createCallbacksTable(client, `${prefix}callbacks`, 0);
    const doc = createDocumentClient({
      region: 'us-east-1',
      tables: {},
      dynamodbEndpoint: dynamo.endpoint,
    } as RuntimeConfig);
    const now = Date.now();
    const old = callbackRecord({
      id: 'legacy-1',
      service: 'legacy-svc',
      customerNumber: '5550009',
      desiredTime: now + 3 * 86_400_000,
      expiresAt: now + 4 * 86_400_000,
      properties: { _customer_number: '5550009' },
    });
    await doc.send(new PutCommand({ TableName: `${prefix}callbacks`, Item: legacyItem(old) }));

    const s = await startTestServer({ dynamoEndpoint: dynamo.endpoint, tablePrefix: prefix });
    onTestFinished(() => s.stop());
    const put = await s.admin(
      '/admin/services/legacy-svc',
      jsonBody(defaultServiceOptions(builtinTemplate('callback')!, 'User-Terminated-Scheduled'), 'PUT'),
    );
    expect(put.status, await put.clone().text()).toBe(200);

    const listed = await s.fetch('/service/callback/legacy-svc');
    expect(listed.status, await listed.clone().text()).toBe(200);
    expect((await listed.json()).map((c: { _id: string }) => c._id)).toEqual(['legacy-1']);
    const byCustomer = await s.fetch('/service/callback?_customer_number=5550009');
    expect(byCustomer.status).toBe(200);
    expect((await byCustomer.json()).map((c: { _id: string }) => c._id)).toEqual(['legacy-1']);

    const described = await client.send(new DescribeTableCommand({ TableName: `${prefix}callbacks` }));
    expect((described.Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName).sort()).toEqual([
      'byCustomerKeys',
      'byServiceShard',
      'due',
      'expiry',
    ]);
    doc.destroy();
  });
});
