import { randomBytes } from 'node:crypto';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoCallbackStore } from '../../functions/adapters/dynamodb/callback-store.js';
import { DynamoRoutingStore } from '../../functions/adapters/dynamodb/routing-store.js';
import type { CallbackRecord, Guard } from '../../functions/domain/callback/callback-record.js';
import { activation, amend, transition } from '../../functions/domain/callback/callback-transition.js';
import { free, hold, login } from '../../functions/domain/routing/agent.js';
import type { WaitingEntry } from '../../functions/domain/routing/waiting-queue.js';
import { callbackRecord } from '../support/callback-fixture.js';
import { freshTables } from '../support/fresh-tables.js';

/**
 * `transition`'s `next` is the record the DynamoDB stores write: what `update` returns (read back,
 * or applied after a transaction), and what a reservation and a requeue leave in the table.
 */
describe('callback transitions on DynamoDB Local', () => {
  let callbacks: DynamoCallbackStore;
  let routing: DynamoRoutingStore;
  let doc: DynamoDBDocumentClient;
  const T0 = Date.now();
  let seq = 0;

  beforeAll(async () => {
    const fresh = await freshTables();
    const names = fresh.names;
    doc = fresh.doc;
    callbacks = new DynamoCallbackStore(doc, names.callbacks);
    routing = new DynamoRoutingStore(doc, names.routing, names.callbacks);
  }, 60_000);

  const bucket = (at: string): Guard => ({
    key: `bucket#svc#${at}`,
    kind: 'bucket',
    limit: 10,
    releasable: true,
  });
  const queuedLimit: Guard = { key: 'queued#svc', kind: 'queued', limit: 100, releasable: true };

  async function stored(over: Partial<CallbackRecord>, guards: Guard[] = []): Promise<CallbackRecord> {
    const record = callbackRecord({
      id: `tr-${++seq}-${randomBytes(3).toString('hex')}`,
      service: 'svc',
      desiredTime: T0 + 60_000,
      createdAt: T0,
      updatedAt: T0,
      expiresAt: T0 + 86_400_000,
      guards: guards.filter((g) => g.releasable).map((g) => ({ key: g.key, kind: g.kind })),
      ...over,
    });
    const result = await callbacks.create(record, guards);
    if (!result.ok) throw new Error(`create failed: ${result.reason}`);
    return result.record;
  }

  it('update returns `next`: a write that moves no guard and one that moves some', async () => {
    let record = await stored({ state: 'SCHEDULED', properties: { note: 'a' } }, [bucket('t1')]);
    const steps = [
      (r: CallbackRecord) => amend(r, { now: T0 + 1, set: { properties: { note: 'b' } } }),
      (r: CallbackRecord) =>
        transition(r, 'SCHEDULED', {
          now: T0 + 2,
          set: { desiredTime: T0 + 120_000, scheduled: true, expiresAt: r.expiresAt + 60_000 },
          release: [{ key: bucket('t1').key, kind: 'bucket' }],
          take: [bucket('t2')],
        }),
      (r: CallbackRecord) => transition(r, 'QUEUED', { now: T0 + 3, set: { queuedAt: T0 + 3 } }),
      (r: CallbackRecord) =>
        transition(r, 'COMPLETED', { now: T0 + 4, reason: 'CANCELLED', release: r.guards }),
    ];
    for (const step of steps) {
      const moved = step(record);
      const result = await callbacks.update(record.id, record.version, moved.change, moved.next.updatedAt);
      expect(result).toEqual({ ok: true, record: moved.next });
      expect(await callbacks.get(record.id)).toEqual(moved.next);
      record = moved.next;
    }
    expect(record).toMatchObject({ state: 'COMPLETED', reason: 'CANCELLED', guards: [], version: 5 });
  });

  it('a guard-moving update given the record read at its version reads nothing; one read at another version reads it again', async () => {
    const gets: string[] = [];
    doc.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'GetItemCommand') gets.push(context.commandName);
        return next(args);
      },
      { step: 'initialize', name: 'recordGets' },
    );
    try {
      const record = await stored({ state: 'QUEUED', queuedAt: T0 }, [bucket(`read-${seq}`)]);
      const done = transition(record, 'COMPLETED', {
        now: T0 + 5,
        reason: 'CANCELLED',
        release: record.guards,
      });
      gets.length = 0;
      // A copy one version behind: the guards are worked out from the stored record instead.
      const behind = { ...record, version: record.version - 1, guards: [] };
      expect(await callbacks.update(record.id, record.version, done.change, T0 + 5, behind)).toEqual({
        ok: true,
        record: done.next,
      });
      expect(gets).toHaveLength(1);

      const again = await stored({ state: 'QUEUED', queuedAt: T0 }, [bucket(`read2-${seq}`)]);
      const over = transition(again, 'COMPLETED', {
        now: T0 + 6,
        reason: 'CANCELLED',
        release: again.guards,
      });
      gets.length = 0;
      expect(await callbacks.update(again.id, again.version, over.change, T0 + 6, again)).toEqual({
        ok: true,
        record: over.next,
      });
      expect(gets).toHaveLength(0);
      expect(await callbacks.get(again.id)).toEqual(over.next);
      expect((await callbacks.guardCounts([bucket(`read2-${seq}`).key]))[bucket(`read2-${seq}`).key]).toBe(0);
    } finally {
      doc.middlewareStack.remove('recordGets');
    }
  });

  it('time buckets and throttles are taken outside the transaction, given back on any refusal, and the first rule in order is reported', async () => {
    const writes: string[] = [];
    doc.middlewareStack.add(
      (next, context) => async (args) => {
        if (/^(Put|Update|TransactWrite)/.test(context.commandName ?? '')) writes.push(context.commandName!);
        return next(args);
      },
      { step: 'initialize', name: 'recordGuardWrites' },
    );
    const throttle = (limit: number): Guard => ({
      key: `throttle#svc#0#w-${seq}`,
      kind: 'throttle',
      limit,
      expiresAt: T0 + 60_000,
      releasable: false,
    });
    const dedup = (key: string): Guard => ({ key, kind: 'dedup', limit: 1, releasable: true });
    try {
      // Only ending guards: three plain writes and no transaction.
      const slot = bucket(`plain-${seq}`);
      await stored({ state: 'SCHEDULED' }, [slot, throttle(5)]);
      expect(writes).toEqual(['UpdateItemCommand', 'UpdateItemCommand', 'PutItemCommand']);

      // A throttle refuses: the bucket taken beside it is given back.
      const full = throttle(0);
      const refused = await callbacks.create(
        callbackRecord({ id: `tr-refused-${seq}`, service: 'svc', expiresAt: T0 + 86_400_000 }),
        [slot, full],
      );
      expect(refused).toEqual({ ok: false, reason: 'guard', refused: full });
      expect(await callbacks.guardCounts([slot.key, full.key])).toEqual({ [slot.key]: 1, [full.key]: 0 });

      // The duplicate lock (in the transaction) refuses: the plain ones are given back too.
      const lock = dedup(`dedup#svc#555-${seq}`);
      await stored({ state: 'QUEUED' }, [lock]);
      const again = await callbacks.create(
        callbackRecord({ id: `tr-dup-${seq}`, service: 'svc', expiresAt: T0 + 86_400_000 }),
        [lock, slot, throttle(5)],
      );
      expect(again).toMatchObject({ ok: false, reason: 'guard', refused: { kind: 'dedup' } });
      expect((await callbacks.guardCounts([slot.key]))[slot.key]).toBe(1);

      // Both the lock and a throttle full: the lock is reported, as it comes first.
      const both = await callbacks.create(
        callbackRecord({ id: `tr-both-${seq}`, service: 'svc', expiresAt: T0 + 86_400_000 }),
        [lock, slot, full],
      );
      expect(both).toMatchObject({ ok: false, reason: 'guard', refused: { kind: 'dedup' } });
      expect((await callbacks.guardCounts([slot.key]))[slot.key]).toBe(1);
    } finally {
      doc.middlewareStack.remove('recordGuardWrites');
    }
  });

  it('an activation with no read first: updateIfDue writes `activation(now).of(before).next` only when due', async () => {
    const record = await stored({ state: 'SCHEDULED', desiredTime: T0 + 10_000 });
    const early = activation(T0 + 5_000);
    const when = (now: number) => ({ state: 'SCHEDULED' as const, dueBy: now + 250 });
    expect(
      await callbacks.updateIfDue(record.id, early.change, T0 + 5_000, when(T0 + 5_000)),
    ).toBeUndefined();
    expect(await callbacks.get(record.id)).toEqual(record);

    const due = activation(T0 + 10_100);
    const before = await callbacks.updateIfDue(record.id, due.change, T0 + 10_100, when(T0 + 10_100));
    expect(before).toEqual(record);
    const next = due.of(before!).next;
    expect(next).toMatchObject({ state: 'QUEUED', queuedAt: T0 + 10_100, version: 2 });
    expect(await callbacks.get(record.id)).toEqual(next);
    // Now QUEUED: a second delivery of the activation writes nothing.
    expect(
      await callbacks.updateIfDue(record.id, due.change, T0 + 10_200, when(T0 + 10_200)),
    ).toBeUndefined();
    expect(await callbacks.get(record.id)).toEqual(next);
    // It left the SCHEDULED index for the QUEUED one, as an update to QUEUED does.
    expect(await callbacks.listDue(T0 + 86_400_000, 1000)).not.toContainEqual(
      expect.objectContaining({ id: record.id }),
    );
    // Listed by queue time, within the window asked for: (after, until].
    const listed = async (until: number, after?: number) =>
      (
        await Promise.all(
          callbacks
            .queuedShards()
            .map((shard) => callbacks.listQueuedShard(shard, until, 1000, undefined, after)),
        )
      )
        .flatMap((p) => p.items)
        .filter((q) => q.id === record.id);
    expect(await listed(T0 + 86_400_000)).toEqual([{ id: record.id, dueAt: T0 + 10_100 }]);
    expect(await listed(T0 + 10_100, T0 + 10_099)).toHaveLength(1);
    expect(await listed(T0 + 86_400_000, T0 + 10_100)).toEqual([]);
    expect(await listed(T0 + 10_099, T0)).toEqual([]);
  });

  it('a reservation and a requeue leave the callback as `transition` says', async () => {
    const record = await stored({ state: 'QUEUED', scheduled: false, queuedAt: T0 }, [queuedLimit]);
    const agent = login(undefined, `agent-${seq}`, { ready: true }, T0);
    expect(await routing.saveAgent(agent, undefined)).toBe(true);
    const entry: WaitingEntry = {
      callbackId: record.id,
      service: 'svc',
      priority: 0,
      queuedAt: T0,
      rejects: 0,
      deadline: T0 + 3_600_000,
    };
    await routing.putWaiting(entry);

    const routed = transition(record, 'ROUTING', {
      now: T0 + 10,
      set: { agentId: agent.id },
      statusOnly: true,
    });
    const reserved = hold(agent, record.id, 'dialing', T0 + 10, { deadline: T0 + 60_000, attempt: 1 });
    const ok = await routing.reserve({
      agent: reserved,
      from: agent,
      callbackId: record.id,
      callbackVersion: record.version,
      change: routed.change,
      entry,
      now: T0 + 10,
    });
    expect(ok).toBe(true);
    expect(await callbacks.get(record.id)).toEqual(routed.next);

    const queued = transition(routed.next, 'QUEUED', {
      now: T0 + 20,
      clearAgent: true,
      set: { dialAttempts: 1 },
      statusOnly: true,
    });
    const requeued = await routing.requeue({
      agent: free(reserved, 'READY', T0 + 20),
      callbackId: record.id,
      callbackVersion: routed.next.version,
      change: queued.change,
      entry,
      now: T0 + 20,
    });
    expect(requeued).toBe(true);
    expect(await callbacks.get(record.id)).toEqual(queued.next);
  });

  it('refuses a reservation whose change is not QUEUED -> ROUTING with the agent', async () => {
    const record = await stored({ state: 'QUEUED', scheduled: false, queuedAt: T0 });
    const agent = login(undefined, `agent-x${seq}`, { ready: true }, T0);
    const wrong = transition(record, 'COMPLETED', { now: T0, reason: 'CANCELLED' });
    await expect(
      routing.reserve({
        agent: hold(agent, record.id, 'offered', T0, {}),
        from: agent,
        callbackId: record.id,
        callbackVersion: record.version,
        change: wrong.change,
        entry: {
          callbackId: record.id,
          service: 'svc',
          priority: 0,
          queuedAt: T0,
          rejects: 0,
          deadline: T0 + 1,
        },
        now: T0,
      }),
    ).rejects.toThrow(/moves callback .* to ROUTING/);
  });
});
