import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoCallbackStore } from '../../functions/adapters/dynamodb/callback-store.js';
import {
  releaseShared,
  takeShared,
  type SlotGuard,
} from '../../functions/adapters/dynamodb/shared-counter.js';
import { ServiceUnavailableError } from '../../functions/domain/errors.js';
import { callbackRecord } from '../support/callback-fixture.js';
import { freshTables } from '../support/fresh-tables.js';

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
    const fresh = await freshTables('sc');
    doc = fresh.doc;
    table = fresh.names.callbacks;
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
  /** A service's two default throttles: a short window (field 1) and an hour (field 2, limit 100). */
  const pair = (svc: string, shortLimit: number, shortWindow = T0) => [
    throttle(svc, '1', shortLimit, shortWindow, 300_000),
    throttle(svc, '2', 100, T0, 3_600_000),
  ];
  const take = (guards: SlotGuard[], now = T0) => takeShared(doc, table, guards, now);

  /** The commands sent while `run` runs, by name. */
  async function commandsDuring(run: () => Promise<void>): Promise<string[]> {
    const sent: string[] = [];
    doc.middlewareStack.add(
      (next, context) => async (args) => {
        sent.push(context.commandName ?? '');
        return next(args);
      },
      { step: 'initialize', name: 'recordCommands' },
    );
    try {
      await run();
    } finally {
      doc.middlewareStack.remove('recordCommands');
    }
    return sent;
  }
  const item = async (svc: string) =>
    (
      await doc.send(
        new GetCommand({ TableName: table, Key: { pk: `throttles#${svc}` }, ConsistentRead: true }),
      )
    ).Item;

  it('counts every throttle of a create in one write, and racing creates never pass a limit', async () => {
    const svc = `race-${++seq}`;
    const guards = () => pair(svc, 5);
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => take(guards())));
    expect(outcomes.filter((o) => 'taken' in o)).toHaveLength(5);
    for (const o of outcomes.filter((x) => 'refused' in x)) {
      expect('refused' in o && o.refused.map((g) => g.slot.field)).toEqual(['1']);
    }
    expect(await item(svc)).toMatchObject({ w1: T0, c1: 5, w2: T0, c2: 5, kind: 'throttle' });

    const one = () => pair(`one-${seq}`, 5);
    await take(one());
    let created: Awaited<ReturnType<typeof callbacks.create>> | undefined;
    const sent = await commandsDuring(async () => {
      created = await callbacks.create(
        callbackRecord({ id: `sc-${seq}`, service: svc, createdAt: T0, expiresAt: T0 + 86_400_000 }),
        one(),
      );
    });
    expect(created?.ok).toBe(true);
    // Both throttles in one update, then the callback: no read, no transaction.
    expect(sent).toEqual(['UpdateItemCommand', 'PutItemCommand']);
  });

  it('a window that rolled over starts again at 1, once, while the longer window keeps counting', async () => {
    const svc = `roll-${++seq}`;
    const next = T0 + 300_000;
    for (let i = 0; i < 3; i++) {
      await take(pair(svc, 3));
    }
    expect(await take(pair(svc, 3))).toMatchObject({ refused: [{ slot: { field: '1' } }] });
    // Ten creates race into the next short window: three fit, whoever reset it.
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => take(pair(svc, 3, next), next)));
    expect(outcomes.filter((o) => 'taken' in o)).toHaveLength(3);
    expect(await item(svc)).toMatchObject({ w1: next, c1: 3, w2: T0, c2: 6 });
    // A writer whose clock is behind counts in the window already started, not the one before it.
    const late = await take([throttle(svc, '2', 100, T0, 3_600_000)]);
    expect(late).toMatchObject({ taken: [{ slot: { window: T0 } }] });
    const behind = await take(pair(svc, 4));
    expect(behind).toMatchObject({
      taken: [{ slot: { field: '1', window: next } }, { slot: { field: '2' } }],
    });
    expect(await item(svc)).toMatchObject({ w1: next, c1: 4, c2: 8 });
  });

  it('gives back only in the window it took from', async () => {
    const svc = `give-${++seq}`;
    const taken = await take(pair(svc, 5));
    if (!('taken' in taken)) throw new Error('not taken');
    await take(pair(svc, 5));
    await releaseShared(doc, table, taken.taken);
    expect(await item(svc)).toMatchObject({ c1: 1, c2: 1 });
    // The short window rolls over; giving back the first take again leaves the new window's count.
    const next = T0 + 300_000;
    await take(pair(svc, 5, next), next);
    await releaseShared(doc, table, taken.taken);
    expect(await item(svc)).toMatchObject({ w1: next, c1: 1, c2: 1 });
  });

  it('a new item, or a throttle added to it, is written in one attempt; a limit of 0 writes nothing', async () => {
    const svc = `new-${++seq}`;
    const sent = await commandsDuring(async () => {
      expect(await take([throttle(svc, '1', 5, T0, 300_000)])).toHaveProperty('taken');
      expect(
        await take([throttle(svc, '1', 5, T0, 300_000), throttle(svc, '2', 9, T0, 3_600_000)]),
      ).toHaveProperty('taken');
    });
    expect(sent).toEqual(['UpdateItemCommand', 'UpdateItemCommand']);
    expect(await item(svc)).toMatchObject({ c1: 2, c2: 1 });
    expect(await take([throttle(svc, '3', 0, T0, 60_000)])).toMatchObject({
      refused: [{ slot: { field: '3' } }],
    });
    expect(await item(svc)).not.toHaveProperty('c3');
  });

  it('answers 503 (retry) when the counter keeps changing under every attempt', async () => {
    const svc = `spin-${++seq}`;
    let attempts = 0;
    doc.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { Key?: { pk?: string } };
        if (context.commandName === 'UpdateItemCommand' && input.Key?.pk === `throttles#${svc}`) {
          attempts++;
          // Another writer has always just rolled the window over again.
          throw new ConditionalCheckFailedException({
            message: 'The conditional request failed',
            $metadata: {},
            Item: { w1: { N: String(T0 - 300_000 * attempts) }, c1: { N: '1' } },
          });
        }
        return next(args);
      },
      { step: 'initialize', name: 'spinningCounter' },
    );
    try {
      await expect(take([throttle(svc, '1', 5, T0, 300_000)])).rejects.toBeInstanceOf(
        ServiceUnavailableError,
      );
      expect(attempts).toBe(6);
    } finally {
      doc.middlewareStack.remove('spinningCounter');
    }
  });
});
