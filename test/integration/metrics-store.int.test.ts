import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoMetricsStore, METRIC_SHARDS } from '../../functions/adapters/dynamodb/metrics-store.js';
import { MetricsRecorder } from '../../functions/adapters/metrics-recorder.js';
import { CALLBACK_REASONS, CALLBACK_STATES } from '../../functions/domain/callback/callback-record.js';
import { shardKey } from '../../functions/domain/shard.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/** The `metrics` table on DynamoDB Local: fixed-size sharded minute items, and the old hourly items still read. */
describe('metrics store: one item per series, shard and minute', () => {
  let s: TestServer;
  let store: DynamoMetricsStore;
  let recorder: MetricsRecorder;
  let table: string;
  const T0 = Date.parse('2026-12-01T10:00:00Z');
  const minute = (i: number) => T0 + i * 60_000;

  beforeAll(async () => {
    s = await startTestServer({ tickIntervalMs: 3_600_000 });
    table = s.deps.runtime.tables.metrics!;
    store = new DynamoMetricsStore(s.deps.doc, table);
    recorder = new MetricsRecorder(store);
  });
  afterAll(async () => {
    await s?.stop();
  });

  const itemsOf = async (pk: string) =>
    (
      await s.deps.doc.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk },
        }),
      )
    ).Items ?? [];

  it("keeps a callback's writes on its shard, one item per minute, and an update costs 1 WCU at its fullest", async () => {
    // The longest name a service may have, every state, every reason and both media in one minute.
    const service = 's'.repeat(128);
    const id = 'cb-fullest';
    for (const state of CALLBACK_STATES) {
      await recorder.record({
        kind: 'callback-entered',
        id,
        service,
        mediaType: 'voice',
        state,
        at: minute(3),
      });
    }
    for (const reason of [...CALLBACK_REASONS, 'AGENT_PREVIEW_CANCEL_AFTER_1000REJECTS' as const]) {
      await recorder.record({
        kind: 'callback-entered',
        id,
        service,
        mediaType: 'chat',
        state: 'COMPLETED',
        reason,
        at: minute(3) + 59_000,
      });
    }
    for (const mediaType of ['voice', 'chat'] as const) {
      await recorder.record({
        kind: 'callback-entered',
        id,
        service,
        mediaType,
        state: 'PROCESSING',
        holdMs: 3_600_000_000,
        at: minute(3),
      });
      await recorder.record({
        kind: 'agent-handled',
        id,
        service,
        mediaType,
        seconds: 86_400,
        at: minute(3),
      });
    }
    await recorder.sample(`callback#${service}`, minute(3), { queued: 1_000_000 });

    const pk = shardKey(`callback#${service}`, id, METRIC_SHARDS);
    const items = await itemsOf(pk);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      sk: minute(3),
      'entered.COMPLETED': 1 + CALLBACK_REASONS.length + 1,
      'entered.PROCESSING': 3,
      'reason.AGENT_CONNECTED': 1,
      'voice.holds': 1,
      'voice.holdMax': 3_600_000,
      'chat.handled': 1,
    });
    // The gauge of the series went to the series' own shard, not the callback's.
    const gauge = await itemsOf(shardKey(`callback#${service}`, `callback#${service}`, METRIC_SHARDS));
    expect(gauge.find((i) => i.sk === minute(3))).toMatchObject({ queued: 1_000_000 });

    const out = await s.deps.doc.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk, sk: minute(3) },
        UpdateExpression: 'ADD #f :one',
        ExpressionAttributeNames: { '#f': 'entered.QUEUED' },
        ExpressionAttributeValues: { ':one': 1 },
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    expect(out.ConsumedCapacity?.CapacityUnits).toBe(1);

    // Another minute is another item: nothing grows as the hour goes on.
    await recorder.record({
      kind: 'callback-entered',
      id,
      service,
      mediaType: 'voice',
      state: 'QUEUED',
      at: minute(4),
    });
    expect((await itemsOf(pk)).map((i) => i.sk)).toEqual([minute(3), minute(4)]);
  });

  it('spreads the callbacks of one service over the shards and sums them on read', async () => {
    const ids = Array.from({ length: 64 }, (_, i) => `cb-${i}`);
    await Promise.all(
      ids.map((id) =>
        recorder.record({
          kind: 'callback-entered',
          id,
          service: 'spread',
          mediaType: 'voice',
          state: 'QUEUED',
          at: minute(10),
        }),
      ),
    );
    const used = new Set(ids.map((id) => shardKey('callback#spread', id, METRIC_SHARDS)));
    expect(used.size).toBeGreaterThan(METRIC_SHARDS / 2);
    expect(await store.read('callback#spread', minute(0), minute(60))).toEqual([
      { minute: minute(10), values: { 'entered.QUEUED': 64 } },
    ]);
  });

  it('keeps the largest maximum and every count, whichever order the writes come in', async () => {
    const hold = (id: string, seconds: number) =>
      recorder.record({
        kind: 'callback-entered',
        id,
        service: 'maxima',
        mediaType: 'voice',
        state: 'PROCESSING',
        holdMs: seconds * 1000,
        at: minute(20),
      });
    await hold('a', 40);
    await hold('a', 20); // lower: the counters still count
    await hold('a', 40); // equal
    await hold('b', 90);
    await hold('b', 5);
    const [read] = await store.read('callback#maxima', minute(20), minute(21));
    expect(read!.values).toEqual({
      'entered.PROCESSING': 5,
      'voice.holds': 5,
      'voice.holdSeconds': 195,
      'voice.holdMax': 90,
    });
  });

  it('counts 200 concurrent records exactly: those of one turn in one update, later ones spread over shards', async () => {
    const record = () =>
      recorder.record({ kind: 'service-accessed', service: 'busy', at: minute(30) + 5_000 });
    const shardsWritten = async () => {
      const items = [];
      for (let i = 0; i < METRIC_SHARDS; i++) items.push(...(await itemsOf(`service#busy#${i}`)));
      return items;
    };
    // Made in one turn of the event loop: one write of 200.
    await Promise.all(Array.from({ length: 200 }, record));
    expect(await shardsWritten()).toEqual([expect.objectContaining({ sk: minute(30), accesses: 200 })]);
    // One at a time, each its own write on a shard picked at random: the key is not hot.
    for (let i = 0; i < 40; i++) await record();
    const [read] = await store.read('service#busy', minute(30), minute(31));
    expect(read).toEqual({ minute: minute(30), values: { accesses: 240 } });
    expect((await shardsWritten()).length).toBeGreaterThan(1);
  });

  it('puts the subject-less writes of one call on one item: one update', async () => {
    await recorder.record(
      ...Array.from({ length: 5 }, () => ({
        kind: 'access-exited' as const,
        group: 'batch',
        exit: 'timeout' as const,
        at: minute(40),
      })),
    );
    const items = [];
    for (let i = 0; i < METRIC_SHARDS; i++) items.push(...(await itemsOf(`pool#batch#${i}`)));
    expect(items).toEqual([expect.objectContaining({ sk: minute(40), timeouts: 5 })]);
  });

  it('still reads items of the old hourly shape, merged with new items of the same minute', async () => {
    // As the store wrote them before: one item per series and hour, `<figure>@<minute>` attributes.
    await s.deps.doc.send(
      new PutCommand({
        TableName: table,
        Item: {
          pk: 'callback#upgraded',
          sk: T0,
          ttl: Math.ceil(T0 / 1000) + 86_400,
          'entered.QUEUED@05': 3,
          'entered.QUEUED@59': 1,
          'queued@05': 7,
          'queued@06': 2,
          'voice.holdMax@05': 30,
        },
      }),
    );
    await recorder.record({
      kind: 'callback-entered',
      id: 'new-1',
      service: 'upgraded',
      mediaType: 'voice',
      state: 'QUEUED',
      at: minute(5),
    });
    await recorder.record({
      kind: 'callback-entered',
      id: 'new-2',
      service: 'upgraded',
      mediaType: 'voice',
      state: 'PROCESSING',
      holdMs: 20_000,
      at: minute(5),
    });
    await recorder.sample('callback#upgraded', minute(5), { queued: 4 });
    expect(await store.read('callback#upgraded', minute(5), minute(60))).toEqual([
      {
        minute: minute(5),
        values: {
          'entered.QUEUED': 4,
          'entered.PROCESSING': 1,
          'voice.holds': 1,
          'voice.holdSeconds': 20,
          // The larger of the two shapes; the gauge sampled in both: the new item's (the later sample).
          'voice.holdMax': 30,
          queued: 4,
        },
      },
      { minute: minute(6), values: { queued: 2 } },
      { minute: minute(59), values: { 'entered.QUEUED': 1 } },
    ]);
    // The range still cuts within the old hour.
    expect(await store.read('callback#upgraded', minute(6), minute(59))).toEqual([
      { minute: minute(6), values: { queued: 2 } },
    ]);
    // Nothing writes the old item any more.
    const old = await s.deps.doc.send(
      new GetCommand({ TableName: table, Key: { pk: 'callback#upgraded', sk: T0 } }),
    );
    expect(Object.keys(old.Item!).sort()).toEqual(
      [
        'entered.QUEUED@05',
        'entered.QUEUED@59',
        'pk',
        'queued@05',
        'queued@06',
        'sk',
        'ttl',
        'voice.holdMax@05',
      ].sort(),
    );
  });
});
