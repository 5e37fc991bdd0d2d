import { randomBytes } from 'node:crypto';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { TABLES } from '../../functions/adapters/dynamodb/table-definitions.js';
import { createTables, localTableNames } from '../../functions/local/create-tables.js';
import { startDynamoLocal } from '../../functions/local/dynamodb-local.js';
import { defaultServiceOptions } from '../../functions/domain/service-template.js';
import { builtinTemplate } from '../../functions/domain/templates/index.js';
import { ManualClock } from '../support/manual-clock.js';
import { jsonBody, startTestServer, type TestServer } from '../support/test-server.js';

const TARGET = 'Billing@StatServer.GA';

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('Timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('callbacks past their _ttl', () => {
  let s: TestServer;
  const clock = new ManualClock(Date.parse('2026-11-23T12:00:00.000Z'));
  let n = 0;
  const nextNumber = () => `5552${String(++n).padStart(6, '0')}`;

  beforeAll(async () => {
    s = await startTestServer({ clock });
    const put = async (path: string, body: unknown) => {
      const res = await s.admin(path, jsonBody(body, 'PUT'));
      expect(res.status, await res.clone().text()).toBe(200);
    };
    await put('/admin/resources/DNIS', {
      dnis1: '6505000001',
      dnis2: '6505000002',
      dnis3: '6505000003',
      dnis4: '6505000004',
    });
    const template = builtinTemplate('callback')!;
    const service = (preset: string, extra: Record<string, string>) => ({
      ...defaultServiceOptions(template, preset),
      _target: TARGET,
      _ttl: '5',
      ...extra,
    });
    const limit = { _max_queued_callbacks_per_service: '1' };
    const strict = { _enable_in_queue_checking: 'strict' };
    await put('/admin/services/uoi-limit', service('User-Originated-Immediate', limit));
    await put('/admin/services/uoi-dedup', service('User-Originated-Immediate', strict));
    await put('/admin/services/uod-limit', service('User-Originated-Delayed', limit));
    await put('/admin/services/uod-dedup', service('User-Originated-Delayed', strict));
    await put('/admin/services/uti', service('User-Terminated-Immediate', {}));
  });
  afterAll(async () => {
    await s?.stop();
  });

  const create = (service: string, customer: string) =>
    s.fetch(`/service/callback/${service}`, jsonBody({ _customer_number: customer }));
  const createOk = async (service: string, customer = nextNumber()) => {
    const res = await create(service, customer);
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json())._id as string;
  };
  const byId = async (id: string) => (await s.fetch(`/service/callback?_id=${id}`)).json();

  it.each(['uoi-limit', 'uod-limit'])(
    '%s: a callback whose customer never calls gives its queue slot back once expired',
    async (service) => {
      const first = await createOk(service);
      const refused = await create(service, nextNumber());
      expect(refused.status).toBe(503);
      expect((await refused.json()).message).toMatch(/Limit of queued callbacks/);

      clock.advance(6);
      expect(await byId(first)).toEqual([]);
      await s.tick();
      await s.tick();
      const record = (await s.deps.callbacks.get(first))!;
      expect(record).toMatchObject({ state: 'COMPLETED', reason: 'FAIL_TIMEOUT_TTL', guards: [] });
      await createOk(service);
      clock.advance(6);
      await s.tick();
    },
  );

  it.each(['uoi-dedup', 'uod-dedup'])(
    '%s: the duplicate lock of an expired callback is given back',
    async (service) => {
      const customer = nextNumber();
      await createOk(service, customer);
      expect((await create(service, customer)).status).toBe(409);
      clock.advance(6);
      await s.tick();
      await createOk(service, customer);
      clock.advance(6);
      await s.tick();
    },
  );

  it('an expired user-originated callback gives its access number back', async () => {
    const res = await create('uoi-dedup', nextNumber());
    const { _id: id, _access_number: number } = await res.json();
    clock.advance(6);
    await s.tick();
    expect((await s.deps.callbacks.get(id))?.state).toBe('COMPLETED');
    const [record] = await s.deps.accessNumbers.findByNumber(number);
    expect(record?.lock).toBeUndefined();
  });

  it('check-queue-position answers 404 once the callback expired, as queries do', async () => {
    const id = await createOk('uti');
    const position = () => s.fetch(`/service/${id}/check-queue-position`);
    await waitFor(async () => ((await position()).status === 200 ? true : undefined));
    expect((await (await position()).json())._position).toBeGreaterThanOrEqual(1);
    clock.advance(6);
    const gone = await position();
    expect(gone.status).toBe(404);
    expect((await gone.json()).exception).toEqual(expect.any(String));
    await s.tick();
    expect((await position()).status).toBe(404);
  });
});

describe('a local callbacks table from before the expiry index', () => {
  // DynamoDB Local builds an index in the background: on a loaded machine that takes a while.
  it('gets the index when the runtime starts on it', { timeout: 180_000 }, async () => {
    // A DynamoDB Local of its own: the shared one, busy with every other test file's tables, can
    // take minutes to build an index in the background.
    const dynamo = await startDynamoLocal();
    onTestFinished(() => dynamo.stop());
    const client = new DynamoDBClient({
      region: 'us-east-1',
      endpoint: dynamo.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const names = localTableNames(`t${randomBytes(4).toString('hex')}-`);
    // The callbacks table as it was before: every index but `expiry`.
    const legacy = TABLES.find((t) => t.id === 'callbacks')!;
    const indexes = legacy.globalIndexes.filter((i) => i.name !== 'expiry');
    const keys = new Map<string, 'S' | 'N'>([[legacy.partitionKey.name, legacy.partitionKey.type]]);
    for (const i of indexes) {
      keys.set(i.partitionKey.name, i.partitionKey.type);
      if (i.sortKey) keys.set(i.sortKey.name, i.sortKey.type);
    }
    await client.send(
      new CreateTableCommand({
        TableName: names.callbacks,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [...keys].map(([AttributeName, AttributeType]) => ({
          AttributeName,
          AttributeType,
        })),
        KeySchema: [{ AttributeName: legacy.partitionKey.name, KeyType: 'HASH' }],
        GlobalSecondaryIndexes: indexes.map((i) => ({
          IndexName: i.name,
          KeySchema: [
            { AttributeName: i.partitionKey.name, KeyType: 'HASH' as const },
            ...(i.sortKey ? [{ AttributeName: i.sortKey.name, KeyType: 'RANGE' as const }] : []),
          ],
          Projection: { ProjectionType: 'ALL' as const },
        })),
      }),
    );
    await createTables(client, names);
    const table = await client.send(new DescribeTableCommand({ TableName: names.callbacks }));
    expect((table.Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName).sort()).toEqual([
      'byCustomerKeys',
      'byServiceShard',
      'due',
      'expiry',
    ]);
    client.destroy();
  });
});
