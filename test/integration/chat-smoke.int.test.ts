import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { defaultServiceOptions } from '../../functions/domain/service-template.js';
import { builtinTemplate } from '../../functions/domain/templates/index.js';
import { formBody, jsonBody, startTestServer, type TestServer } from '../support/test-server.js';

/** Bodies and frames are asserted on field by field. */
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

async function until<T>(read: () => Promise<T>, check: (v: T) => boolean, what: string): Promise<T> {
  const end = Date.now() + 10_000;
  let value = await read();
  while (!check(value)) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 25));
    value = await read();
  }
  return value;
}

/**
 * Smoke test of the chat (issue 4): request-chat, start, the router offers it, the agent accepts
 * and joins, both sides talk over HTTP with the events pushed over a WebSocket, and 20 concurrent
 * senders get dense, unique positions. The full suites are `chat*.int.test.ts`.
 */
describe('chat smoke', () => {
  let s: TestServer;
  let socket: WebSocket;
  const frames: Json[] = [];

  beforeAll(async () => {
    s = await startTestServer();
    socket = new WebSocket(s.deps.runtime.websocketUrl!, { headers: { gms_user: 'chat-smoke' } });
    socket.on('message', (data) => frames.push(JSON.parse(data.toString())));
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  });

  afterAll(async () => {
    socket?.terminate();
    await s?.stop();
  });

  const chat = async (id: string, action: string, fields: Record<string, string> = {}, status = 200) => {
    const res = await s.fetch(`/service/${id}/ixn/chat${action}`, formBody(fields));
    expect(res.status, `${action}: ${await res.clone().text()}`).toBe(status);
    return (await res.json()) as Json;
  };
  const agent = async (path: string, init?: RequestInit, status = 200) => {
    const res = await s.admin(`/agents/${path}`, init);
    expect(res.status, `${path}: ${await res.clone().text()}`).toBe(status);
    return (await res.json()) as Json;
  };
  const subscribe = async (id: string) => {
    socket.send(JSON.stringify({ action: 'subscribe', id }));
    await until(
      async () => frames.find((f) => f.type === 'ack' && f.id === id),
      (f) => f !== undefined,
      'subscribe ack',
    );
  };
  const pushed = (id: string) =>
    frames
      .filter((f) => f.type === 'notification' && f.data.tag === `service.chat.refresh.${id}`)
      .map((f) => f.data.message);

  it('client and agent chat end to end; events pushed; agent disconnect completes the callback', async () => {
    const created = await s.fetch('/service/request-chat', formBody({ usr_reason: 'billing' }));
    expect(created.status).toBe(200);
    const { _id: id, ...rest } = (await created.json()) as Json;
    expect(rest).toEqual({ '_chatIxnAPI-CREATE-URL': `/genesys/1/service/${id}/ixn/chat` });
    await subscribe(id);

    expect(
      await chat(id, '', { notify_by: 'comet', firstName: 'John', lastName: 'Harry', subject: 'Loans' }),
    ).toEqual({
      _id: id,
      comet_channel: '/_genesys',
    });
    expect((await chat(id, '', { firstName: 'Again' }, 409)).exception).toMatch(/ConflictException/);

    await agent('smoke-agent/login', jsonBody({ name: 'Kristi', ready: true }));
    await until(
      () => agent('smoke-agent'),
      (a) => a.state === 'RESERVED',
      'agent offered the chat',
    );
    await agent('smoke-agent/chats/' + id, undefined, 403);
    expect(await agent('smoke-agent/accept', jsonBody({}))).toMatchObject({ state: 'BUSY' });

    const html = '<b>hi</b> & <script>x</script>';
    const sent = await chat(id, '/send', { message: html });
    expect(sent).toMatchObject({ chatIxnState: 'CONNECTED', chatSessionId: id, transcriptPosition: 3 });
    expect(sent.transcriptToShow).toEqual([['Message.Text', 'John Harry', html, 'client', 'CLIENT']]);
    expect(sent.startedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    await agent(`smoke-agent/chats/${id}/startTyping`, jsonBody({}));
    const reply = await agent(
      `smoke-agent/chats/${id}/send`,
      jsonBody({ message: 'Hello John', transcriptPosition: 3 }),
    );
    expect(reply.transcriptToShow).toEqual([
      ['Notice.TypingStarted', 'Kristi', 'is typing', 'smoke-agent', 'AGENT'],
      ['Message.Text', 'Kristi', 'Hello John', 'smoke-agent', 'AGENT'],
    ]);
    expect(reply.transcriptPosition).toBe(5);
    await agent(`other-agent/login`, jsonBody({ ready: false }));
    await agent(`other-agent/chats/${id}`, undefined, 403);

    const all = await chat(id, '/refresh', { transcriptPosition: '0' });
    expect(all.transcriptToShow.map((e: Json) => e[0])).toEqual([
      'Notice.Joined',
      'Notice.Joined',
      'Message.Text',
      'Notice.TypingStarted',
      'Message.Text',
    ]);
    expect(all.transcriptToShow[1]).toEqual([
      'Notice.Joined',
      'Kristi',
      'has joined the session',
      'smoke-agent',
      'AGENT',
    ]);
    expect(all.transcriptPosition).toBe(5);
    expect((await chat(id, '/refresh', { transcriptPosition: '5' })).transcriptToShow).toEqual([]);

    const ended = await agent(`smoke-agent/chats/${id}/disconnect`, jsonBody({}));
    expect(ended).toMatchObject({ chatIxnState: 'DISCONNECTED', transcriptPosition: 6 });
    expect(ended.transcriptToShow).toEqual([
      ['Notice.Left', 'Kristi', 'has left the session', 'smoke-agent', 'AGENT'],
    ]);
    expect(await agent('smoke-agent')).toMatchObject({ state: 'READY' });
    const [record] = (await (await s.fetch(`/service/callback?_id=${id}`)).json()) as Json[];
    expect(record).toMatchObject({ _callback_state: 'COMPLETED', _callback_reason: 'AGENT_CONNECTED' });

    const late = await chat(id, '/send', { message: 'anyone?' });
    expect(late).toMatchObject({ chatIxnState: 'DISCONNECTED', transcriptToShow: [], transcriptPosition: 6 });

    const messages = await until(
      async () => pushed(id),
      (m) => m.length === 6,
      'six pushed events',
    );
    expect(messages.map((m) => m.transcriptPosition).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
    for (const m of messages) expect(m.transcriptToShow).toHaveLength(1);
    await agent('smoke-agent/not-ready', jsonBody({}));
  });

  it('20 concurrent senders get dense, unique positions', async () => {
    const { _id: id } = (await (await s.fetch('/service/request-chat', formBody({}))).json()) as Json;
    await chat(id, '', { userDisplayName: 'Racer' });
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => chat(id, '/send', { message: `m${i}` })),
    );
    const positions = answers.map((a) => a.transcriptPosition as number).sort((a, b) => a - b);
    expect(positions).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
    const all = await chat(id, '/refresh', { transcriptPosition: '1' });
    expect(all.transcriptToShow.map((e: Json) => e[2]).sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `m${i}`).sort(),
    );
    // The customer leaves: its queued chat callback is cancelled and no later agent is offered it.
    await chat(id, '/disconnect');
  });

  it('a configured request-chat service: _chat_400_response_on_disconnected, customer disconnect cancels the queued chat', async () => {
    const put = await s.admin(
      '/admin/services/strict-chat',
      jsonBody(
        {
          _type: 'builtin',
          _service: 'request-chat',
          _chat_400_response_on_disconnected: 'true',
          _target: 'nobody@StatServer.A',
        },
        'PUT',
      ),
    );
    expect(put.status, await put.clone().text()).toBe(200);
    const { _id: id } = (await (await s.fetch('/service/strict-chat', formBody({}))).json()) as Json;
    await chat(id, '', { firstName: 'Ann' });
    const queued = await until(
      async () => ((await (await s.fetch(`/service/callback?_id=${id}`)).json()) as Json[])[0],
      (r) => r !== undefined,
      'the chat callback',
    );
    expect(queued).toMatchObject({ _callback_state: 'QUEUED', _service_name: 'strict-chat' });
    const left = await chat(id, '/disconnect', { transcriptPosition: '0' });
    expect(left).toMatchObject({ chatIxnState: 'DISCONNECTED', transcriptPosition: 2 });
    expect(left.transcriptToShow.map((e: Json) => e[0])).toEqual(['Notice.Joined', 'Notice.Left']);
    const refused = await chat(id, '/send', { message: 'hello?' }, 400);
    expect(refused.exception).toMatch(/ChatSessionDisconnected/);
    await chat(id, '/refresh', { transcriptPosition: '0' }, 400);
    const [record] = (await (await s.fetch(`/service/callback?_id=${id}`)).json()) as Json[];
    expect(record).toMatchObject({ _callback_state: 'COMPLETED', _callback_reason: 'CANCELLED' });
  });

  it('Chat-Delayed callback: push, connect, the agent accepts first and joins, the customer starts, complete ends it', async () => {
    const put = await s.admin(
      '/admin/services/smoke-chd',
      jsonBody(
        {
          ...defaultServiceOptions(builtinTemplate('callback')!, 'Chat-Delayed'),
          _target: 'CHD@StatServer.GA',
        },
        'PUT',
      ),
    );
    expect(put.status, await put.clone().text()).toBe(200);
    const created = await s.fetch(
      '/service/callback/smoke-chd',
      jsonBody({ subject: 'Loans', _customer_number: '5115' }),
    );
    expect(created.status, await created.clone().text()).toBe(200);
    const { _id: id } = (await created.json()) as Json;
    await subscribe(id);
    await agent('chd-agent/login', jsonBody({ name: 'Dee', groups: ['CHD'], ready: true }));
    await until(
      async () => frames.find((f) => f.data?.tag === `service.agentavailable.${id}`),
      (f) => f !== undefined,
      'agent-available push',
    );
    const connect = await s.fetch(`/service/${id}/connect`, { method: 'POST' });
    expect(((await connect.json()) as Json)._start_chat_url).toBe(`${s.api}/service/${id}/ixn/chat`);
    await agent('chd-agent/accept', jsonBody({}));
    const joined = await agent(`chd-agent/chats/${id}`);
    expect(joined.transcriptToShow).toEqual([
      ['Notice.Joined', 'Dee', 'has joined the session', 'chd-agent', 'AGENT'],
    ]);
    const verbose = await chat(id, '', { firstName: 'Bob', _verbose: 'true' });
    expect(verbose).toMatchObject({ _id: id, chatIxnState: 'CONNECTED', transcriptPosition: 2 });
    expect(verbose._chatIxnAPI_SEND_URL).toBe(`${s.api}/service/${id}/ixn/chat/send`);
    await chat(id, '/send', { message: 'hi' });
    expect(await agent('chd-agent/complete', jsonBody({ ready: false }))).toMatchObject({
      state: 'NOT_READY',
    });
    const after = await chat(id, '/refresh', { transcriptPosition: '3' });
    expect(after).toMatchObject({ chatIxnState: 'DISCONNECTED', transcriptPosition: 4 });
    expect(after.transcriptToShow).toEqual([
      ['Notice.Left', 'Dee', 'has left the session', 'chd-agent', 'AGENT'],
    ]);
  });

  it('bad input: 400/413 naming the parameter, 404 for an unknown chat', async () => {
    const { _id: id } = (await (await s.fetch('/service/request-chat', formBody({}))).json()) as Json;
    await chat(id, '');
    expect((await chat(id, '/send', { message: '' }, 400)).parameter).toBe('message');
    expect((await chat(id, '/send', { message: 'x'.repeat(4097) }, 413)).parameter).toBe('message');
    expect((await chat(id, '/refresh', { transcriptPosition: '-1' }, 400)).parameter).toBe(
      'transcriptPosition',
    );
    expect((await chat('no-such-chat', '/send', { message: 'hi' }, 404)).code).toBe(404);
    await chat(id, '/disconnect');
  });
});
