import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { batchWriteItems } from '../../functions/adapters/dynamodb/batch-items.js';
import { DynamoCallbackStore } from '../../functions/adapters/dynamodb/callback-store.js';
import { DynamoRoutingStore } from '../../functions/adapters/dynamodb/routing-store.js';
import { login } from '../../functions/domain/routing/agent.js';
import { orderKey } from '../../functions/domain/routing/waiting-queue.js';
import { shardKey } from '../../functions/domain/shard.js';
import { defaultServiceOptions } from '../../functions/domain/service-template.js';
import { builtinTemplate } from '../../functions/domain/templates/index.js';
import { queuePosition } from '../../functions/use-cases/routing/queue-position.js';
import { routeCallback, serveAgent } from '../../functions/use-cases/routing/route-callback.js';
import { updateAgent } from '../../functions/use-cases/routing/routing-context.js';
import { localTableNames } from '../../functions/local/create-tables.js';
import type { Deps } from '../../functions/composition/full.js';
import { callbackRecord } from '../support/callback-fixture.js';
import { jsonBody, startTestServer, type TestServer } from '../support/test-server.js';

/** Reads and writes the routing code sends to DynamoDB, and the items the reads return. */
interface Tally {
  readCalls: number;
  itemsRead: number;
  writeCalls: number;
}

const READS = new Set(['GetItemCommand', 'QueryCommand', 'BatchGetItemCommand', 'ScanCommand']);

function countingClient(endpoint: string): { doc: DynamoDBDocumentClient; tally: Tally; reset(): void } {
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const tally: Tally = { readCalls: 0, itemsRead: 0, writeCalls: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const out = result.output as unknown as Record<string, unknown>;
      if (READS.has(context.commandName ?? '')) {
        tally.readCalls += 1;
        if (out.Item) tally.itemsRead += 1;
        if (Array.isArray(out.Items)) tally.itemsRead += out.Items.length;
        for (const items of Object.values((out.Responses as Record<string, unknown[]>) ?? {}))
          tally.itemsRead += items.length;
      } else {
        tally.writeCalls += 1;
      }
      return result;
    },
    { step: 'initialize', name: 'routingCostTally' },
  );
  return {
    doc,
    tally,
    reset: () => Object.assign(tally, { readCalls: 0, itemsRead: 0, writeCalls: 0 }),
  };
}

/**
 * Issue 9: a routing step and a queue position cost the same whatever the queue length. The
 * router's reads and writes are counted on a DynamoDB client of its own (DynamoDB Local) while it
 * routes a new callback, an agent becomes READY and takes it, and the last callback of the queue
 * asks its position, once behind 100 waiting callbacks and once behind 10,000.
 */
