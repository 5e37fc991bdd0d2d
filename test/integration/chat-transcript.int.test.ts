import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultServiceOptions } from '../../functions/domain/service-template.js';
import { builtinTemplate } from '../../functions/domain/templates/index.js';
import {
  ChatCustomer,
  expectChatResponse,
  PushSocket,
  until,
  type Answer,
  type Row,
} from '../support/chat-client.js';
import { formBody, jsonBody, startTestServer, type TestServer } from '../support/test-server.js';

/**
 * The transcript as stored and read: paged answers (at most 100 events or ~1 MB of text), so a
 * refresh from 0 on a long chat stays far below Lambda's 6 MB response limit and the client's next
 * refresh goes on from the answer's `transcriptPosition`; `notify_by`; expiry with the service's
 * `_ttl` and the DynamoDB `ttl` attribute on every item of a chat.
 */

let s: TestServer;
const sockets: PushSocket[] = [];

const put = async (name: string, body: Record<string, string>) => {
  const res = await s.admin(`/admin/services/${name}`, jsonBody(body, 'PUT'));
  expect(res.status, await res.clone().text()).toBe(200);
};

/** Every item of a chat, read from the table itself. */
const chatItems = async (id: string) =>
  (
    await s.deps.doc.send(
      new QueryCommand({
        TableName: s.deps.runtime.tables.chats,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `chat#${id}` },
        ConsistentRead: true,
      }),
    )
  ).Items ?? [];

