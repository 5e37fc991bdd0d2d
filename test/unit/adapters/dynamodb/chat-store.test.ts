import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  DynamoChatStore,
  type AppendRetryPolicy,
} from '../../../../functions/adapters/dynamodb/chat-store.js';
import { ChatBusyError } from '../../../../functions/domain/chat/chat-errors.js';
import type { ChatSession } from '../../../../functions/domain/chat/chat-session.js';
import { decide, type ChatAction } from '../../../../functions/domain/chat/chat-transitions.js';
import { ConflictError } from '../../../../functions/domain/errors.js';
import { mapError } from '../../../../functions/http/error-response.js';

type Item = Record<string, unknown>;

/**
 * Just enough of DynamoDB for the chat store: one table keyed (pk, sk), conditional puts, the
 * append transaction, and Query `sk > :after` with Limit and ExclusiveStartKey. `rival` runs
 * before each transaction, standing in for a writer in another process.
 */
class FakeTable {
  readonly items = new Map<string, Item>();
  transactions = 0;
  queries: { Limit?: number }[] = [];
  rival?: (table: FakeTable) => void;

  private key = (pk: unknown, sk: unknown) => `${String(pk)}|${String(sk)}`;

  put(item: Item) {
    this.items.set(this.key(item.pk, item.sk), structuredClone(item));
  }

  readonly doc = {
    send: async (command: unknown): Promise<unknown> => {
      await Promise.resolve();
      if (command instanceof GetCommand) {
        const { pk, sk } = command.input.Key!;
        const item = this.items.get(this.key(pk, sk));
        return { Item: item && structuredClone(item) };
      }
      if (command instanceof PutCommand) {
        const item = command.input.Item!;
        if (this.items.has(this.key(item.pk, item.sk))) {
          throw Object.assign(new Error('exists'), { name: 'ConditionalCheckFailedException' });
        }
        this.put(item);
        return {};
      }
      if (command instanceof TransactWriteCommand) return this.transact(command);
      if (command instanceof QueryCommand) return this.query(command);
      throw new Error(`unexpected command ${String(command)}`);
    },
  } as unknown as DynamoDBDocumentClient;

  private transact(command: TransactWriteCommand) {
    this.transactions++;
    this.rival?.(this);
    const [header, ...puts] = command.input.TransactItems!;
    const update = header!.Update!;
    const current = this.items.get(this.key(update.Key!.pk, update.Key!.sk))!;
    const values = update.ExpressionAttributeValues!;
    const names = update.ExpressionAttributeNames!;
    const reasons = [
      { Code: current.last === values[':prev'] ? 'None' : 'ConditionalCheckFailed' },
      ...puts.map((p) => ({
        Code: this.items.has(this.key(p.Put!.Item!.pk, p.Put!.Item!.sk)) ? 'ConditionalCheckFailed' : 'None',
      })),
    ];
    if (reasons.some((r) => r.Code !== 'None')) {
      throw new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: reasons,
      });
    }
    const next = { ...current };
    for (const assignment of update.UpdateExpression!.replace(/^SET /, '').split(', ')) {
      const [name, value] = assignment.split(' = ') as [string, string];
      next[names[name]!] = structuredClone(values[value]);
    }
    this.put(next);
    for (const p of puts) this.put(p.Put!.Item!);
    return {};
  }

  private query(command: QueryCommand) {
    const { ExpressionAttributeValues: v, Limit, ExclusiveStartKey } = command.input;
    this.queries.push({ Limit });
    const from = (ExclusiveStartKey?.sk as number | undefined) ?? (v![':after'] as number);
    const rows = [...this.items.values()]
      .filter((i) => i.pk === v![':pk'] && (i.sk as number) > from)
      .sort((a, b) => (a.sk as number) - (b.sk as number));
    const page = Limit === undefined ? rows : rows.slice(0, Limit);
    const more = Limit !== undefined && rows.length > Limit;
    return {
      Items: page.map((i) => structuredClone(i)),
      ...(more ? { LastEvaluatedKey: { pk: page.at(-1)!.pk, sk: page.at(-1)!.sk } } : {}),
    };
  }
}