describe('routing cost does not grow with the queue', () => {
  let s: TestServer;
  let deps: Deps;
  let counted: ReturnType<typeof countingClient>;
  let names: ReturnType<typeof localTableNames>;
  const SIZES = [100, 10_000] as const;
  // Queued a minute ago: well within `_urs_queued_ttl`, so every entry can be offered.
  const T0 = Date.now() - 60_000;

  beforeAll(async () => {
    const tablePrefix = `t${randomBytes(4).toString('hex')}-`;
    s = await startTestServer({ tablePrefix, tickIntervalMs: 3_600_000 });
    names = localTableNames(tablePrefix);
    counted = countingClient(inject('dynamoEndpoint'));
    const template = builtinTemplate('callback')!;
    for (const size of SIZES) {
      const res = await s.admin(
        `/admin/services/cost-${size}`,
        jsonBody(
          {
            ...defaultServiceOptions(template, 'User-Terminated-Immediate'),
            _target: `Cost${size}@StatServer.GA`,
          },
          'PUT',
        ),
      );
      expect(res.status, await res.clone().text()).toBe(200);
    }
    deps = {
      ...s.deps,
      routing: new DynamoRoutingStore(counted.doc, names.routing, names.callbacks),
      callbacks: new DynamoCallbackStore(counted.doc, names.callbacks),
      queue: { send: async () => undefined, sendBatch: async () => undefined },
      dialer: { dial: async () => undefined },
    } as Deps;
  }, 60_000);

  afterAll(() => s?.stop());

  /**
   * `size` waiting callbacks (their records are not needed to wait), written as the store lays
   * them out: the last 100 through `putWaiting`, the others in batches straight into their queue
   * shards with the counters to match (10,000 single enqueues would take minutes on DynamoDB Local).
   */
  async function seed(size: number): Promise<void> {
    const service = `cost-${size}`;
    const target = `Cost${size}@StatServer.GA`;
    const entries = Array.from({ length: size }, (_, i) => ({
      callbackId: `seed-${size}-${String(i).padStart(5, '0')}`,
      service,
      target,
      priority: 0,
      queuedAt: T0 + i,
      rejects: 0,
      deadline: T0 + 86_400_000,
      ticket: i + 1,
    }));
    // The last 100 (the one asking its position among them) through the store.
    const viaStore = entries.slice(-100);
    for (let i = 0; i < viaStore.length; i += 20) {
      await Promise.all(viaStore.slice(i, i + 20).map((e) => deps.routing.putWaiting(e)));
    }
    const direct = entries.slice(0, -100);
    if (direct.length === 0) return;
    await batchWriteItems(
      counted.doc,
      names.routing,
      direct.map((e) => ({
        PutRequest: {
          Item: {
            pk: shardKey(`wait#${target}`, e.callbackId, 8),
            sk: orderKey(e),
            ...e,
            deadlineShard: shardKey('waiting', e.callbackId, 32),
          },
        },
      })),
    );
    const perShard = new Map<string, number>();
    for (const e of direct) {
      const pk = shardKey(`qcount#${target}`, e.callbackId, 8);
      perShard.set(pk, (perShard.get(pk) ?? 0) + 1);
    }
    for (const [pk, n] of perShard) {
      await counted.doc.send(
        new UpdateCommand({
          TableName: names.routing,
          Key: { pk, sk: 'n' },
          UpdateExpression: 'ADD issued :n, #s :n, #p :n',
          ExpressionAttributeNames: { '#s': `i:${service}`, '#p': 'pi:0' },
          ExpressionAttributeValues: { ':n': n },
        }),
      );
    }
  }

  async function measure(size: number) {
    await seed(size);
    const service = `cost-${size}`;
    const id = `vip-${size}`;
    await deps.callbacks.create(
      callbackRecord({
        id,
        service,
        state: 'QUEUED',
        scheduled: false,
        priority: 5,
        desiredTime: T0,
        queuedAt: T0 + size,
        customerNumber: '5550001',
        version: 1,
      }),
      [],
    );
    const last = `seed-${size}-${String(size - 1).padStart(5, '0')}`;

    counted.reset();
    await routeCallback(deps, id);
    const agentId = `agent-${size}`;
    const now = deps.clock.now();
    await updateAgent(deps, agentId, (a) => login(a, agentId, { groups: [`Cost${size}`], ready: true }, now));
    await serveAgent(deps, agentId);
    const step = { ...counted.tally };
    expect(await deps.callbacks.get(id)).toMatchObject({ state: 'ROUTING', agentId });

    counted.reset();
    const position = await queuePosition(
      deps,
      callbackRecord({ id: last, service, state: 'QUEUED', scheduled: false }),
    );
    const ask = { ...counted.tally };
    // The last of `size` FIFO callbacks, after the priority callback left.
    expect(position).toMatchObject({ position: size, totalWaiting: size });
    return { step, ask };
  }

  it('reads the same number of items at queue length 100 and 10,000', async () => {
    const small = await measure(100);
    const large = await measure(10_000);
    console.log('routing step and queue position, DynamoDB use (100 vs 10,000 waiting):', { small, large });
    const within = (a: number, b: number) => Math.abs(a - b) <= 0.2 * Math.max(a, b);
    for (const part of ['step', 'ask'] as const) {
      expect(within(small[part].itemsRead, large[part].itemsRead), part).toBe(true);
      expect(within(small[part].readCalls, large[part].readCalls), part).toBe(true);
      // A handful of items, not the queue.
      expect(large[part].itemsRead).toBeLessThan(50);
    }
  }, 600_000);
});
