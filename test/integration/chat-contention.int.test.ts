import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoChatStore } from '../../functions/adapters/dynamodb/chat-store.js';
import type { ChatStore } from '../../functions/ports/chat.js';
import { ChatCustomer, expectChatResponse, type Answer } from '../support/chat-client.js';
import { formBody, startTestServer, type TestServer } from '../support/test-server.js';

/**
 * Heavy contention on one chat. Each request either commits its event (200) or gives up on
 * purpose (503 in GMS's error shape with `Retry-After: 1`), never a bare 500; the transcript holds
 * exactly the committed events, numbered 1..N without gap or repeat. One process batches its
 * concurrent appends into few transactions; several processes (Lambda instances) race for the
 * header and the losers retry with backoff until their budget is spent.
 */

const SENDERS = 80;

let s: TestServer;

const newChat = async (): Promise<ChatCustomer> => {
  const res = await s.fetch('/service/request-chat', {
    ...formBody({}),
    headers: { 'content-type': 'application/x-www-form-urlencoded', gms_user: 'chat-device' },
  });
  expect(res.status).toBe(200);
  const customer = new ChatCustomer(s, (await res.json())._id);
  await customer.start({ userDisplayName: 'Crowd' });
  return customer;
};

beforeAll(async () => {
  s = await startTestServer();
});

afterAll(async () => {
  await s?.stop();
});

/**
 * Sends from `SENDERS` requests at once; checks every answer is 200 or a deliberate 503 and that
 * the transcript holds exactly the committed messages after the customer's join, numbered densely.
 */
async function crowd(customer: ChatCustomer): Promise<{ committed: number; busy: number }> {
  const id = customer.id;
  const answers: Answer[] = await Promise.all(
    Array.from({ length: SENDERS }, (_, i) => customer.post('send', { message: `crowd ${i}` })),
  );
  const statuses = answers.map((a) => a.status);
  expect(
    statuses.filter((st) => st !== 200 && st !== 503),
    JSON.stringify(statuses),
  ).toEqual([]);

  const busy = answers.filter((a) => a.status === 503);
  for (const a of busy) {
    expect(a.contentType).toMatch(/^application\/json/);
    expect(a.body).toMatchObject({
      message: expect.any(String),
      exception: 'com.genesyslab.gsg.services.ServiceUnavailableException',
      code: 503,
      phrase: 'Service Unavailable',
    });
    expect(a.headers.get('retry-after')).toBe('1');
  }

  const committed = answers.flatMap((a, i) => (a.status === 200 ? [{ i, body: a.body }] : []));
  const positions = committed.map(({ body }) => {
    expectChatResponse(body, id);
    expect(body.transcriptToShow).toHaveLength(1);
    return body.transcriptPosition as number;
  });
  // Position 1 is the customer's Notice.Joined.
  expect([...positions].sort((a, b) => a - b)).toEqual(
    Array.from({ length: committed.length }, (_, k) => k + 2),
  );

  const { rows, position } = await customer.transcript();
  expect(position).toBe(committed.length + 1);
  expect(rows).toHaveLength(committed.length + 1);
  expect(rows[0]![0]).toBe('Notice.Joined');
  for (const { i, body } of committed) {
    expect(rows[body.transcriptPosition - 1]).toEqual([
      'Message.Text',
      'Crowd',
      `crowd ${i}`,
      'client',
      'CLIENT',
    ]);
  }
  // A refused send left nothing behind.
  const texts = new Set(rows.map((r) => r[2]));
  answers.forEach((a, i) => {
    if (a.status === 503) expect(texts.has(`crowd ${i}`)).toBe(false);
  });
  return { committed: committed.length, busy: busy.length };
}

/** Appends spread round robin over `n` stores, each with its own queue: `n` processes racing. */
function processes(n: number, policy: ConstructorParameters<typeof DynamoChatStore>[2]): ChatStore {
  const stores = Array.from(
    { length: n },
    () => new DynamoChatStore(s.deps.doc, s.deps.runtime.tables.chats!, policy),
  );
  let next = 0;
  return {
    create: (session) => stores[0]!.create(session),
    get: (id) => stores[0]!.get(id),
    events: (id, after) => stores[0]!.events(id, after),
    append: (id, decide) => stores[next++ % n]!.append(id, decide),
  };
}

describe(`${SENDERS} concurrent senders on one chat`, () => {
  it('one process: every answer is 200 or a deliberate 503; the transcript is exactly the 200s, dense and unique', async () => {
    const { committed, busy } = await crowd(await newChat());
    console.info(`chat contention, one process: ${committed} committed, ${busy} answered 503`);
    expect(committed + busy).toBe(SENDERS);
  });

  it('eight racing processes with one attempt each: the losers get 503 with Retry-After: 1, the winners dense positions', async () => {
    const customer = await newChat();
    const original = s.deps.chats;
    s.deps.chats = processes(8, { maxAttempts: 1, budgetMs: 0, baseDelayMs: 1, maxDelayMs: 1 });
    try {
      const { committed, busy } = await crowd(customer);
      console.info(`chat contention, 8 processes: ${committed} committed, ${busy} answered 503`);
      expect(busy).toBeGreaterThan(0);
      expect(committed).toBeGreaterThan(0);
    } finally {
      s.deps.chats = original;
    }
  });
});
