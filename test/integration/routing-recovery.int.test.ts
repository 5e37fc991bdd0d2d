import { randomBytes } from 'node:crypto';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { DynamoRoutingStore } from '../../functions/adapters/dynamodb/routing-store.js';
import { createTables, localTableNames } from '../../functions/local/create-tables.js';
import { startDynamoLocal } from '../../functions/local/dynamodb-local.js';
import { defaultServiceOptions } from '../../functions/domain/service-template.js';
import { builtinTemplate } from '../../functions/domain/templates/index.js';
import { DIAL_RESULT_TIMEOUT_MS } from '../../functions/domain/routing/routing-plan.js';
import { ManualClock } from '../support/manual-clock.js';
import { jsonBody, startTestServer, type TestServer } from '../support/test-server.js';

const SERVICE = 'rr-uti';
const GROUP = 'Recover';
const HOUR = 3_600_000;

/**
 * A runtime that goes away while a dial is in flight (its in-process queue held the dial result)
 * and a new runtime on the same tables, on one injected clock: the tick recovers the orphaned
 * reservation once the dial's deadline has passed, without a retry wait.
 */
describe('a dial whose result is lost with the runtime', () => {
  const servers: TestServer[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.stop();
  });

  async function until<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
    let value = await read();
    for (let i = 0; i < 200 && !check(value); i++) {
      await new Promise((r) => setTimeout(r, 25));
      value = await read();
    }
    expect(check(value), JSON.stringify(value)).toBe(true);
    return value;
  }

  it('frees the agent and re-dials within 2 ticks after the deadline; a late result for the lost attempt changes nothing', async () => {
    const tablePrefix = `t${randomBytes(4).toString('hex')}-`;
    const clock = new ManualClock(Date.parse('2026-11-23T12:00:00Z'));
    // The first runtime's dialer answers after an hour: the answer is still in its queue when it goes.
    const first = await startTestServer({ tablePrefix, clock, tickIntervalMs: HOUR, dialDelayMs: HOUR });
    servers.push(first);
    const template = builtinTemplate('callback')!;
    const put = await first.admin(
      `/admin/services/${SERVICE}`,
      jsonBody(
        {
          ...defaultServiceOptions(template, 'User-Terminated-Immediate'),
          _target: `${GROUP}@StatServer.GA`,
          _max_dial_attempts: '3',
        },
        'PUT',
      ),
    );
    expect(put.status, await put.clone().text()).toBe(200);
    expect((await first.admin('/agents/rita/login', jsonBody({ groups: [GROUP], ready: true }))).status).toBe(
      200,
    );
    const created = await first.fetch(
      `/service/callback/${SERVICE}`,
      jsonBody({ _customer_number: '5557000001' }),
    );
    expect(created.status, await created.clone().text()).toBe(200);
    const id = (await created.json())._id as string;
    const dialing = await until(
      () => first.deps.routing.getAgent('rita'),
      (a) => a?.phase === 'dialing' && first.dialer.calls.length === 1,
    );
    expect(dialing).toMatchObject({ state: 'RESERVED', callbackId: id, attempt: 1 });
    // Durable before the request went out: the attempt and its deadline are in DynamoDB.
    expect(dialing!.deadline).toBe(clock.now() + DIAL_RESULT_TIMEOUT_MS);
    expect(first.dialer.calls[0]).toMatchObject({ callbackId: id, attempt: 1, agentId: 'rita' });
    await first.stop();
    servers.splice(0);

    // Same tables, a new process's state: its queue delivers every message twice. Its dialer does
    // not answer by itself within the test either, so the results are sent by hand.
    const second = await startTestServer({
      tablePrefix,
      clock,
      tickIntervalMs: HOUR,
      dialDelayMs: HOUR,
      queue: { deliverTwice: true },
    });
    servers.push(second);
    // Before the deadline the start's catch-up tick and any tick leave the reservation alone.
    clock.advance(DIAL_RESULT_TIMEOUT_MS / 1000 - 1);
    await second.tick();
    await second.queue.idle();
    expect(await second.deps.routing.getAgent('rita')).toMatchObject({
      version: dialing!.version,
      attempt: 1,
    });
    expect((await second.deps.callbacks.get(id))?.state).toBe('ROUTING');

    clock.advance(2);
    let ticks = 0;
    const redialed = () => second.dialer.calls.some((c) => c.callbackId === id && c.attempt === 2);
    while (ticks < 2 && !redialed()) {
      await second.tick();
      ticks++;
      for (let i = 0; i < 100 && !redialed(); i++) await new Promise((r) => setTimeout(r, 20));
    }
    expect(redialed(), `re-dialed within 2 ticks (ran ${ticks})`).toBe(true);
    await second.queue.idle();
    // Messages arrived twice, and still exactly one new attempt went out.
    expect(second.dialer.calls.filter((c) => c.callbackId === id)).toMatchObject([
      { attempt: 2, agentId: 'rita' },
    ]);
    const record = await second.deps.callbacks.get(id);
    expect(record).toMatchObject({ state: 'ROUTING', agentId: 'rita', dialAttempts: 1 });
    const agent = await second.deps.routing.getAgent('rita');
    // Freed (READY) and reserved again: two writes after the one that dialed attempt 1.
    expect(agent).toMatchObject({
      state: 'RESERVED',
      phase: 'dialing',
      attempt: 2,
      version: dialing!.version + 2,
    });

    // The lost attempt's result arrives late, twice: nothing changes.
    for (const outcome of ['answered', 'busy']) {
      await second.deps.queue.send({
        kind: 'dial-result',
        id,
        data: { outcome, attempt: 1, agentId: 'rita' },
      });
    }
    await second.queue.idle();
    expect(await second.deps.callbacks.get(id)).toEqual(record);
    expect(await second.deps.routing.getAgent('rita')).toEqual(agent);
    // Another tick: the new attempt is not overdue, nothing moves.
    await second.tick();
    await second.queue.idle();
    expect(await second.deps.callbacks.get(id)).toEqual(record);

    // The current attempt's answer connects the customer.
    await second.deps.queue.send({
      kind: 'dial-result',
      id,
      data: { outcome: 'answered', attempt: 2, agentId: 'rita' },
    });
    await until(
      () => second.deps.callbacks.get(id),
      (r) => r?.state === 'PROCESSING',
    );
    await until(
      () => second.deps.routing.getAgent('rita'),
      (a) => a?.state === 'BUSY' && a.phase === 'connected',
    );
  });
});

