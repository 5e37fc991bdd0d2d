import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agentApi,
  callbackView,
  ChatAgent,
  ChatCustomer,
  expectChatResponse,
  PushSocket,
  type Json,
  type Row,
} from '../support/chat-client.js';
import { formBody, jsonBody, startTestServer, type TestServer } from '../support/test-server.js';

/**
 * The agent side over the WebSocket: `agent-chat` frames authenticated with a bearer token of
 * `admin/login` (the agent chat routes' roles) run the agent API's chat requests and answer with
 * the same chat response; failures answer an error frame and change nothing.
 */

let s: TestServer;
const sockets: PushSocket[] = [];
let id: string;
let adminToken: string;
let viewerToken: string;
let customerWs: PushSocket;
let agentWs: PushSocket;
let httpAgent: ChatAgent;

const login = async (username: string, password: string) => {
  const res = await s.fetch('/admin/login', jsonBody({ username, password }));
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()).token as string;
};

/** An `agent-chat` frame of agent `wsa` on the chat, with the admin's token unless overridden. */
const frame = (ref: string, op: string, extra: Record<string, unknown> = {}) => ({
  token: adminToken,
  agentId: 'wsa',
  chatId: id,
  op,
  ref,
  ...extra,
});

const transcript = async (): Promise<Row[]> => (await httpAgent.transcript(0)).transcriptToShow;

beforeAll(async () => {
  s = await startTestServer();
  const wsUrl = s.deps.runtime.websocketUrl!;
  const viewer = await s.admin(
    '/admin/users/ws-viewer',
    jsonBody({ password: 'viewer-password', roles: ['CallbackReadOnly'] }, 'PUT'),
  );
  expect(viewer.status, await viewer.clone().text()).toBe(200);
  adminToken = await login('default', 'password');
  viewerToken = await login('ws-viewer', 'viewer-password');

  const res = await s.fetch('/service/request-chat', {
    ...formBody({}),
    headers: { 'content-type': 'application/x-www-form-urlencoded', gms_user: 'chat-device' },
  });
  expect(res.status).toBe(200);
  id = (await res.json())._id;
  customerWs = await PushSocket.open(wsUrl, 'chat-device');
  agentWs = await PushSocket.open(wsUrl, 'wsa-desktop');
  sockets.push(customerWs, agentWs);
  await customerWs.subscribe(id);
  await agentWs.subscribe(id);
  await new ChatCustomer(s, id).start({ userDisplayName: 'Sam' });
  const api = agentApi(s);
  await api.post('wsb', 'login', { name: 'Other Agent' });
  await api.post('wsa', 'login', { name: 'Socket Agent', ready: true });
  await api.accept('wsa', id);
  httpAgent = new ChatAgent(s, 'wsa', id);
  // 1: the customer joined, 2: the agent joined.
  await customerWs.chatEventsUpTo(id, 2);
});

afterAll(async () => {
  for (const ws of sockets) ws.close();
  await s?.stop();
});