const CHAT: ChatSession = {
  id: 'c1',
  service: 'request-chat',
  state: 'CONNECTED',
  last: 0,
  routeOnStart: true,
  disconnected400: false,
  userData: {},
  createdAt: 1_000,
  expiresAt: 3_601_000,
};

const RIVAL = { id: 'agent1', type: 'AGENT', nickname: 'Rival' };

const FAST: AppendRetryPolicy = { maxAttempts: 5, budgetMs: 10_000, baseDelayMs: 1, maxDelayMs: 2 };

async function setup(policy: AppendRetryPolicy = FAST) {
  const table = new FakeTable();
  const store = new DynamoChatStore(table.doc, 'chats', policy);
  await store.create(CHAT);
  await store.append('c1', (s) =>
    decide(
      s,
      'client',
      { kind: 'join-client', client: { id: 'client', type: 'CLIENT', nickname: 'Ann' } },
      5,
    ),
  );
  const act = (action: ChatAction) => store.append('c1', (s) => decide(s, 'client', action, 10));
  return { table, store, act };
}

describe('DynamoChatStore.append under contention', () => {
  it('concurrent appends in one process commit together: dense, unique, in arrival order, few transactions', async () => {
    const { table, store, act } = await setup();
    const before = table.transactions;
    const results = await Promise.all(
      Array.from({ length: 150 }, (_, i) => act({ kind: 'message', text: `m${i}` })),
    );
    expect(results.map((r) => r!.event!.position)).toEqual(Array.from({ length: 150 }, (_, i) => i + 2));
    expect(results.map((r) => r!.event!.text)).toEqual(Array.from({ length: 150 }, (_, i) => `m${i}`));
    // Each answer carries the header as of its own event.
    expect(results.map((r) => r!.session.last)).toEqual(results.map((r) => r!.event!.position));
    // The first alone, then the 149 that queued behind it in batches of at most 99.
    expect(table.transactions - before).toBe(3);
    expect((await store.get('c1'))!.last).toBe(151);
  });

  it('in one batch, a failing decision fails alone, and after a leave nothing more is written', async () => {
    const { store, act } = await setup();
    const [a, conflict, left, after] = await Promise.allSettled([
      act({ kind: 'message', text: 'a' }),
      act({ kind: 'join-client', client: { id: 'client', type: 'CLIENT', nickname: 'Again' } }),
      act({ kind: 'leave' }),
      act({ kind: 'message', text: 'too late' }),
    ]);
    expect(a).toMatchObject({ status: 'fulfilled', value: { event: { position: 2 } } });
    expect(conflict).toMatchObject({ status: 'rejected', reason: expect.any(ConflictError) });
    expect(left).toMatchObject({
      status: 'fulfilled',
      value: { event: { position: 3, type: 'Notice.Left' }, session: { state: 'DISCONNECTED' } },
    });
    expect(after).toMatchObject({
      status: 'fulfilled',
      value: { session: { state: 'DISCONNECTED', last: 3 } },
    });
    expect((after as PromiseFulfilledResult<unknown> & { value: object }).value).not.toHaveProperty('event');
    expect((await store.events('c1', 0)).map((e) => e.type)).toEqual([
      'Notice.Joined',
      'Message.Text',
      'Notice.Left',
    ]);
  });

  it('a writer elsewhere winning every race: after the retries, ChatBusyError (503, Retry-After: 1) and nothing written', async () => {
    const { table, store, act } = await setup();
    let rivalPosition = 1;
    table.rival = (t) => {
      // Another process commits first every time.
      rivalPosition++;
      t.put({ pk: 'chat#c1', sk: rivalPosition, type: 'Message.Text', party: RIVAL, text: 'rival', at: 1 });
      const header = t.items.get('chat#c1|0')!;
      t.put({ ...header, last: rivalPosition });
    };
    const before = table.transactions;
    const error = await act({ kind: 'message', text: 'mine' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChatBusyError);
    expect(table.transactions - before).toBe(FAST.maxAttempts);
    const mapped = mapError(error);
    expect(mapped.status).toBe(503);
    expect(mapped.headers).toMatchObject({ 'retry-after': '1' });
    expect(mapped.body).toMatchObject({
      exception: 'com.genesyslab.gsg.services.ServiceUnavailableException',
      code: 503,
      phrase: 'Service Unavailable',
    });
    expect((await store.events('c1', 0)).filter((e) => e.text === 'mine')).toEqual([]);
  });

  it('losing a few races then winning: the append lands at the next free position', async () => {
    const { table, act } = await setup();
    let losses = 2;
    table.rival = (t) => {
      if (losses-- <= 0) return;
      const header = t.items.get('chat#c1|0')!;
      const n = (header.last as number) + 1;
      t.put({ pk: 'chat#c1', sk: n, type: 'Message.Text', party: RIVAL, text: 'rival', at: 1 });
      t.put({ ...header, last: n });
    };
    const result = await act({ kind: 'message', text: 'mine' });
    expect(result!.event!.position).toBe(4);
  });

  it('the budget ends the retries early: 503 once it is spent', async () => {
    let now = 0;
    const table = new FakeTable();
    const store = new DynamoChatStore(
      table.doc,
      'chats',
      { maxAttempts: 1000, budgetMs: 100, baseDelayMs: 1, maxDelayMs: 1 },
      () => now,
    );
    await store.create({ ...CHAT, client: { id: 'client', type: 'CLIENT', nickname: 'Ann' } });
    table.rival = (t) => {
      now += 40;
      const header = t.items.get('chat#c1|0')!;
      t.put({ ...header, last: (header.last as number) + 1 });
    };
    const error = await store
      .append('c1', (s) => decide(s, 'client', { kind: 'message', text: 'x' }, 1))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChatBusyError);
    expect(table.transactions).toBe(3);
  });
});

