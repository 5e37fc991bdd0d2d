import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoAccessNumberStore } from '../../functions/adapters/dynamodb/access-number-store.js';
import { upgradeAccessNumberLayout } from '../../functions/adapters/dynamodb/access-number-upgrade.js';
import { ManualClock } from '../support/manual-clock.js';
import { accessNumberClient, numbersOf } from '../support/access-number-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe('access numbers in chunks: group PUTs racing allocations and releases over HTTP', () => {
  let s: TestServer;
  const clock = new ManualClock();

  beforeAll(async () => {
    s = await startTestServer({ clock });
  });
  afterAll(async () => {
    await s?.stop();
  });

  const { putGroup, request, match, counts, drain } = accessNumberClient(() => s);

  it('re-PUTs of the same numbers racing 150 requests: every number handed out once, none lost', async () => {
    const all = numbersOf('659100', 300);
    await putGroup('RacePut', all);
    const [first] = await Promise.all([
      Promise.all(Array.from({ length: 150 }, (_, i) => request('RacePut', i))),
      // Each PUT rewrites the chunks from the number items it read: allocations in between leave
      // stale free entries behind, which must cost a lost attempt at most.
      (async () => {
        for (let k = 0; k < 5; k++) await putGroup('RacePut', all);
      })(),
    ]);
    expect(first.filter((r) => r.status !== 200)).toEqual([]);
    const held = first.map((r) => r.number!);
    expect(new Set(held).size).toBe(150);
    expect(await counts('RacePut')).toEqual({ available: 150, total: 300 });

    // Releases (matches) of half of them, PUTs and new requests, all at once.
    const released = first.slice(0, 75);
    const [matches, second] = await Promise.all([
      Promise.all(released.map((r) => match(r.number!))),
      Promise.all(Array.from({ length: 100 }, (_, i) => request('RacePut', 1000 + i))),
      (async () => {
        for (let k = 0; k < 5; k++) await putGroup('RacePut', all);
      })(),
    ]);
    for (const [i, m] of matches.entries()) {
      expect(m).toEqual({ status: 200, body: { _id: released[i]!.id, _data_id: released[i]!.dataId } });
    }
    // 150 + 75 released were free for the 100: none refused.
    expect(second.filter((r) => r.status !== 200)).toEqual([]);

    // What is still free, taken one by one: with what is held, every number exactly once.
    const rest = await drain('RacePut', 2000);
    const holders = [...first.slice(75), ...second].map((r) => r.number!);
    const everything = [...holders, ...rest];
    expect(everything).toHaveLength(300);
    expect(new Set(everything)).toEqual(new Set(all));
    expect(await counts('RacePut')).toEqual({ available: 0, total: 300 });
    // Each holder still matches back to its own session: no lock was overwritten.
    const check = [...first.slice(75), ...second];
    const back = await Promise.all(check.map((r) => match(r.number!)));
    for (const [i, m] of back.entries()) {
      expect(m).toEqual({ status: 200, body: { _id: check[i]!.id, _data_id: check[i]!.dataId } });
    }
  });

  it('a PUT removing numbers racing requests: removed ones are never handed out; added back, all are free again', async () => {
    const all = numbersOf('659200', 300);
    const kept = all.slice(0, 100);
    await putGroup('Shrink', all);
    const [during] = await Promise.all([
      Promise.all(Array.from({ length: 80 }, (_, i) => request('Shrink', i))),
      putGroup('Shrink', kept),
    ]);
    expect(await counts('Shrink')).toMatchObject({ total: 100 });
    // After the PUT, only kept numbers come out, each once, and the pool ends empty.
    const after = await drain('Shrink', 100);
    for (const n of after) expect(kept).toContain(n);
    const stillHeld = during
      .filter((r) => r.status === 200 && kept.includes(r.number!))
      .map((r) => r.number!);
    expect(new Set([...after, ...stillHeld]).size).toBe(after.length + stillHeld.length);
    expect(new Set([...after, ...stillHeld])).toEqual(new Set(kept));
    expect(await counts('Shrink')).toEqual({ available: 0, total: 100 });

    // Grown back and every lock expired: all 300 are free, each handed out once.
    await putGroup('Shrink', all);
    clock.advance(601);
    expect(await counts('Shrink')).toEqual({ available: 300, total: 300 });
    const again = await Promise.all(Array.from({ length: 310 }, (_, i) => request('Shrink', 500 + i)));
    const granted = again.filter((r) => r.status === 200).map((r) => r.number!);
    expect(granted).toHaveLength(300);
    expect(new Set(granted)).toEqual(new Set(all));
  });

  it('sequential: configuration order across chunks, released numbers after the never-used ones', async () => {
    const all = numbersOf('659300', 150);
    await putGroup('SeqChunks', all, { _allocation_strategy: 'sequential' });
    const got: string[] = [];
    for (let i = 0; i < 120; i++) got.push((await request('SeqChunks', i)).number!);
    expect(got).toEqual(all.slice(0, 120));
    await match(got[5]!);
    const next = [];
    for (let i = 0; i < 31; i++) next.push((await request('SeqChunks', 200 + i)).number!);
    expect(next).toEqual([...all.slice(120), got[5]]);
  });

  /** The store itself, for the steps of one allocation that a race would interleave. */
  const store = () => new DynamoAccessNumberStore(s.deps.doc, s.deps.runtime.tables.resources!, s.deps.ids);
  const lockFor = (sessionId: string) => ({
    sessionId,
    lockedAt: clock.now(),
    expiresAt: clock.now() + 60_000,
  });
  const sequential = { strategy: 'sequential' as const, start: 0 };

  it('a number a PUT removed after an allocation read it as free cannot be locked; added back, it can', async () => {
    const [a, b] = numbersOf('659500', 2) as [string, string];
    await putGroup('Tomb', [a, b]);
    const read = await store().candidates('Tomb', sequential, clock.now(), 32);
    const candidate = read.find((c) => c.number === a)!;
    expect(candidate.hint).toBeDefined();
    await putGroup('Tomb', [b]);
    expect(await store().tryLock('Tomb', candidate, lockFor('late'), clock.now())).toEqual({ locked: false });
    expect(await store().findByNumber(a)).toEqual([]);
    expect(await counts('Tomb')).toEqual({ available: 1, total: 1 });
    await putGroup('Tomb', [a, b]);
    const again = (await store().candidates('Tomb', sequential, clock.now(), 32)).find(
      (c) => c.number === a,
    )!;
    expect(await store().tryLock('Tomb', again, lockFor('back'), clock.now())).toEqual({ locked: true });
    expect(await counts('Tomb')).toEqual({ available: 1, total: 2 });
  });

  it('a stale chunk entry (its removal lost after the lock) costs one attempt and goes; released, the number is free again', async () => {
    const [a, b] = numbersOf('659600', 2) as [string, string];
    await putGroup('Stale', [a, b]);
    const first = (await store().candidates('Stale', sequential, clock.now(), 32)).find(
      (c) => c.number === a,
    )!;
    expect(await store().tryLock('Stale', first, lockFor('holder'), clock.now())).toEqual({ locked: true });
    // As if the chunk update after the lock had been lost: `a` is listed free again.
    await s.deps.doc.send(
      new UpdateCommand({
        TableName: s.deps.runtime.tables.resources!,
        Key: { pk: first.hint, sk: 'chunk' },
        UpdateExpression: 'ADD freeNumbers :n',
        ExpressionAttributeValues: { ':n': new Set([a]) },
      }),
    );
    const stale = (await store().candidates('Stale', sequential, clock.now(), 32)).find(
      (c) => c.number === a,
    );
    expect(stale).toBeDefined();
    expect(await store().tryLock('Stale', stale!, lockFor('rival'), clock.now())).toEqual({ locked: false });
    const after = await store().candidates('Stale', sequential, clock.now(), 32);
    expect(after.map((c) => c.number)).toEqual([b]);
    // The holder's lock is intact, and its release puts `a` back (through its own item).
    expect((await store().findByNumber(a))[0]?.lock?.sessionId).toBe('holder');
    expect(await store().release('Stale', a, 'holder', clock.now(), 'sequential')).toBe(true);
    const freed = await store().candidates('Stale', sequential, clock.now(), 32);
    expect(freed.map((c) => c.number)).toEqual([b, a]);
  });

  it('upgrades a pool from before chunks (one item per number) and keeps its locks', async () => {
    const table = s.deps.runtime.tables.resources!;
    const doc = s.deps.doc;
    const numbers = numbersOf('659400', 3);
    await putGroup('Legacy', numbers);
    // Back to the old layout: no pool item, no chunks; one item per number, one of them locked.
    await doc.send(new DeleteCommand({ TableName: table, Key: { pk: 'pool#Legacy', sk: 'pool' } }));
    await doc.send(new DeleteCommand({ TableName: table, Key: { pk: 'fchunk#Legacy#0', sk: 'chunk' } }));
    await doc.send(
      new DeleteCommand({ TableName: table, Key: { pk: 'layout', sk: 'access-number-chunks' } }),
    );
    const base = (number: string) => ({ pk: 'group#Legacy', sk: number, number, group: 'Legacy' });
    const now = clock.now();
    await doc.send(
      new PutCommand({
        TableName: table,
        Item: {
          ...base(numbers[0]!),
          lockedGroup: 'Legacy',
          lockExpiresAt: now + 600_000,
          sessionId: 'old',
          lockedAt: now,
        },
      }),
    );
    for (const [i, n] of numbers.slice(1).entries()) {
      await doc.send(
        new PutCommand({ TableName: table, Item: { ...base(n), freeGroup: 'Legacy', freeOrder: i } }),
      );
    }
    expect(await upgradeAccessNumberLayout(doc, table)).toEqual(['Legacy']);
    expect(await upgradeAccessNumberLayout(doc, table)).toEqual([]);
    expect(await counts('Legacy')).toEqual({ available: 2, total: 3 });
    const got = await drain('Legacy', 0);
    expect(got.sort()).toEqual(numbers.slice(1));
    // A PUT now reads the upgraded pool: dropping the locked number removes it.
    await putGroup('Legacy', numbers.slice(1));
    expect(await counts('Legacy')).toEqual({ available: 0, total: 2 });
    expect((await match(numbers[0]!)).status).toBe(404);
  });
});