describe('a local routing table from before the deadline index', () => {
  it(
    'gets the index, and an agent reserved before the upgrade is found overdue',
    { timeout: 180_000 },
    async () => {
      // A DynamoDB Local of its own: the shared one, busy with every other file's tables, can take
      // minutes to build an index in the background.
      const dynamo = await startDynamoLocal();
      onTestFinished(() => dynamo.stop());
      const client = new DynamoDBClient({
        region: 'us-east-1',
        endpoint: dynamo.endpoint,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      });
      onTestFinished(() => client.destroy());
      const names = localTableNames(`t${randomBytes(4).toString('hex')}-`);
      await client.send(
        new CreateTableCommand({
          TableName: names.routing,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'sk', AttributeType: 'S' },
          ],
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
        }),
      );
      const doc = DynamoDBDocumentClient.from(client);
      // As the version before wrote them: no index attribute.
      const agent = (id: string, state: string, deadline?: number) => ({
        pk: 'agent',
        sk: id,
        id,
        name: id,
        state,
        groups: [],
        queues: [],
        skills: {},
        stateSince: 0,
        handled: 0,
        rejects: 0,
        version: 3,
        ...(deadline !== undefined ? { callbackId: `cb-${id}`, phase: 'dialing', attempt: 1, deadline } : {}),
      });
      await doc.send(new PutCommand({ TableName: names.routing, Item: agent('late', 'RESERVED', 1_000) }));
      await doc.send(new PutCommand({ TableName: names.routing, Item: agent('later', 'RESERVED', 9_000) }));
      await doc.send(new PutCommand({ TableName: names.routing, Item: agent('idle', 'READY') }));

      await createTables(client, names);
      const table = await client.send(new DescribeTableCommand({ TableName: names.routing }));
      expect((table.Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName)).toEqual(['deadline']);
      const store = new DynamoRoutingStore(doc, names.routing, names.callbacks);
      expect(await store.listOverdueAgents(5_000, 10)).toEqual(['late']);
      expect(await store.listOverdueAgents(10_000, 10)).toEqual(['late', 'later']);
      // Another process (its own store) finds them through the index alone.
      expect(
        await new DynamoRoutingStore(doc, names.routing, names.callbacks).listOverdueAgents(10_000, 1),
      ).toEqual(['late']);
    },
  );
});
