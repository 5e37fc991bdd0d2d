import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { DynamoCallbackStore } from '../../functions/adapters/dynamodb/callback-store.js';
import { orderKey } from '../../functions/domain/routing/waiting-queue.js';
import { defaultServiceOptions } from '../../functions/domain/service-template.js';
import { builtinTemplate } from '../../functions/domain/templates/index.js';
import { createTables, localTableNames } from '../../functions/local/create-tables.js';
import { callbackRecord } from '../support/callback-fixture.js';
import { jsonBody, startTestServer, type TestServer } from '../support/test-server.js';

const TARGET = 'Upgrade@StatServer.GA';

/**
 * A routing table in the single-partition layout (every agent under `agent`, the whole waiting
 * queue under `queue`, handle times under `aht#<queue>`), written as the previous version wrote
 * it: the runtime moves it at start, and the agents, the waiting callback and its wait estimate
 * are all there through the API.
 */
describe('a routing table from the single-partition layout', () => {
  let s: TestServer | undefined;
  afterAll(() => s?.stop());

  it('keeps its agents, waiting callbacks and handle times, and routes them', async () => {
    const tablePrefix = `t${randomBytes(4).toString('hex')}-`;
    const names = localTableNames(tablePrefix);
    const client = new DynamoDBClient({
      region: 'us-east-1',
      endpoint: inject('dynamoEndpoint'),
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await createTables(client, names);
    const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    const put = (Item: Record<string, unknown>) =>
      doc.send(new PutCommand({ TableName: names.routing, Item }));
    const now = Date.now();

    const agent = (id: string, state: string, groups: string[]) => ({
      pk: 'agent',
      sk: id,
      id,
      name: id,
      state,
      groups,
      queues: [],
      skills: {},
      stateSince: now - 60_000,
      handled: 4,
      rejects: 0,
      version: 7,
    });
    await put(agent('olga', 'NOT_READY', ['Upgrade']));
    await put(agent('otto', 'LOGGED_OUT', ['Upgrade']));

    const record = callbackRecord({
      id: 'legacy-cb',
      service: 'up-uti',
      state: 'QUEUED',
      scheduled: false,
      target: TARGET,
      desiredTime: now - 30_000,
      queuedAt: now - 30_000,
      customerNumber: '5558000001',
    });
    await new DynamoCallbackStore(doc, names.callbacks).create(record, []);
    const entry = {
      callbackId: record.id,
      service: record.service,
      target: TARGET,
      priority: 0,
      queuedAt: record.queuedAt!,
      rejects: 0,
      deadline: now + 3_600_000,
    };
    await put({ pk: 'queue', sk: orderKey(entry), ...entry, ttl: Math.ceil(entry.deadline / 1000) + 86_400 });
    await put({ pk: `aht#${TARGET}`, sk: `${String(now - 5_000).padStart(15, '0')}#old-cb`, seconds: 120 });

    s = await startTestServer({ tablePrefix, tickIntervalMs: 3_600_000, dialDelayMs: 3_600_000 });
    const template = builtinTemplate('callback')!;
    const service = await s.admin(
      '/admin/services/up-uti',
      jsonBody({ ...defaultServiceOptions(template, 'User-Terminated-Immediate'), _target: TARGET }, 'PUT'),
    );
    expect(service.status, await service.clone().text()).toBe(200);

    // Moved: the old items are gone, the agents are listed and keep their counts and versions.
    const legacy = await doc.send(
      new GetCommand({ TableName: names.routing, Key: { pk: 'agent', sk: 'olga' } }),
    );
    expect(legacy.Item).toBeUndefined();
    const list = await (await s.admin('/agents')).json();
    expect(list.map((a: { id: string }) => a.id)).toEqual(['olga', 'otto']);
    expect(list[0]).toMatchObject({ state: 'NOT_READY', groups: ['Upgrade'], handled: 4 });

    // The waiting callback keeps its place; the moved sample and olga (logged in) give the EWT.
    const position = await s.fetch(`/service/${record.id}/check-queue-position`);
    expect(position.status, await position.clone().text()).toBe(200);
    expect(await position.json()).toMatchObject({ _position: 1, _total_waiting: 1, _eta: 120 });

    // olga becomes READY and gets it.
    expect((await s.admin('/agents/olga/ready', jsonBody({}))).status).toBe(200);
    const olga = await (await s.admin('/agents/olga')).json();
    expect(olga).toMatchObject({ state: 'RESERVED', callback: { _id: record.id } });
    expect((await (await s.fetch(`/service/callback?_id=${record.id}`)).json())[0]._callback_state).toBe(
      'ROUTING',
    );
  }, 120_000);
});