const requestChat = async (service = 'request-chat'): Promise<string> => {
  const res = await s.fetch(`/service/${service}`, {
    ...formBody({}),
    headers: { 'content-type': 'application/x-www-form-urlencoded', gms_user: 'chat-device' },
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json())._id as string;
};

const startedChat = async (): Promise<ChatCustomer> => {
  const customer = new ChatCustomer(s, await requestChat());
  await customer.start({ userDisplayName: 'Reader' });
  return customer;
};

/** Sends every message at once; the rows by position, the join at 1 included. */
async function sendAll(customer: ChatCustomer, messages: string[]): Promise<Row[]> {
  const answers: Answer[] = await Promise.all(messages.map((message) => customer.post('send', { message })));
  const rows: Row[] = [['Notice.Joined', 'Reader', 'has joined the session', 'client', 'CLIENT']];
  for (const a of answers) {
    expect(a.status, a.text).toBe(200);
    rows[a.body.transcriptPosition - 1] = a.body.transcriptToShow[0];
  }
  expect(rows).toHaveLength(messages.length + 1);
  return rows;
}

beforeAll(async () => {
  s = await startTestServer();
});

afterAll(async () => {
  for (const ws of sockets) ws.close();
  await s?.stop();
});

describe('transcript paging', () => {
  it('130 messages: refresh 0 answers the first 100, the refresh from its position the rest, each once, in order', async () => {
    const customer = await startedChat();
    const all = await sendAll(
      customer,
      Array.from({ length: 130 }, (_, i) => `message ${i}`),
    );

    const first = await customer.refresh(0);
    expectChatResponse(first, customer.id);
    expect(first.transcriptToShow).toHaveLength(100);
    expect(first.transcriptPosition).toBe(100);
    const second = await customer.refresh(first.transcriptPosition);
    expect(second.transcriptToShow).toHaveLength(31);
    expect(second.transcriptPosition).toBe(131);
    expect([...first.transcriptToShow, ...second.transcriptToShow]).toEqual(all);
    // Nothing new: no events, and the position given back as it was.
    const third = await customer.refresh(second.transcriptPosition);
    expect(third.transcriptToShow).toEqual([]);
    expect(third.transcriptPosition).toBe(131);

    // A send with a position answers a page too, starting after that position.
    const sent = await customer.send('one more', { transcriptPosition: '0' });
    expect(sent.transcriptToShow).toEqual(all.slice(0, 100));
    expect(sent.transcriptPosition).toBe(100);
  });

  it('long messages: a page stops before 1 MB of text; two refreshes return everything once, in order', async () => {
    const customer = await startedChat();
    // 4096 characters of 3 bytes each: 12 KB a message, 90 of them about 1.1 MB.
    const all = await sendAll(
      customer,
      Array.from({ length: 90 }, (_, i) => `${String(i).padStart(2, '0')}${'€'.repeat(4094)}`),
    );

    const first = await customer.refresh(0);
    const rows = first.transcriptToShow as Row[];
    expect(rows.length).toBeLessThan(91);
    expect(rows.length).toBeGreaterThan(50);
    expect(first.transcriptPosition).toBe(rows.length);
    const bytes = rows.reduce((n, r) => n + Buffer.byteLength(r[2]) + Buffer.byteLength(r[1]), 0);
    expect(bytes).toBeLessThanOrEqual(1_000_000);

    const second = await customer.refresh(first.transcriptPosition);
    expect(second.transcriptPosition).toBe(91);
    expect([...rows, ...second.transcriptToShow]).toEqual(all);
    // The client loop of chat-client.ts gets there the same way.
    const read = await customer.transcript();
    expect(read.rows).toEqual(all);
    expect(read.answers).toHaveLength(3);
  });
});

describe('notify_by', () => {
  it('none: accepted; events are recorded (refresh) and still pushed to a socket that subscribed', async () => {
    const id = await requestChat();
    const ws = await PushSocket.open(s.deps.runtime.websocketUrl!, 'chat-device');
    sockets.push(ws);
    await ws.subscribe(id);
    const customer = new ChatCustomer(s, id);
    expect(await customer.ok('', { notify_by: 'none', userDisplayName: 'Quiet' })).toEqual({
      _id: id,
      comet_channel: '/_genesys',
    });
    await customer.send('polled');
    const read = await customer.refresh(0);
    expect(read.transcriptToShow.map((r: Row) => r[0])).toEqual(['Notice.Joined', 'Message.Text']);
    const pushed = await ws.chatEventsUpTo(id, 2);
    expect(pushed.map((e) => e.row)).toEqual(read.transcriptToShow);
    await customer.disconnect();
  });

  it('anything but comet, push_notification or none: 400 naming notify_by; push_notification without its device: 400 naming it; nothing started', async () => {
    const id = await requestChat();
    const customer = new ChatCustomer(s, id);
    for (const bad of ['sms', 'gcm']) {
      const a = await customer.post('', { notify_by: bad });
      expect(a.status, a.text).toBe(400);
      expect(a.body).toMatchObject({ parameter: 'notify_by', code: 400 });
    }
    const noDevice = await customer.post('', {
      notify_by: 'push_notification',
      push_notification_type: 'ios',
    });
    expect(noDevice.status, noDevice.text).toBe(400);
    expect(noDevice.body).toMatchObject({ parameter: 'push_notification_deviceid', code: 400 });
    const noType = await customer.post('', {
      notify_by: 'push_notification',
      push_notification_deviceid: 'tok',
    });
    expect(noType.status, noType.text).toBe(400);
    expect(noType.body).toMatchObject({ parameter: 'push_notification_type', code: 400 });
    expect((await customer.post('refresh', { transcriptPosition: '0' })).status).toBe(409);
  });
});

describe('expiry and the ttl attribute', () => {
  it('a chat of a service with _ttl=3: every item carries ttl = the expiry in epoch seconds; after it the chat answers 404', async () => {
    await put('short-chat', { _type: 'builtin', _service: 'request-chat', _ttl: '3' });
    const before = Date.now();
    const id = await requestChat('short-chat');
    const customer = new ChatCustomer(s, id);
    await customer.start({ userDisplayName: 'Brief' });
    await customer.send('quick');

    const items = await chatItems(id);
    expect(items.map((i) => i.sk)).toEqual([0, 1, 2]);
    const header = items[0]!;
    expect(header.expiresAt).toBeGreaterThanOrEqual(before + 3000);
    expect(header.expiresAt).toBeLessThanOrEqual(Date.now() + 3000);
    const ttl = Math.ceil((header.expiresAt as number) / 1000);
    for (const item of items) expect(item.ttl, `item ${String(item.sk)}`).toBe(ttl);

    // Expiry is checked on read too: DynamoDB deletes expired items only eventually.
    await new Promise((r) => setTimeout(r, Math.max(0, (header.expiresAt as number) - Date.now() + 100)));
    for (const [action, fields] of [
      ['refresh', { transcriptPosition: '0' }],
      ['send', { message: 'too late' }],
      ['disconnect', {}],
    ] as const) {
      const a = await customer.post(action, fields);
      expect(a.status, `${action}: ${a.text}`).toBe(404);
      expect(a.body).toMatchObject({
        message: expect.any(String),
        exception: 'com.genesyslab.gsg.services.NotFoundException',
        code: 404,
      });
    }
    expect((await chatItems(id)).length).toBe(3);
  });

  it('a chat callback: the header and the events carry the callback expiry as ttl', async () => {
    await put('chat-ttl', {
      ...defaultServiceOptions(builtinTemplate('callback')!, 'Chat-Immediate'),
      _target: 'TTL@StatServer.GA',
    });
    const res = await s.fetch('/service/callback/chat-ttl', {
      ...jsonBody({ _customer_number: '5557000001' }),
      headers: { 'content-type': 'application/json', gms_user: 'chat-device' },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const id = (await res.json())._id as string;
    const customer = new ChatCustomer(s, id);
    await customer.start({ userDisplayName: 'Caller' });
    await customer.send('hello');
    const record = await s.deps.callbacks.get(id);
    const ttl = Math.ceil(record!.expiresAt / 1000);
    const items = await until(
      () => chatItems(id),
      (i) => i.length === 3,
      'the join and the message',
    );
    for (const item of items) expect(item.ttl, `item ${String(item.sk)}`).toBe(ttl);
    await customer.disconnect();
  });
});
