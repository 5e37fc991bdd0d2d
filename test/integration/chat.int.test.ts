import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultServiceOptions } from '../../functions/domain/service-template.js';
import { builtinTemplate } from '../../functions/domain/templates/index.js';
import {
  agentApi,
  callbackView,
  ChatAgent,
  ChatCustomer,
  expectChatResponse,
  PushSocket,
  until,
  type Json,
  type Row,
} from '../support/chat-client.js';
import { formBody, jsonBody, startTestServer, type TestServer } from '../support/test-server.js';

/**
 * Issue 4: the Chat API v1 end to end on the local runtime. The customer plays the chat requests
 * over HTTP, the agent the agent API, both listen on real WebSockets; the router, the work queue
 * and the chat table are the real ones. Every agent ends its test NOT_READY, so the built-in
 * request-chat (which any agent may take) is never taken by another test's agent.
 */

let s: TestServer;
let wsUrl: string;
const sockets: PushSocket[] = [];
let api: ReturnType<typeof agentApi>;

const socket = async (user: string) => {
  const ws = await PushSocket.open(wsUrl, user);
  sockets.push(ws);
  return ws;
};

const put = async (name: string, body: Record<string, string>) => {
  const res = await s.admin(`/admin/services/${name}`, jsonBody(body, 'PUT'));
  expect(res.status, await res.clone().text()).toBe(200);
};

const requestChat = async (service = 'request-chat', fields: Record<string, string> = {}) => {
  const res = await s.fetch(`/service/${service}`, {
    ...formBody(fields),
    headers: { 'content-type': 'application/x-www-form-urlencoded', gms_user: 'chat-device' },
  });
  expect(res.status, await res.clone().text()).toBe(200);
  const body = await res.json();
  expect(body).toEqual({
    _id: expect.any(String),
    '_chatIxnAPI-CREATE-URL': `/genesys/1/service/${body._id}/ixn/chat`,
  });
  return body._id as string;
};