describe('agent-chat over the WebSocket', () => {
  it('refused frames answer an error naming the problem and change nothing', async () => {
    const before = await transcript();
    expect(before).toHaveLength(2);

    agentWs.send('not json');
    expect(await agentWs.next((f) => f.type === 'error' && f.action === null, 'bad JSON')).toEqual({
      type: 'error',
      action: null,
      message: 'The message is not JSON.',
    });

    const cases: [string, Record<string, unknown>, Json][] = [
      [
        'bad-token',
        frame('bad-token', 'send', { message: 'x', token: 'nope' }),
        { error: 'unauthorized', code: 401 },
      ],
      [
        'no-token',
        frame('no-token', 'send', { message: 'x', token: undefined }),
        { error: 'unauthorized', code: 401, parameter: 'token' },
      ],
      [
        'viewer',
        frame('viewer', 'send', { message: 'x', token: viewerToken }),
        { error: 'forbidden', code: 403 },
      ],
      // Not this agent's chat: as the agent API answers it (403).
      [
        'other-agent',
        frame('other-agent', 'send', { message: 'x', agentId: 'wsb' }),
        { error: 'forbidden', code: 403 },
      ],
      ['shout', frame('shout', 'shout'), { error: 'unknown-op', code: 400, parameter: 'op', op: 'shout' }],
      ['no-op', frame('no-op', 'send', { op: undefined }), { error: 'invalid-parameter', parameter: 'op' }],
      [
        'empty',
        frame('empty', 'send', { message: '' }),
        { error: 'invalid-parameter', code: 400, parameter: 'message' },
      ],
      [
        'long',
        frame('long', 'send', { message: 'x'.repeat(4097) }),
        { error: 'too-large', code: 413, parameter: 'message' },
      ],
      [
        'position',
        frame('position', 'read', { transcriptPosition: -1 }),
        { error: 'invalid-parameter', code: 400, parameter: 'transcriptPosition' },
      ],
      [
        'ghost',
        frame('ghost', 'send', { message: 'x', chatId: 'no-such-chat' }),
        { error: 'not-found', code: 404 },
      ],
    ];
    for (const [ref, f, expected] of cases) {
      const answer = await agentWs.agentChat({ ...f, ref });
      expect(answer, ref).toMatchObject({
        type: 'error',
        action: 'agent-chat',
        ref,
        message: expect.any(String),
        ...expected,
      });
    }
    expect(await transcript()).toEqual(before);
    expect(customerWs.chatEvents(id).map((e) => e.position)).toEqual([1, 2]);
  });

  it('the agent sends a message and typing notices, reads and disconnects; each event reaches the customer socket once', async () => {
    const sent = await agentWs.agentChat(frame('send', 'send', { message: 'Hello from the socket' }));
    expect(sent).toMatchObject({ type: 'agent-chat', op: 'send', chatId: id, ref: 'send' });
    expectChatResponse(sent.response, id);
    expect(sent.response.transcriptToShow).toEqual([
      ['Message.Text', 'Socket Agent', 'Hello from the socket', 'wsa', 'AGENT'],
    ]);
    expect(sent.response.transcriptPosition).toBe(3);

    const typing = await agentWs.agentChat(frame('typing', 'startTyping'));
    expect(typing.response.transcriptToShow).toEqual([
      ['Notice.TypingStarted', 'Socket Agent', 'is typing', 'wsa', 'AGENT'],
    ]);
    // With a position: the events after it, as over HTTP.
    const stopped = await agentWs.agentChat(frame('stopped', 'stopTyping', { transcriptPosition: 3 }));
    expect(stopped.response.transcriptToShow.map((r: Row) => r[0])).toEqual([
      'Notice.TypingStarted',
      'Notice.TypingStopped',
    ]);
    expect(stopped.response.transcriptPosition).toBe(5);

    // read answers exactly what the agent API's GET answers.
    const read = await agentWs.agentChat(frame('read', 'read', { transcriptPosition: '0' }));
    expect(read.response).toEqual(await httpAgent.transcript(0));

    const left = await agentWs.agentChat(frame('left', 'disconnect'));
    expectChatResponse(left.response, id, 'DISCONNECTED');
    expect(left.response.transcriptToShow).toEqual([
      ['Notice.Left', 'Socket Agent', 'has left the session', 'wsa', 'AGENT'],
    ]);
    expect(left.response.transcriptPosition).toBe(6);
    // As the agent API's disconnect: the callback is completed and the agent free again.
    expect(await callbackView(s, id)).toMatchObject({
      _callback_state: 'COMPLETED',
      _callback_reason: 'AGENT_CONNECTED',
    });
    expect((await agentApi(s).get('wsa')).state).toBe('READY');

    const rows = await transcript();
    expect(rows).toHaveLength(6);
    for (const ws of [customerWs, agentWs]) {
      await ws.chatEventsUpTo(id, 6);
      const pushed = ws.chatEvents(id);
      expect(pushed.map((e) => e.position).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
      for (const e of pushed) expect(e.row).toEqual(rows[e.position - 1]);
    }

    // After the end: nothing more is written, the answer says DISCONNECTED.
    const late = await agentWs.agentChat(frame('late', 'send', { message: 'anyone?' }));
    expect(late.response.chatIxnState).toBe('DISCONNECTED');
    expect(await transcript()).toEqual(rows);
  });
});
