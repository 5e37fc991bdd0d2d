import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { DynamoCallbackStore } from '../../functions/adapters/dynamodb/callback-store.js';
import {
  releaseShared,
  takeShared,
  type SlotGuard,
} from '../../functions/adapters/dynamodb/shared-counter.js';
import { createTables, localTableNames } from '../../functions/local/create-tables.js';
import { callbackRecord } from '../support/callback-fixture.js';

/**
 * A service's throttles are fields of one counter item (`takeShared`): one write per create for
 * all of them, and still no limit passed when creates race, a window rolls over, or the item is
 * new beside counts kept in the item-per-throttle layout before it.
 */
describe('shared counters (service throttles) on DynamoDB Local', () => {
  let doc: DynamoDBDocumentClient;
  let table: string;
  let callbacks: DynamoCallbackStore;
  const T0 = Date.UTC(2026, 11, 4, 10, 0, 0);
  let seq = 0;

  beforeAll(async () => {
    const names = localTableNames(`sc${randomBytes(4).toString('hex')}-`);
    const client = new DynamoDBClient({
      region: 'us-east-1',
      endpoint: inject('dynamoEndpoint'),
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await createTables(client, names);
    doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    table = names.callbacks;
    callbacks = new DynamoCallbackStore(doc, table);
  }, 60_000);

  const throttle = (svc: string, field: string, limit: number, window: number, ttlMs: number): SlotGuard => ({
    key: `throttle#${svc}#${field}#${new Date(window).toISOString()}`,
    kind: 'throttle',
    limit,
    expiresAt: window + ttlMs,
    releasable: false,
    slot: { item: `throttles#${svc}`, field, window },
  });
  const item = async (svc: string) =>
    (
      await doc.send(
        new GetCommand({ TableName: table, Key: { pk: `throttles#${svc}` }, ConsistentRead: true }),
      )
    ).Item;

  it('counts every throttle of a create in one write, and racing creates never pass a limit', async () => {
    const svc = `race-${++seq}`;
    const guards = () => [throttle(svc, '1', 5, T0, 300_000), throttle(svc, '2', 100, T0, 3_600_000)];
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => takeShared(doc, table, guards(), T0)),
    );
    expect(outcomes.filter((o) => 'taken' in o)).toHaveLength(5);
    for (const o of outcomes.filter((x) => 'refused' in x)) {
      expect('refused' in o && o.refused.map((g) => g.slot.field)).toEqual(['1']);
    }
    expect(await item(svc)).toMatchObject({ w1: T0, c1: 5, w2: T0, c2: 5, kind: 'throttle' });

    const one = () => [
      throttle(`one-${seq}`, '1', 5, T0, 300_000),
      throttle(`one-${seq}`, '2', 100, T0, 3_600_000),
    ];
    await takeShared(doc, table, one(), T0);
    const writes: string[] = [];
    doc.middlewareStack.add(
      (next, context) => async (args) => {
        writes.push(context.commandName ?? '');
        return next(args);
      },
      { step: 'initialize', name: 'recordSharedWrites' },
    );
    try {
      const created = await callbacks.create(
        callbackRecord({ id: `sc-${seq}`, service: svc, createdAt: T0, expiresAt: T0 + 86_400_000 }),
        one(),
      );
      expect(created.ok).toBe(true);
      // Both throttles in one update, then the callback: no read, no transaction.
      expect(writes).toEqual(['UpdateItemCommand', 'PutItemCommand']);
    } finally {
      doc.middlewareStack.remove('recordSharedWrites');
    }
  });

  it('a window that rolled over starts again at 1, once, while the longer window keeps counting', async () => {
    const svc = `roll-${++seq}`;
    const next = T0 + 300_000;
    for (let i = 0; i < 3; i++) {
      await takeShared(
        doc,
        table,
        [throttle(svc, '1', 3, T0, 300_000), throttle(svc, '2', 100, T0, 3_600_000)],
        T0,
      );
    }
    expect(
      await takeShared(
        doc,
        table,
        [throttle(svc, '1', 3, T0, 300_000), throttle(svc, '2', 100, T0, 3_600_000)],
        T0,
      ),
    ).toMatchObject({ refused: [{ slot: { field: '1' } }] });
    // Ten creates race into the next short window: three fit, whoever reset it.
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () =>
        takeShared(
          doc,
          table,
          [throttle(svc, '1', 3, next, 300_000), throttle(svc, '2', 100, T0, 3_600_000)],
          next,
        ),
      ),
    );
    expect(outcomes.filter((o) => 'taken' in o)).toHaveLength(3);
    expect(await item(svc)).toMatchObject({ w1: next, c1: 3, w2: T0, c2: 6 });
    // A writer whose clock is behind counts in the window already started, not the one before it.
    const late = await takeShared(doc, table, [throttle(svc, '2', 100, T0, 3_600_000)], T0);
    expect(late).toMatchObject({ taken: [{ slot: { window: T0 } }] });
    const behind = await takeShared(
      doc,
      table,
      [throttle(svc, '1', 4, T0, 300_000), throttle(svc, '2', 100, T0, 3_600_000)],
      T0,
    );
    expect(behind).toMatchObject({
      taken: [{ slot: { field: '1', window: next } }, { slot: { field: '2' } }],
    });
    expect(await item(svc)).toMatchObject({ w1: next, c1: 4, c2: 8 });
  });

  it('gives back only in the window it took from', async () => {
    const svc = `give-${++seq}`;
    const taken = await takeShared(
      doc,
      table,
      [throttle(svc, '1', 5, T0, 300_000), throttle(svc, '2', 100, T0, 3_600_000)],
      T0,
    );
    if (!('taken' in taken)) throw new Error('not taken');
    await takeShared(
      doc,
      table,
      [throttle(svc, '1', 5, T0, 300_000), throttle(svc, '2', 100, T0, 3_600_000)],
      T0,
    );
    await releaseShared(doc, table, taken.taken);
    expect(await item(svc)).toMatchObject({ c1: 1, c2: 1 });
    // The short window rolls over; giving back the first take again leaves the new window's count.
    const next = T0 + 300_000;
    await takeShared(
      doc,
      table,
      [throttle(svc, '1', 5, next, 300_000), throttle(svc, '2', 100, T0, 3_600_000)],
      next,
    );
    await releaseShared(doc, table, taken.taken);
    expect(await item(svc)).toMatchObject({ w1: next, c1: 1, c2: 1 });
  });

  it('a new item, or a throttle added to it, is written in one attempt; a limit of 0 writes nothing', async () => {
    const svc = `new-${++seq}`;
    const writes: string[] = [];
    doc.middlewareStack.add(
      (next, context) => async (args) => {
        writes.push(context.commandName ?? '');
        return next(args);
      },
      { step: 'initialize', name: 'recordNewWrites' },
    );
    try {
      expect(await takeShared(doc, table, [throttle(svc, '1', 5, T0, 300_000)], T0)).toHaveProperty('taken');
      expect(
        await takeShared(
          doc,
          table,
          [throttle(svc, '1', 5, T0, 300_000), throttle(svc, '2', 9, T0, 3_600_000)],
          T0,
        ),
      ).toHaveProperty('taken');
      expect(writes).toEqual(['UpdateItemCommand', 'UpdateItemCommand']);
    } finally {
      doc.middlewareStack.remove('recordNewWrites');
    }
    expect(await item(svc)).toMatchObject({ c1: 2, c2: 1 });
    expect(await takeShared(doc, table, [throttle(svc, '3', 0, T0, 60_000)], T0)).toMatchObject({
      refused: [{ slot: { field: '3' } }],
    });
    expect(await item(svc)).not.toHaveProperty('c3');
  });
});