let customerNumber = 0;
const chatCallback = async (service: string) => {
  const res = await s.fetch(`/service/callback/${service}`, {
    ...jsonBody({ _customer_number: `5557${String(++customerNumber).padStart(6, '0')}`, subject: 'Loans' }),
    headers: { 'content-type': 'application/json', gms_user: 'chat-device' },
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Json;
};

const expectStartChat = (body: Json, id: string) =>
  expect(body).toMatchObject({
    _id: id,
    _action: 'StartChat',
    _start_chat_url: `${s.api}/service/${id}/ixn/chat`,
    _comet_url: `${s.url}/cometd`,
  });

/** The answer holds exactly `rows`, the last at `position`. */
const expectEvents = (body: Json, id: string, position: number, rows: Row[], state = 'CONNECTED') => {
  expectChatResponse(body, id, state);
  expect(body.transcriptToShow).toEqual(rows);
  expect(body.transcriptPosition).toBe(position);
};

/** Every push of `id` on `ws`, exactly once, in position order, from `first` to `last`. */
const expectPushedInOrder = async (ws: PushSocket, id: string, first: number, last: number, rows: Row[]) => {
  await ws.chatEventsUpTo(id, last, first);
  const pushed = ws.chatEvents(id);
  expect(pushed.map((e) => e.position)).toEqual(
    Array.from({ length: last - first + 1 }, (_, i) => first + i),
  );
  expect(pushed.map((e) => e.row)).toEqual(rows.slice(first - 1, last));
};

beforeAll(async () => {
  s = await startTestServer();
  wsUrl = s.deps.runtime.websocketUrl!;
  api = agentApi(s);
  const template = builtinTemplate('callback')!;
  await put('chat-ci', {
    ...defaultServiceOptions(template, 'Chat-Immediate'),
    _target: 'CI@StatServer.GA',
    _chat_400_response_on_disconnected: 'true',
  });
  await put('chat-cd', { ...defaultServiceOptions(template, 'Chat-Delayed'), _target: 'CD@StatServer.GA' });
  await put('chat-bad', { _type: 'builtin', _service: 'request-chat', _target: 'BAD@StatServer.GA' });
});

afterAll(async () => {
  for (const ws of sockets) ws.close();
  await s?.stop();
});

describe('a full chat between a customer and an agent', () => {
  it('request-chat: joins, typing and messages both ways, pushes once each in order, refresh from any position, customer disconnect', async () => {
    const id = await requestChat();
    const customerWs = await socket('chat-device');
    await customerWs.subscribe(id);
    const customer = new ChatCustomer(s, id);

    const started = await customer.start({
      firstName: 'Jane',
      lastName: 'Doe',
      email: 'jane@example.com',
      subject: 'Loans',
      userDisplayName: 'Jane',
    });
    expect(started).toEqual({ _id: id, comet_channel: '/_genesys' });

    // The chat reached the router when it started: the (only) agent is offered it.
    await api.post('alex', 'login', { name: 'Alex Agent', ready: true });
    const offered = await api.until('alex', (a) => a.state === 'RESERVED', 'offered the chat');
    expect(offered.callback).toMatchObject({ _id: id, _media_type: 'chat' });
    // The agent desktop listens to the chat from the offer on.
    const agentWs = await socket('alex-desktop');
    await agentWs.subscribe(id);
    await api.accept('alex', id);
    expect((await callbackView(s, id))._callback_state).toBe('PROCESSING');
    const agent = new ChatAgent(s, 'alex', id);

    const joins = await customer.refresh(0);
    expectChatResponse(joins, id);
    expect(joins.transcriptToShow).toHaveLength(2);
    const [clientJoined, agentJoined] = joins.transcriptToShow as Row[];
    const clientParty = clientJoined![3];
    const agentParty = agentJoined![3];
    expect(clientJoined).toEqual(['Notice.Joined', 'Jane', expect.any(String), clientParty, 'CLIENT']);
    expect(agentJoined).toEqual(['Notice.Joined', 'Alex Agent', expect.any(String), agentParty, 'AGENT']);
    expect(clientParty).not.toBe('');
    expect(agentParty).not.toBe(clientParty);
    expect(joins.transcriptPosition).toBe(2);

    const rows: Row[] = [clientJoined!, agentJoined!];
    const byClient = (type: string, text: string): Row => [type, 'Jane', text, clientParty, 'CLIENT'];
    const byAgent = (type: string, text: string): Row => [type, 'Alex Agent', text, agentParty, 'AGENT'];
    /** Without transcriptPosition an answer holds just the event the request created. */
    const created = (body: Json, row: Row) => {
      expectChatResponse(body, id);
      expect(body.transcriptToShow).toHaveLength(1);
      const [got] = body.transcriptToShow as Row[];
      expect(got).toEqual([row[0], row[1], expect.any(String), row[3], row[4]]);
      // Typing notices carry whatever text the server gives them; messages carry theirs verbatim.
      if (row[2] !== '*') expect(got![2]).toBe(row[2]);
      rows.push(got!);
      expect(body.transcriptPosition).toBe(rows.length);
    };

    created(await customer.startTyping(), byClient('Notice.TypingStarted', '*'));
    created(
      await customer.send('Hello, I need help with my loan'),
      byClient('Message.Text', 'Hello, I need help with my loan'),
    );
    created(await customer.stopTyping(), byClient('Notice.TypingStopped', '*'));
    created(await agent.startTyping(), byAgent('Notice.TypingStarted', '*'));
    created(
      await agent.send('Hi Jane, how can I help?'),
      byAgent('Message.Text', 'Hi Jane, how can I help?'),
    );
    created(await agent.stopTyping(), byAgent('Notice.TypingStopped', '*'));
    created(await customer.customNotice('page=/loans/apply'), byClient('Notice.Custom', 'page=/loans/apply'));
    expect(rows).toHaveLength(9);

    // With the caller's last known position the answer holds every event after it, its own last.
    const thanks = await customer.send('Thanks', { transcriptPosition: '7' });
    rows.push(byClient('Message.Text', 'Thanks'));
    expectEvents(thanks, id, 10, rows.slice(7));
    const reply = await agent.send('You are welcome', { transcriptPosition: '10' });
    rows.push(byAgent('Message.Text', 'You are welcome'));
    expectEvents(reply, id, 11, rows.slice(10));
    // refresh with a message sends it first.
    const still = await customer.refresh(11, { message: 'Still there?' });
    rows.push(byClient('Message.Text', 'Still there?'));
    expectEvents(still, id, 12, rows.slice(11));
    // A typing answer with a position behind also carries what the caller missed.
    const typing = await agent.startTyping({ transcriptPosition: '10' });
    expect(typing.transcriptToShow.slice(0, 2)).toEqual(rows.slice(10, 12));
    rows.push(typing.transcriptToShow[2]);
    expectEvents(typing, id, 13, rows.slice(10));
    expect(rows[12]).toEqual(byAgent('Notice.TypingStarted', rows[12]![2]));
    const N = rows.length;

    // Each side saw each event over the WebSocket exactly once, in position order.
    await expectPushedInOrder(customerWs, id, 1, N, rows);
    await expectPushedInOrder(agentWs, id, 2, N, rows);
    for (const e of customerWs.chatEvents(id)) {
      expect(e.response).toMatchObject({ chatIxnState: 'CONNECTED', chatSessionId: id });
    }

    // refresh (customer) and read (agent) from any position: exactly the events after it.
    for (let k = 0; k <= N; k++) {
      expectEvents(await customer.refresh(k), id, N, rows.slice(k));
      expectEvents(await agent.transcript(k), id, N, rows.slice(k));
    }
    expectEvents(await customer.refresh(N + 5), id, N + 5, []);
    // The agent's read without a position is the whole transcript.
    expectEvents((await agent.read()).body, id, N, rows);

    const left = await customer.disconnect();
    rows.push(byClient('Notice.Left', left.transcriptToShow.at(-1)?.[2] ?? ''));
    expectEvents(left, id, N + 1, [rows[N]!], 'DISCONNECTED');
    await expectPushedInOrder(customerWs, id, 1, N + 1, rows);
    await expectPushedInOrder(agentWs, id, 2, N + 1, rows);
    expect(agentWs.chatEvents(id).at(-1)!.response.chatIxnState).toBe('DISCONNECTED');

    // The chat ended: 200 DISCONNECTED and nothing changes (the service does not ask for 400).
    for (const [action, fields] of [
      ['send', { message: 'Hello?' }],
      ['startTyping', {}],
      ['stopTyping', {}],
      ['customNotice', { message: 'x' }],
      ['disconnect', {}],
    ] as const) {
      const late = await customer.post(action, fields);
      expect(late.status, `${action} after the end: ${late.text}`).toBe(200);
      expectChatResponse(late.body, id, 'DISCONNECTED');
    }
    expectEvents(await customer.refresh(0), id, N + 1, rows, 'DISCONNECTED');
    expectEvents(await agent.transcript(0), id, N + 1, rows, 'DISCONNECTED');
    expect(customerWs.chatEvents(id)).toHaveLength(N + 1);

    // The customer left; the agent completes the callback as for any other.
    expect((await callbackView(s, id))._callback_state).toBe('PROCESSING');
    expect(await api.post('alex', 'complete', { ready: false })).toMatchObject({ state: 'NOT_READY' });
    expect(await callbackView(s, id)).toMatchObject({
      _callback_state: 'COMPLETED',
      _callback_reason: 'AGENT_CONNECTED',
    });
    expect(customerWs.chatEvents(id)).toHaveLength(N + 1);
  });

  it('Chat-Immediate callback: StartChat, the agent ends the chat; with _chat_400_response_on_disconnected later requests get 400', async () => {
    const body = await chatCallback('chat-ci');
    const id = body._id as string;
    expectStartChat(body, id);
    const customerWs = await socket('chat-device');
    await customerWs.subscribe(id);
    const customer = new ChatCustomer(s, id, 'json');
    // No userDisplayName: the nickname is "firstName lastName".
    expect(await customer.start({ firstName: 'Sam', lastName: 'Lee', subject: 'Loans' })).toEqual({
      _id: id,
      comet_channel: '/_genesys',
    });

    await api.post('casey', 'login', { name: 'Casey', groups: ['CI'], ready: true });
    const agentWs = await socket('casey-desktop');
    await agentWs.subscribe(id);
    await api.accept('casey', id);
    const agent = new ChatAgent(s, 'casey', id);

    const joins = (await agent.transcript(0)).transcriptToShow as Row[];
    expect(joins.map((r) => [r[0], r[1], r[4]])).toEqual([
      ['Notice.Joined', 'Sam Lee', 'CLIENT'],
      ['Notice.Joined', 'Casey', 'AGENT'],
    ]);
    await agent.startTyping();
    await agent.send('Hello Sam');
    await agent.stopTyping();
    await customer.startTyping();
    await customer.send('Hi Casey');
    await customer.stopTyping();
    const bye = await agent.disconnect();
    expectChatResponse(bye, id, 'DISCONNECTED');
    expect(bye.transcriptToShow).toHaveLength(1);
    expect(bye.transcriptToShow[0]).toEqual([
      'Notice.Left',
      'Casey',
      expect.any(String),
      joins[1]![3],
      'AGENT',
    ]);
    expect(bye.transcriptPosition).toBe(9);

    const transcript = (await agent.transcript(0)).transcriptToShow as Row[];
    expect(transcript.map((r) => [r[0], r[4]])).toEqual([
      ['Notice.Joined', 'CLIENT'],
      ['Notice.Joined', 'AGENT'],
      ['Notice.TypingStarted', 'AGENT'],
      ['Message.Text', 'AGENT'],
      ['Notice.TypingStopped', 'AGENT'],
      ['Notice.TypingStarted', 'CLIENT'],
      ['Message.Text', 'CLIENT'],
      ['Notice.TypingStopped', 'CLIENT'],
      ['Notice.Left', 'AGENT'],
    ]);
    expect(transcript[3]![2]).toBe('Hello Sam');
    expect(transcript[6]![2]).toBe('Hi Casey');
    await expectPushedInOrder(customerWs, id, 1, 9, transcript);
    await expectPushedInOrder(agentWs, id, 2, 9, transcript);

    // The agent's disconnect completes the callback as `complete` does.
    expect(await callbackView(s, id)).toMatchObject({
      _callback_state: 'COMPLETED',
      _callback_reason: 'AGENT_CONNECTED',
    });
    const free = await api.get('casey');
    expect(free.callback).toBeUndefined();
    expect(['READY', 'NOT_READY']).toContain(free.state);
    await api.post('casey', 'not-ready');

    for (const [action, fields] of [
      ['send', { message: 'Hello?' }],
      ['refresh', { transcriptPosition: '0' }],
      ['startTyping', {}],
      ['disconnect', {}],
    ] as const) {
      const late = await customer.post(action, fields);
      expect(late.status, `${action} after the end: ${late.text}`).toBe(400);
      expect(late.body).toMatchObject({
        message: expect.any(String),
        exception: expect.any(String),
        code: 400,
      });
    }
    expect((await agent.transcript(0)).transcriptToShow).toEqual(transcript);
    expect(customerWs.chatEvents(id)).toHaveLength(9);
  });
});

describe('Chat Delayed (the seed sample)', () => {
  it('agent-available push with StartChat, connect, chat, end', async () => {
    const body = await chatCallback('chat-cd');
    expect(body).toEqual({ _id: expect.any(String), _text: 'We will notify you when agent is available' });
    const id = body._id as string;
    const customerWs = await socket('chat-device');
    await customerWs.subscribe(id);
    await until(
      () => callbackView(s, id),
      (v) => v?._callback_state === 'QUEUED',
      'chat callback QUEUED',
    );

    await api.post('dana', 'login', { name: 'Dana', groups: ['CD'], ready: true });
    const push = await customerWs.next(
      (f) => f.type === 'notification' && f.data?.tag === `service.agentavailable.${id}`,
      'agent-available push',
    );
    expect(push.data).toEqual({
      id: expect.any(String),
      tag: `service.agentavailable.${id}`,
      message: { _action: 'StartChat', _id: id },
    });

    const connect = await s.fetch(`/service/${id}/connect`, {
      method: 'POST',
      headers: { gms_user: 'chat-device' },
    });
    expect(connect.status, await connect.clone().text()).toBe(200);
    const startChat = await connect.json();
    expectStartChat(startChat, id);

    const customer = new ChatCustomer(s, id);
    expect(await customer.start({ userDisplayName: 'Kim', subject: 'Loans' })).toEqual({
      _id: id,
      comet_channel: '/_genesys',
    });
    const agentWs = await socket('dana-desktop');
    await agentWs.subscribe(id);
    await api.accept('dana', id);
    const agent = new ChatAgent(s, 'dana', id);

    await customer.send('I got your notification');
    await agent.send('Great, let us talk');
    const left = await customer.disconnect();
    expectChatResponse(left, id, 'DISCONNECTED');
    expect(left.transcriptToShow).toEqual([
      ['Notice.Left', 'Kim', expect.any(String), expect.any(String), 'CLIENT'],
    ]);

    const transcript = (await customer.refresh(0)).transcriptToShow as Row[];
    expect(transcript.map((r) => [r[0], r[1], r[4]])).toEqual([
      ['Notice.Joined', 'Kim', 'CLIENT'],
      ['Notice.Joined', 'Dana', 'AGENT'],
      ['Message.Text', 'Kim', 'CLIENT'],
      ['Message.Text', 'Dana', 'AGENT'],
      ['Notice.Left', 'Kim', 'CLIENT'],
    ]);
    await expectPushedInOrder(customerWs, id, 1, 5, transcript);
    await expectPushedInOrder(agentWs, id, 2, 5, transcript);
    // The chat's events are pushed, not kept for poll; the agent-available push went once.
    expect(customerWs.notifications(`service.agentavailable.${id}`)).toHaveLength(1);
    const poll = await s.fetch(`/service/${id}/retrieve-notifications`, { method: 'POST' });
    expect(poll.status).toBe(200);
    expect(await poll.json()).toEqual([]);

    await api.post('dana', 'complete', { ready: false });
    expect(await callbackView(s, id)).toMatchObject({
      _callback_state: 'COMPLETED',
      _callback_reason: 'AGENT_CONNECTED',
    });
  });
});

describe('bad input and limits', () => {
  let id: string;
  let customer: ChatCustomer;
  let agent: ChatAgent;

  beforeAll(async () => {
    id = await requestChat('chat-bad');
    customer = new ChatCustomer(s, id);
    // Not started yet: chat requests other than start are refused.
    const early = await customer.post('send', { message: 'too early' });
    expect(early.status, early.text).toBe(409);
    await customer.start({ userDisplayName: 'Pat' });
    await api.post('bad-agent', 'login', { groups: ['BAD'], ready: true });
    await api.accept('bad-agent', id);
    await api.post('other-agent', 'login', { groups: ['BAD'] });
    agent = new ChatAgent(s, 'bad-agent', id);
  });

  const transcriptLength = async () => (await customer.refresh(0)).transcriptToShow.length as number;

  const expectError = (
    a: { status: number; body: Json; contentType: string | null },
    status: number,
    parameter?: string,
  ) => {
    expect(a.status, JSON.stringify(a.body)).toBe(status);
    expect(a.contentType).toMatch(/^application\/json/);
    expect(a.body).toMatchObject({
      message: expect.any(String),
      exception: expect.any(String),
      code: status,
    });
    if (parameter) expect(a.body.parameter).toBe(parameter);
  };

  it('a message over 4096 characters: 413 naming message, from either side; 4096 is accepted', async () => {
    const before = await transcriptLength();
    expectError(await customer.post('send', { message: 'x'.repeat(4097) }), 413, 'message');
    expectError(
      await customer.post('refresh', { transcriptPosition: '0', message: 'x'.repeat(4097) }),
      413,
      'message',
    );
    expectError(await customer.post('customNotice', { message: 'x'.repeat(4097) }), 413, 'message');
    expectError(await agent.post('send', { message: 'y'.repeat(5000) }), 413, 'message');
    expect(await transcriptLength()).toBe(before);
    const max = await customer.send('z'.repeat(4096));
    expect(max.transcriptToShow[0][2]).toBe('z'.repeat(4096));
    expect(await transcriptLength()).toBe(before + 1);
  });

  it('an empty or missing message: 400 naming message', async () => {
    const before = await transcriptLength();
    expectError(await customer.post('send', { message: '' }), 400, 'message');
    expectError(await customer.post('send', {}), 400, 'message');
    expectError(await customer.post('customNotice', { message: '' }), 400, 'message');
    expectError(await agent.post('send', { message: '' }), 400, 'message');
    expect(await transcriptLength()).toBe(before);
  });

  it('a bad transcriptPosition: 400 naming it', async () => {
    for (const bad of ['abc', '-1', '1.5', '1e3']) {
      expectError(await customer.post('refresh', { transcriptPosition: bad }), 400, 'transcriptPosition');
      expectError(
        await customer.post('send', { message: 'hi', transcriptPosition: bad }),
        400,
        'transcriptPosition',
      );
      expectError(await agent.read(encodeURIComponent(bad)), 400, 'transcriptPosition');
    }
  });

  it('an unknown chat: 404 for the customer and the agent', async () => {
    const ghost = new ChatCustomer(s, 'no-such-chat');
    expectError(await ghost.post('', { notify_by: 'comet' }), 404);
    expectError(await ghost.post('send', { message: 'hi' }), 404);
    expectError(await ghost.post('refresh', { transcriptPosition: '0' }), 404);
    expectError(await ghost.post('disconnect'), 404);
    const ghostAgent = new ChatAgent(s, 'bad-agent', 'no-such-chat');
    expectError(await ghostAgent.read(0), 404);
    expectError(await ghostAgent.post('send', { message: 'hi' }), 404);
  });

  it('starting twice: 409', async () => {
    expectError(await customer.post('', { notify_by: 'comet' }), 409);
  });

  it('another agent: 403 on every chat request', async () => {
    const before = await transcriptLength();
    const other = new ChatAgent(s, 'other-agent', id);
    expectError(await other.read(0), 403);
    for (const action of ['send', 'startTyping', 'stopTyping', 'disconnect']) {
      expectError(await other.post(action, { message: 'not mine' }), 403);
    }
    expect(await transcriptLength()).toBe(before);
  });

  it('HTML in a message comes back verbatim as JSON text', async () => {
    const html = '<script>alert(1)</script><img src=x onerror="alert(2)">&amp;';
    const sent = await customer.post('send', { message: html });
    expect(sent.status).toBe(200);
    expect(sent.contentType).toMatch(/^application\/json/);
    expect(sent.body.transcriptToShow[0][2]).toBe(html);
    expect(sent.text).not.toContain('&lt;');
    const fromAgent = await agent.send(html);
    expect(fromAgent.transcriptToShow[0][2]).toBe(html);
    const read = await agent.read(0);
    expect(read.contentType).toMatch(/^application\/json/);
    const texts = (read.body.transcriptToShow as Row[])
      .filter((r) => r[0] === 'Message.Text')
      .map((r) => r[2]);
    expect(texts.filter((t) => t === html)).toHaveLength(2);
  });

  afterAll(async () => {
    await customer?.disconnect();
    await api?.post('bad-agent', 'complete', { ready: false });
  });
});

describe('conformance 17 (gms-api.md section 8)', () => {
  it('request-chat, ixn/chat with notify_by=comet, refresh 0: chat responses with rows of five strings', async () => {
    const id = await requestChat();
    const customer = new ChatCustomer(s, id);
    const verbose = await customer.start({
      subject: 'Loans',
      userDisplayName: 'Conformance',
      _verbose: 'true',
    });
    expect(verbose).toMatchObject({ _id: id, comet_channel: '/_genesys' });
    expectChatResponse(verbose, id);
    const base = `${s.api}/service/${id}/ixn/chat`;
    expect(verbose).toMatchObject({
      _chatIxnAPI_SEND_URL: `${base}/send`,
      _chatIxnAPI_REFRESH_URL: `${base}/refresh`,
      _chatIxnAPI_START_TYPING_URL: `${base}/startTyping`,
      _chatIxnAPI_STOP_TYPING_URL: `${base}/stopTyping`,
      _chatIxnAPI_DISCONNECT_URL: `${base}/disconnect`,
    });
    const refreshed = await customer.refresh(0);
    expectChatResponse(refreshed, id);
    expect(refreshed.transcriptToShow[0]).toEqual([
      'Notice.Joined',
      'Conformance',
      expect.any(String),
      expect.any(String),
      'CLIENT',
    ]);
    expect(refreshed.transcriptPosition).toBe(refreshed.transcriptToShow.length);
    // Nobody took it: the customer leaves and the chat callback does not stay in the queue.
    expectChatResponse(await customer.disconnect(), id, 'DISCONNECTED');
  });
});
