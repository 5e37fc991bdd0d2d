import { randomBytes } from 'node:crypto';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoRoutingStore } from '../../functions/adapters/dynamodb/routing-store.js';
import { free, login, type AgentRecord } from '../../functions/domain/routing/agent.js';
import { parseTarget } from '../../functions/domain/routing/routing-target.js';
import { ticketPlace, type WaitingEntry } from '../../functions/domain/routing/waiting-queue.js';
import type { localTableNames } from '../../functions/local/create-tables.js';
import { freshTables } from '../support/fresh-tables.js';

/** The routing store's keyed layout on DynamoDB Local: READY sets, queue shards and counters, paging. */
describe('DynamoRoutingStore', () => {
  let store: DynamoRoutingStore;
  let doc: DynamoDBDocumentClient;
  let names: ReturnType<typeof localTableNames>;
  const T0 = Date.now() - 60_000;

  beforeAll(async () => {
    ({ names, doc } = await freshTables());
    store = new DynamoRoutingStore(doc, names.routing, names.callbacks);
  }, 60_000);

  async function agent(id: string, ready: boolean, since: number, over: Parameters<typeof login>[2] = {}) {
    const a = login(undefined, id, { ready, ...over }, since);
    expect(await store.saveAgent(a, undefined)).toBe(true);
    return a;
  }

  it('finds READY agents by group, queue, skill and any, longest READY first, and forgets those who left', async () => {
    const old = await agent('s-old', true, T0, { groups: ['Sales'], skills: { English: 30 } });
    await agent('s-new', true, T0 + 10, { groups: ['Sales'], queues: ['Q1'] });
    await agent('s-idle', false, T0, { groups: ['Sales'] });
    const ids = async (target: string) => (await store.readyAgents(parseTarget(target), 5)).map((a) => a.id);

    expect(await ids('Sales@S.GA')).toEqual(['s-old', 's-new']);
    expect(await ids('Q1@S.Q')).toEqual(['s-new']);
    expect(await ids('English=20@S.GA')).toEqual(['s-old']);
    expect(await ids('English=40@S.GA')).toEqual([]);
    expect(await ids('s-new@S.A')).toEqual(['s-new']);
    expect((await ids('')).filter((id) => id.startsWith('s-'))).toEqual(['s-old', 's-new']);
    expect(await store.servingAgents(parseTarget('Sales@S.GA'))).toBe(3);

    // Leaves READY: out of every set, and the logged-in count follows a logout.
    const notReady = free(old, 'NOT_READY', T0 + 20);
    expect(await store.saveAgent(notReady, old.version)).toBe(true);
    expect(await ids('Sales@S.GA')).toEqual(['s-new']);
    expect(await ids('English=20@S.GA')).toEqual([]);
    expect(await store.saveAgent(free(notReady, 'LOGGED_OUT', T0 + 30), notReady.version)).toBe(true);
    expect(await store.servingAgents(parseTarget('Sales@S.GA'))).toBe(2);

    // A member left behind (a writer died between its writes) is dropped by the reader.
    await doc.send(
      new PutCommand({
        TableName: names.routing,
        Item: { pk: 'ready#group:Sales#0', sk: `${String(T0 - 5).padStart(15, '0')}#s-idle`, id: 's-idle' },
      }),
    );
    expect(await ids('Sales@S.GA')).toEqual(['s-new']);
  });

  it('pages the agent listing in id order', async () => {
    const seen: AgentRecord[] = [];
    let after: string | undefined;
    do {
      const page = await store.listAgents(after, 2);
      expect(page.agents.length).toBeLessThanOrEqual(2);
      seen.push(...page.agents);
      after = page.next;
    } while (after !== undefined);
    expect(seen.map((a) => a.id)).toEqual(['s-idle', 's-new', 's-old']);
  });

  it('serves a queue in order across its shards and counts tickets and departures', async () => {
    const entry = (id: string, priority: number, at: number): WaitingEntry => ({
      callbackId: id,
      service: 'svc',
      target: 'Shards@S.GA',
      priority,
      queuedAt: T0 + at,
      rejects: 0,
      deadline: T0 + 3_600_000,
    });
    const entries = Array.from({ length: 30 }, (_, i) => entry(`q-${i}`, 0, i));
    for (const e of entries) await store.putWaiting(e);
    await store.putWaiting(entry('q-vip', 3, 100));
    // Again: a second put of the same callback changes nothing.
    await store.putWaiting(entries[0]!);

    const head = await store.waitingHead('Shards@S.GA', 4);
    expect(head.slice(0, 4).map((e) => e.callbackId)).toEqual(['q-vip', 'q-0', 'q-1', 'q-2']);
    const totals = await store.queueTotals('Shards@S.GA');
    expect(totals).toMatchObject({ issued: 31, left: 0 });
    expect((await store.waitingByService()).get('svc')).toBe(31);

    const last = await store.getWaiting('q-29');
    expect(ticketPlace(last!, totals)).toEqual({ position: 31, totalWaiting: 31 });
    await store.removeWaiting(entries[0]!);
    await store.removeWaiting(entries[0]!);
    const after = await store.queueTotals('Shards@S.GA');
    expect(after).toMatchObject({ issued: 31, left: 1 });
    expect(ticketPlace(last!, after)).toEqual({ position: 30, totalWaiting: 30 });
    expect(await store.getWaiting('q-0')).toBeUndefined();
    expect([...(await store.waitingAmong(['q-0', 'q-1', 'nope']))]).toEqual(['q-1']);

    expect((await store.listOverdueWaiting(T0 + 3_600_000, 100)).length).toBe(30);
    expect(await store.listOverdueWaiting(T0, 100)).toEqual([]);
    expect(await store.activeQueues()).toContainEqual({ queueKey: 'Shards@S.GA', target: 'Shards@S.GA' });
  });

  it('reads only the occupied shards when asked, and gives the same head as reading them all', async () => {
    const entry = (id: string, at: number): WaitingEntry => ({
      callbackId: id,
      service: 'svc',
      target: 'Sparse@S.GA',
      priority: 0,
      queuedAt: T0 + at,
      rejects: 0,
      deadline: T0 + 3_600_000,
    });
    const queries = () => {
      let n = 0;
      doc.middlewareStack.add(
        (next, context) => async (args) => {
          if (context.commandName === 'QueryCommand') n++;
          return next(args);
        },
        { step: 'initialize', name: 'countQueries' },
      );
      return { stop: () => (doc.middlewareStack.remove('countQueries'), n) };
    };
    const occupied = (limit: number) => store.waitingHead('Sparse@S.GA', limit, { onlyOccupiedShards: true });

    let probe = queries();
    expect(await occupied(2)).toEqual([]);
    expect(probe.stop()).toBe(0);

    const [a, b, c] = [entry('sp-a', 1), entry('sp-b', 2), entry('sp-c', 3)];
    for (const e of [a, b, c]) await store.putWaiting(e!);
    probe = queries();
    const head = await occupied(2);
    const shardsHeld = probe.stop();
    // The first `limit` of a head are exactly the queue's first `limit`, either way.
    const first = (list: WaitingEntry[]) => list.slice(0, 2).map((e) => e.callbackId);
    expect(first(head)).toEqual(['sp-a', 'sp-b']);
    expect(first(await store.waitingHead('Sparse@S.GA', 2))).toEqual(['sp-a', 'sp-b']);
    expect(shardsHeld).toBeGreaterThan(0);
    expect(shardsHeld).toBeLessThanOrEqual(3);

    // Departures count too: a shard emptied by them is not read again.
    for (const e of [a, b, c]) await store.removeWaiting(e!);
    probe = queries();
    expect(await occupied(2)).toEqual([]);
    expect(probe.stop()).toBe(0);
  });

  it('a queue this process registers while the registry is being read is in the registry it caches', async () => {
    // A store of its own: its registry cache starts empty.
    const fresh = new DynamoRoutingStore(doc, names.routing, names.callbacks);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let registryReads = 0;
    doc.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { ExpressionAttributeValues?: Record<string, unknown> };
        const result = await next(args);
        // The registry Query answers only after the new queue was registered.
        if (context.commandName === 'QueryCommand' && input.ExpressionAttributeValues?.[':pk'] === 'queues') {
          registryReads++;
          await held;
        }
        return result;
      },
      { step: 'initialize', name: 'holdRegistryRead' },
    );
    try {
      const reading = fresh.activeQueues();
      await new Promise((r) => setTimeout(r, 50));
      const target = `NewQueue${randomBytes(3).toString('hex')}@S.GA`;
      expect(
        await fresh.joinWaiting({
          callbackId: `nq-${randomBytes(3).toString('hex')}`,
          service: 'svc',
          target,
          priority: 0,
          queuedAt: T0,
          rejects: 0,
          deadline: T0 + 3_600_000,
        }),
      ).toBe(true);
      release();
      const wanted = { queueKey: target, target };
      expect(await reading).toContainEqual(wanted);
      // The cache it filled has it too (no second read within the cache's life).
      expect(await fresh.activeQueues()).toContainEqual(wanted);
      expect(registryReads).toBe(1);
    } finally {
      release();
      doc.middlewareStack.remove('holdRegistryRead');
    }
  });

  it('joins a callback once: its pointer first, then the entry and its count together; a crash after the pointer is repaired', async () => {
    const entry = (id: string, at: number): WaitingEntry => ({
      callbackId: id,
      service: 'svc',
      target: 'Join@S.GA',
      priority: 0,
      queuedAt: T0 + at,
      rejects: 0,
      deadline: T0 + 3_600_000,
    });
    const commands: string[] = [];
    doc.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { Item?: { pk: string }; Key?: { pk: string } };
        const pk = (input.Item ?? input.Key)?.pk ?? '';
        commands.push(`${context.commandName ?? '?'} ${pk.split('#')[0]!}`);
        return next(args);
      },
      { step: 'initialize', name: 'recordJoinCommands' },
    );
    try {
      expect(await store.joinWaiting(entry('j-a', 1))).toBe(true);
    } finally {
      doc.middlewareStack.remove('recordJoinCommands');
    }
    // The pointer, then the entry with its count (see joinWaiting); no check of the callback.
    expect(commands.filter((c) => /^(Put|Update|TransactWrite)/.test(c) && !c.endsWith(' queues'))).toEqual([
      'PutItemCommand wcb',
      'TransactWriteItemsCommand ',
    ]);

    // A duplicate message: refused, nothing counted twice.
    expect(await store.joinWaiting(entry('j-a', 1))).toBe(false);
    expect(await store.queueTotals('Join@S.GA')).toMatchObject({ issued: 1, left: 0 });
    expect((await store.getWaiting('j-a'))?.ticket).toBe(1);

    // Routed since (the entry gone): a late duplicate does not put it back.
    await store.removeWaiting(entry('j-a', 1));
    expect(await store.joinWaiting(entry('j-a', 1))).toBe(false);
    expect(await store.waitingHead('Join@S.GA', 5)).toEqual([]);
    expect(await store.queueTotals('Join@S.GA')).toMatchObject({ issued: 1, left: 1 });

    // A worker that died after the pointer: the redelivered message is refused by it, and the
    // caller's fallback (`putWaiting`, after reading that no entry exists) puts and counts it.
    const b = entry('j-b', 2);
    await doc.send(
      new PutCommand({
        TableName: names.routing,
        Item: { pk: 'wcb#j-b', sk: 'p', wpk: 'elsewhere', wsk: 'x', ttl: Math.ceil(T0 / 1000) + 86_400 },
      }),
    );
    expect(await store.joinWaiting(b)).toBe(false);
    expect(await store.getWaiting('j-b')).toBeUndefined();
    await store.putWaiting(b);
    expect((await store.getWaiting('j-b'))?.callbackId).toBe('j-b');
    const totals = await store.queueTotals('Join@S.GA');
    expect(totals.issued - totals.left).toBe(1);
    expect(
      (await store.waitingHead('Join@S.GA', 5, { onlyOccupiedShards: true })).map((e) => e.callbackId),
    ).toEqual(['j-b']);
  });

  it('reads the READY set and the queue heads strongly consistently (each side of a READY / join race must see the other)', async () => {
    await agent('c-ready', true, T0, { groups: ['Consistent'] });
    const queries: { pk: string; consistent: boolean }[] = [];
    doc.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as {
          IndexName?: string;
          ConsistentRead?: boolean;
          ExpressionAttributeValues?: Record<string, unknown>;
        };
        const pk = input.ExpressionAttributeValues?.[':pk'];
        if (!input.IndexName && typeof pk === 'string') {
          queries.push({ pk, consistent: input.ConsistentRead === true });
        }
        return next(args);
      },
      { step: 'initialize', name: 'recordShardQueries' },
    );
    try {
      expect((await store.readyAgents(parseTarget('Consistent@S.GA'), 5)).map((a) => a.id)).toEqual([
        'c-ready',
      ]);
      await store.waitingHead('Consistent@S.GA', 2);
    } finally {
      doc.middlewareStack.remove('recordShardQueries');
    }
    const ready = queries.filter((q) => q.pk.startsWith('ready#'));
    const waiting = queries.filter((q) => q.pk.startsWith('wait#'));
    expect(ready.length).toBeGreaterThan(0);
    expect(waiting.length).toBeGreaterThan(0);
    expect([...ready, ...waiting].filter((q) => !q.consistent)).toEqual([]);
  });
});
