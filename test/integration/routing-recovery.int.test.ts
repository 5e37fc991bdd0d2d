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
 * Dials whose result never comes: a dropped result (the tick recovers the reservation once the
 * dial's deadline has passed, without a retry wait) and a runtime that went away with the result in
 * its in-process queue (the next start recovers it at once). One injected clock drives the ticks.
 */
describe('a dial whose result is lost', () => {
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

  /** A runtime whose dialer answers after an hour (never, within a test), every message delivered twice. */
  async function start(tablePrefix: string, clock: ManualClock): Promise<TestServer> {
    const s = await startTestServer({
      tablePrefix,
      clock,
      tickIntervalMs: HOUR,
      dialDelayMs: HOUR,
      queue: { deliverTwice: true },
    });
    servers.push(s);
    return s;
  }

  /** A user-terminated immediate callback dialed for agent rita: its callback id and rita as she dials. */
  async function dialing(s: TestServer, clock: ManualClock) {
    const template = builtinTemplate('callback')!;
    const put = await s.admin(
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
    expect((await s.admin('/agents/rita/login', jsonBody({ groups: [GROUP], ready: true }))).status).toBe(
      200,
    );
    const created = await s.fetch(
      `/service/callback/${SERVICE}`,
      jsonBody({ _customer_number: '5557000001' }),
    );
    expect(created.status, await created.clone().text()).toBe(200);
    const id = (await created.json())._id as string;
    const agent = await until(
      () => s.deps.routing.getAgent('rita'),
      (a) => a?.phase === 'dialing' && s.dialer.calls.length === 1,
    );
    expect(agent).toMatchObject({ state: 'RESERVED', callbackId: id, attempt: 1 });
    // Durable before the request went out: the attempt and its deadline are in DynamoDB.
    expect(agent!.deadline).toBe(clock.now() + DIAL_RESULT_TIMEOUT_MS);
    expect(s.dialer.calls[0]).toMatchObject({ callbackId: id, attempt: 1, agentId: 'rita' });
    return { id, agent: agent! };
  }

  /** Attempt 2 went out once (messages arrive twice); a late result for attempt 1 changes nothing; 2 connects. */
  async function redialedOnce(s: TestServer, id: string, before: { version: number }) {
    await s.queue.idle();
    expect(s.dialer.calls.filter((c) => c.callbackId === id && c.attempt > 1)).toMatchObject([
      { attempt: 2, agentId: 'rita' },
    ]);
    const record = await s.deps.callbacks.get(id);
    expect(record).toMatchObject({ state: 'ROUTING', agentId: 'rita', dialAttempts: 1 });
    const agent = await s.deps.routing.getAgent('rita');
    // Freed (READY) and reserved again: two writes after the one that dialed attempt 1.
    expect(agent).toMatchObject({
      state: 'RESERVED',
      phase: 'dialing',
      attempt: 2,
      version: before.version + 2,
    });

    for (const outcome of ['answered', 'busy']) {
      await s.deps.queue.send({ kind: 'dial-result', id, data: { outcome, attempt: 1, agentId: 'rita' } });
    }
    await s.queue.idle();
    expect(await s.deps.callbacks.get(id)).toEqual(record);
    expect(await s.deps.routing.getAgent('rita')).toEqual(agent);
    // Another tick: the new attempt is not overdue, nothing moves.
    await s.tick();
    await s.queue.idle();
    expect(await s.deps.callbacks.get(id)).toEqual(record);

    await s.deps.queue.send({
      kind: 'dial-result',
      id,
      data: { outcome: 'answered', attempt: 2, agentId: 'rita' },
    });
    await until(
      () => s.deps.callbacks.get(id),
      (r) => r?.state === 'PROCESSING',
    );
    await until(
      () => s.deps.routing.getAgent('rita'),
      (a) => a?.state === 'BUSY' && a.phase === 'connected',
    );
  }

  it('dropped: the agent is freed and the callback re-dialed within 2 ticks after the deadline; a late result is ignored', async () => {
    const clock = new ManualClock(Date.parse('2026-11-23T12:00:00Z'));
    const s = await start(`t${randomBytes(4).toString('hex')}-`, clock);
    const { id, agent } = await dialing(s, clock);
    // Before the deadline ticks leave the reservation alone.
    clock.advance(DIAL_RESULT_TIMEOUT_MS / 1000 - 1);
    await s.tick();
    await s.queue.idle();
    expect(await s.deps.routing.getAgent('rita')).toMatchObject({ version: agent.version, attempt: 1 });
    expect((await s.deps.callbacks.get(id))?.state).toBe('ROUTING');

    clock.advance(2);
    let ticks = 0;
    const redialed = () => s.dialer.calls.some((c) => c.callbackId === id && c.attempt === 2);
    while (ticks < 2 && !redialed()) {
      await s.tick();
      ticks++;
      for (let i = 0; i < 100 && !redialed(); i++) await new Promise((r) => setTimeout(r, 20));
    }
    expect(redialed(), `re-dialed within 2 ticks (ran ${ticks})`).toBe(true);
    await redialedOnce(s, id, agent);
  });

  it('restart: the dial the previous runtime left unanswered is given back at start, before its deadline', async () => {
    const tablePrefix = `t${randomBytes(4).toString('hex')}-`;
    const clock = new ManualClock(Date.parse('2026-11-23T12:00:00Z'));
    const first = await start(tablePrefix, clock);
    const { id, agent } = await dialing(first, clock);
    // The runtime goes away with the dial's result still in its queue.
    await first.stop();
    servers.splice(0);

    clock.advance(5);
    const second = await start(tablePrefix, clock);
    await until(
      async () => second.dialer.calls.filter((c) => c.callbackId === id).length,
      (n) => n > 0,
    );
    await redialedOnce(second, id, agent);
  });
});

describe('a BUSY agent whose callback ended without it', () => {
  it('is READY after one tick when the callback-ended message never came', async () => {
    const clock = new ManualClock(Date.parse('2026-11-23T12:00:00Z'));
    const s = await startTestServer({
      tablePrefix: `t${randomBytes(4).toString('hex')}-`,
      clock,
      tickIntervalMs: HOUR,
      dialDelayMs: HOUR,
    });
    onTestFinished(() => s.stop());
    const template = builtinTemplate('callback')!;
    const put = await s.admin(
      `/admin/services/${SERVICE}`,
      jsonBody(
        {
          ...defaultServiceOptions(template, 'User-Terminated-Immediate'),
          _target: `${GROUP}@StatServer.GA`,
        },
        'PUT',
      ),
    );
    expect(put.status, await put.clone().text()).toBe(200);
    expect((await s.admin('/agents/bea/login', jsonBody({ groups: [GROUP], ready: true }))).status).toBe(200);
    const created = await s.fetch(
      `/service/callback/${SERVICE}`,
      jsonBody({ _customer_number: '5557000002' }),
    );
    expect(created.status, await created.clone().text()).toBe(200);
    const id = (await created.json())._id as string;
    for (let i = 0; i < 200 && s.dialer.calls.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    await s.deps.queue.send({
      kind: 'dial-result',
      id,
      data: { outcome: 'answered', attempt: 1, agentId: 'bea' },
    });
    await s.queue.idle();
    expect(await s.deps.routing.getAgent('bea')).toMatchObject({
      state: 'BUSY',
      phase: 'connected',
      callbackId: id,
    });

    // Completed elsewhere, and the message that would free the agent is lost: only the record changes.
    const record = await s.deps.callbacks.get(id);
    expect(record?.state).toBe('PROCESSING');
    const done = await s.deps.callbacks.update(
      id,
      record!.version,
      { state: 'COMPLETED', reason: 'AGENT_CONNECTED', release: record!.guards },
      clock.now(),
    );
    expect(done.ok).toBe(true);
    expect(await s.deps.routing.getAgent('bea')).toMatchObject({ state: 'BUSY', callbackId: id });

    await s.tick();
    await s.queue.idle();
    const agent = await s.deps.routing.getAgent('bea');
    expect(agent).toMatchObject({ state: 'READY' });
    expect(agent?.callbackId).toBeUndefined();
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
