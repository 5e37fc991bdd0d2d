import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultServiceOptions } from '../../functions/domain/service-template.js';
import { builtinTemplate } from '../../functions/domain/templates/index.js';
import { agentApi, ChatAgent, ChatCustomer, until, type Json } from '../support/chat-client.js';
import { CometClient, type CometTransport } from '../support/comet-client.js';
import { formBody, jsonBody, startTestServer, type TestServer } from '../support/test-server.js';

/**
 * Issue 10: GMS clients written for CometD. The real `cometd` client (with the
 * `cometd-nodejs-client` adapter) talks to `/genesys/cometd` on the local runtime, over WebSocket
 * and over long-polling, and receives what today's WebSocket subscribers receive.
 */
describe.each<{ transport: CometTransport; identify: 'header' | 'ext' }>([
  { transport: 'websocket', identify: 'ext' },
  { transport: 'long-polling', identify: 'header' },
])('CometD over $transport (gms_user by $identify)', ({ transport, identify }) => {
  let s: TestServer;
  let cometUrl: string;
  const clients: CometClient[] = [];
  let n = 0;
  const customerNumber = () => `5559${String(++n).padStart(6, '0')}`;

  const open = async (user: string) => {
    const c = await CometClient.open(cometUrl, transport, user, identify);
    clients.push(c);
    expect(c.transport).toBe(transport);
    return c;
  };

  beforeAll(async () => {
    // Short holds: a long-polling connect answers within 300 ms, a WebSocket heartbeat every 500 ms.
    s = await startTestServer({
      dialDelayMs: 50,
      cometd: { holdMs: 300, intervalMs: 0, websocketIntervalMs: 500 },
    });
    cometUrl = `${s.url}/cometd`;
    const put = async (path: string, body: unknown) => {
      const res = await s.admin(path, jsonBody(body, 'PUT'));
      expect(res.status, await res.clone().text()).toBe(200);
    };
    await put('/admin/resources/DNIS', { dnis1: '6504200001', dnis2: '6504200002' });
    const template = builtinTemplate('callback')!;
    await put('/admin/services/cd-uod', {
      ...defaultServiceOptions(template, 'User-Originated-Delayed'),
      _target: 'CUOD@StatServer.GA',
    });
    await put('/admin/services/cd-chi', {
      ...defaultServiceOptions(template, 'Chat-Immediate'),
      _target: 'CCHI@StatServer.GA',
    });
  });
  afterAll(async () => {
    for (const c of clients) await c.close();
    await s?.stop();
  });

  it('User-Originated-Delayed: the agent-available push reaches the client of the gms_user; nothing waits for poll', async () => {
    const user = `uod-${transport}`;
    const comet = await open(user);
    // The server holds the client as the transport it uses: a WebSocket connection, or none.
    const stored = await s.deps.bayeux.get(comet.clientId, s.deps.clock.now());
    expect(stored).toMatchObject({ gmsUser: user, subscriptions: ['/_genesys'] });
    expect(stored?.connectionId !== undefined).toBe(transport === 'websocket');
    const res = await s.fetch('/service/callback/cd-uod', {
      ...jsonBody({ _customer_number: customerNumber(), _device_os: 'comet' }),
      headers: { 'content-type': 'application/json', gms_user: user },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const id = (await res.json())._id as string;
    // Someone else's client must not get it.
    const other = await open(`${user}-other`);

    await agentApi(s).post(`uod-agent-${transport}`, 'login', { groups: ['CUOD'], ready: true });
    const pushed = await comet.next(`service.agentavailable.${id}`);
    expect(pushed.channel).toBe('/_genesys');
    expect(pushed.data).toEqual({
      id: expect.any(String),
      tag: `service.agentavailable.${id}`,
      message: { _action: 'ConnectCall', _id: id },
    });
    expect((pushed.data as Json).id).not.toBe(id);
    const polled = await s.fetch(`/service/${id}/retrieve-notifications`, { method: 'POST' });
    expect(await polled.json()).toEqual([]);
    expect(other.messages).toEqual([]);
    expect(
      comet.messages.filter((m) => (m.data as Json).tag === `service.agentavailable.${id}`),
    ).toHaveLength(1);
  });

  it('Chat: StartChat gives the CometD URL, the start answers comet_channel /_genesys, the agent message arrives', async () => {
    const user = `chat-${transport}`;
    const comet = await open(user);
    const created = await s.fetch('/service/callback/cd-chi', {
      ...jsonBody({ _customer_number: customerNumber(), subject: 'Loans' }),
      headers: { 'content-type': 'application/json', gms_user: user },
    });
    expect(created.status, await created.clone().text()).toBe(200);
    const dialog = await created.json();
    expect(dialog).toMatchObject({ _action: 'StartChat', _comet_url: cometUrl, _user_header: user });
    const id = dialog._id as string;

    const customer = new ChatCustomer(s, id);
    expect(await customer.start({ firstName: 'Jane', notify_by: 'comet' })).toEqual({
      _id: id,
      comet_channel: '/_genesys',
    });
    const api = agentApi(s);
    const agentId = `chat-agent-${transport}`;
    await api.post(agentId, 'login', { name: 'Alex Agent', groups: ['CCHI'], ready: true });
    await api.accept(agentId, id);
    await new ChatAgent(s, agentId, id).send('Hi Jane, how can I help?');

    const message = await comet.next(`service.chat.refresh.${id}`, (m) =>
      ((m.data as Json).message.transcriptToShow as string[][]).some(
        (row) => row[2] === 'Hi Jane, how can I help?',
      ),
    );
    expect(message.channel).toBe('/_genesys');
    expect((message.data as Json).message).toMatchObject({
      chatSessionId: id,
      transcriptToShow: [
        ['Message.Text', 'Alex Agent', 'Hi Jane, how can I help?', expect.any(String), 'AGENT'],
      ],
    });
  });

  it('reconnect: a client the server dropped handshakes again, subscribes again and receives internal-notification', async () => {
    const user = `again-${transport}`;
    const comet = await open(user);
    // No agent of CUOD is READY any more: the callback waits, its session is live.
    const res = await s.fetch('/service/callback/cd-uod', {
      ...jsonBody({ _customer_number: customerNumber() }),
      headers: { 'content-type': 'application/json', gms_user: user },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const id = (await res.json())._id as string;

    const first = comet.clientId;
    await s.deps.bayeux.remove(first);
    await until(
      async () => comet.subscriptions,
      (count) => count >= 2,
      'the second subscription after the server forgot the client',
    );
    expect(comet.handshakes).toBe(2);
    expect(comet.clientId).not.toBe(first);
    expect(comet.metaReplies).toContainEqual(
      expect.objectContaining({
        channel: '/meta/connect',
        successful: false,
        error: '402::Unknown client',
        advice: expect.objectContaining({ reconnect: 'handshake' }),
      }),
    );

    const sent = await s.fetch(
      `/service/${id}/internal-notification`,
      formBody({ _display_message: 'Your agent says hi', _application_message: 'hello' }),
    );
    expect(sent.status, await sent.clone().text()).toBe(200);
    const pushed = await comet.next(`service.message.${id}`);
    expect((pushed.data as Json).message).toEqual({
      _id: id,
      _internal_message: 'hello',
      _display_message: 'Your agent says hi',
    });
  });
});