describe('DynamoChatStore.events pages the transcript', () => {
  it('at most 100 events per answer, read with Limit; the next page starts after the last one', async () => {
    const { table, store, act } = await setup();
    await Promise.all(Array.from({ length: 249 }, (_, i) => act({ kind: 'message', text: `m${i}` })));
    table.queries = [];
    const first = await store.events('c1', 0);
    expect(first.map((e) => e.position)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(table.queries).toEqual([{ Limit: 100 }]);
    const second = await store.events('c1', 100);
    const third = await store.events('c1', 200);
    expect(second.map((e) => e.position)).toEqual(Array.from({ length: 100 }, (_, i) => i + 101));
    expect(third.map((e) => e.position)).toEqual(Array.from({ length: 50 }, (_, i) => i + 201));
    expect(await store.events('c1', 250)).toEqual([]);
  });

  it('stops before ~1 MB of text, but always returns at least one event', async () => {
    const { store, act } = await setup();
    const big = '€'.repeat(4096); // 12,288 bytes in UTF-8
    await Promise.all(Array.from({ length: 90 }, () => act({ kind: 'message', text: big })));
    const first = await store.events('c1', 0);
    const bytes = first.reduce(
      (n, e) => n + Buffer.byteLength(e.text) + Buffer.byteLength(e.party.nickname),
      0,
    );
    expect(bytes).toBeLessThanOrEqual(1_000_000);
    // The join (a few bytes) and 81 messages fit, the 82nd would not.
    expect(first).toHaveLength(82);
    const rest = await store.events('c1', first.at(-1)!.position);
    expect([...first, ...rest].map((e) => e.position)).toEqual(Array.from({ length: 91 }, (_, i) => i + 1));
  });
});
