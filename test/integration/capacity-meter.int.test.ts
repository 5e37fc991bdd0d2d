import { PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CapacityMeter } from '../../bench/capacity-meter.js';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/**
 * The bench's DynamoDB meter on DynamoDB Local: units by table and index as DynamoDB reports them,
 * write units by partition key (index keys followed through moves and removals), and the units a
 * failed write or an empty read costs though nothing reports them.
 */
describe('capacity meter (npm run bench: cost and heat)', () => {
  let s: TestServer;
  let meter: CapacityMeter;
  let doc: ReturnType<typeof createDocumentClient>;
  let table: string;

  beforeAll(async () => {
    s = await startTestServer({ tickIntervalMs: 3_600_000 });
    table = s.deps.runtime.tables.callbacks!;
    // A client of its own: only the calls of this test are metered.
    doc = createDocumentClient(s.deps.runtime);
    meter = new CapacityMeter(s.deps.runtime.tables);
    meter.attach(doc);
  });
  afterAll(async () => {
    await s?.stop();
  });

  const item = {
    pk: 'cb#m1',
    service: 'svc-m',
    serviceShard: 'svc-m#3',
    desiredTime: 1,
    customerNumber: '5550001',
    createdAt: 1,
    dueShard: 'due#1',
    dueAt: 10,
  };

  it('follows an item into, across and out of an index, one partition key at a time', async () => {
    await doc.send(new PutCommand({ TableName: table, Item: item }));
    const put = meter.take();
    expect(put.calls).toEqual({ PutItemCommand: 1 });
    expect(put.writeUnits).toEqual({
      callbacks: 1,
      'callbacks/due': 1,
      'callbacks/byServiceShard': 1,
      'callbacks/byCustomerKeys': 1,
    });
    expect(put.keyWriteUnits).toEqual({
      'callbacks cb#m1': 1,
      'callbacks/due due#1': 1,
      'callbacks/byServiceShard svc-m#3': 1,
      'callbacks/byCustomerKeys 5550001': 1,
    });

    // A move: out of one index partition, into another (DynamoDB: a delete and a put on the index).
    await doc.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: 'cb#m1' },
        UpdateExpression: 'SET dueShard = :q',
        ExpressionAttributeValues: { ':q': 'queued#1' },
      }),
    );
    const moved = meter.take();
    expect(moved.writeUnits['callbacks/due']).toBe(2);
    expect(moved.keyWriteUnits['callbacks/due due#1']).toBe(1);
    expect(moved.keyWriteUnits['callbacks/due queued#1']).toBe(1);
    // The KEYS_ONLY list indexes hold nothing that changed: no write on them.
    expect(moved.writeUnits['callbacks/byServiceShard']).toBeUndefined();
    expect(moved.writeUnits['callbacks/byCustomerKeys']).toBeUndefined();

    await doc.send(
      new UpdateCommand({ TableName: table, Key: { pk: 'cb#m1' }, UpdateExpression: 'REMOVE dueShard' }),
    );
    const removed = meter.take();
    expect(removed.writeUnits['callbacks/due']).toBe(1);
    expect(removed.keyWriteUnits['callbacks/due queued#1']).toBe(1);
    expect(removed.keyWriteUnits['callbacks/due due#1']).toBeUndefined();
  });

  it('counts transactions twice, and charges refused writes and empty reads', async () => {
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: table, Item: { pk: 'cb#m2' } } },
          {
            Update: {
              TableName: table,
              Key: { pk: 'guard#m' },
              UpdateExpression: 'ADD #c :one',
              ExpressionAttributeNames: { '#c': 'count' },
              ExpressionAttributeValues: { ':one': 1 },
            },
          },
        ],
      }),
    );
    const tx = meter.take();
    expect(tx.writeUnits).toEqual({ callbacks: 4 });
    expect(tx.keyWriteUnits).toEqual({ 'callbacks cb#m2': 2, 'callbacks guard#m': 2 });

    // In a transaction the index writes are doubled too: into `due#2` (the KEYS_ONLY list indexes see no change).
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: table,
              Key: { pk: 'cb#m1' },
              UpdateExpression: 'SET dueShard = :d',
              ExpressionAttributeValues: { ':d': 'due#2' },
            },
          },
          {
            ConditionCheck: {
              TableName: table,
              Key: { pk: 'guard#m' },
              ConditionExpression: 'attribute_exists(pk)',
            },
          },
        ],
      }),
    );
    const moved = meter.take();
    expect(moved.writeUnits).toEqual({
      callbacks: 4,
      'callbacks/due': 2,
    });
    expect(moved.keyWriteUnits).toEqual({
      'callbacks cb#m1': 2,
      'callbacks guard#m': 2,
      'callbacks/due due#2': 2,
    });

    await expect(
      doc.send(
        new UpdateCommand({
          TableName: table,
          Key: { pk: 'guard#m' },
          UpdateExpression: 'ADD #c :one',
          ConditionExpression: '#c > :ten',
          ExpressionAttributeNames: { '#c': 'count' },
          ExpressionAttributeValues: { ':one': 1, ':ten': 10 },
        }),
      ),
    ).rejects.toThrow(/conditional request failed/i);
    // An index query that finds nothing: DynamoDB Local reports 0, DynamoDB charges its minimum.
    await doc.send(
      new QueryCommand({
        TableName: table,
        IndexName: 'due',
        KeyConditionExpression: 'dueShard = :s',
        ExpressionAttributeValues: { ':s': 'nothing-due' },
      }),
    );
    const refused = meter.take();
    expect(refused.calls).toEqual({ UpdateItemCommand: 1, QueryCommand: 1 });
    expect(refused.writeUnits).toEqual({ callbacks: 1 });
    expect(refused.estimatedWriteUnits).toBe(1);
    expect(refused.readUnits).toEqual({ 'callbacks/due': 0.5 });
    expect(refused.estimatedReadUnits).toBe(0.5);
  });
});
