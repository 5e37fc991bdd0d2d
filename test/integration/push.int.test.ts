import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GetConnectionCommand,
  GoneException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  HttpCallbackSender,
  LOCAL_DEV_PUSH_SECRET,
} from '../../functions/adapters/push/http-callback-sender.js';
import { PushDispatcher } from '../../functions/adapters/push/push-dispatcher.js';
import type { CallbackRecord } from '../../functions/domain/callback/callback-record.js';
import { verifySignature } from '../../functions/domain/push/webhook-signature.js';
import { attachLocalWebSocket } from '../../functions/local/websocket-server.js';
import type { PushPort } from '../../functions/ports/push.js';
import { PushDevice, waitFor } from '../support/push-device.js';
import { formBody, jsonBody, startTestServer, type TestServer } from '../support/test-server.js';

/** A device's httpcb endpoint on this machine: records each POST, answers `status()`. */
async function startReceiver(status: () => number) {
  const received: { headers: IncomingMessage['headers']; body: string }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(status()).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/gms-push`;
  return { url, received, stop: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('Push: WebSocket (comet), httpcb, poll and notification requests', () => {
  let s: TestServer;
  let wsUrl: string;
  let seq = 0;
  const devices: PushDevice[] = [];

  beforeAll(async () => {
    s = await startTestServer();
    wsUrl = s.deps.runtime.websocketUrl!;
  });
  afterAll(async () => {
    for (const d of devices) d.socket.terminate();
    await s?.stop();
  });

  const device = async (url = wsUrl, options: { autoPong?: boolean } = {}) => {
    const d = new PushDevice(url, options);
    devices.push(d);
    await d.opened();
    return d;
  };

  /** A live service session, as `POST /service/{name}` leaves it. */
  async function session(): Promise<string> {
    const id = `push-${Date.now()}-${++seq}`;
    const now = Date.now();
    await s.deps.sessions.put({
      id,
      service: 'request-interaction',
      serviceType: 'builtin',
      createdAt: now,
      expiresAt: now + 3600_000,
    });
    return id;
  }

  /** A callback session whose device asked for a push channel. */
  async function callbackSession(properties: Record<string, string>): Promise<string> {
    const id = `cb-${Date.now()}-${++seq}`;
    const now = Date.now();
    const record: CallbackRecord = {
      id,
      service: 'cb-push',
      state: 'QUEUED',
      customerNumber: '+15551234567',
      desiredTime: now,
      scheduled: false,
      scenario: {
        mediaType: 'voice',
        direction: 'USERTERMINATED',
        waitForAgent: true,
        waitForUserConfirm: true,
      },
      properties: { _customer_number: '+15551234567', ...properties },
      priority: 0,
      guards: [],
      createdAt: now,
      updatedAt: now,
      expiresAt: now + 3600_000,
      version: 1,
    };
    const created = await s.deps.callbacks.create(record, []);
    expect(created.ok).toBe(true);
    return id;
  }

  const agentAvailable = (id: string) => ({
    tag: `service.agentavailable.${id}`,
    message: { _action: 'ConnectCall', _id: id },
  });

  const pending = (id: string) => s.deps.notifications.take(id, 'app', Date.now());

  describe('WebSocket', () => {
    it('a subscribed device receives a notification sent through the PushPort, and nothing waits for poll', async () => {
      const id = await session();
      const d = await device();
      await d.subscribe(id);
      await s.deps.push.notify({ sessionId: id, deviceOs: 'comet' }, agentAvailable(id));
      const frame = await d.next((f) => f.type === 'notification', 'the notification');
      expect(frame).toEqual({
        type: 'notification',
        channel: '/_genesys',
        data: { id: expect.stringMatching(/^[0-9a-f]{32}$/), ...agentAvailable(id) },
      });
      expect(await pending(id)).toEqual([]);
      await d.close();
    });

    it('answers ping, unsubscribe and bad frames on the connection', async () => {
      const id = await session();
      const d = await device();
      d.send({ action: 'ping' });
      await d.next((f) => f.type === 'pong', 'pong');
      d.send('not json');
      expect(await d.next((f) => f.type === 'error', 'error frame')).toEqual({
        type: 'error',
        action: null,
        message: 'The message is not JSON.',
      });
      d.send({ action: 'subscribe' });
      expect(await d.next((f) => f.type === 'error' && f.parameter === 'id', 'id error')).toMatchObject({
        action: 'subscribe',
        parameter: 'id',
      });
      await d.subscribe(id);
      d.send({ action: 'unsubscribe', id });
      await d.next((f) => f.type === 'ack' && f.action === 'unsubscribe', 'unsubscribe ack');
      expect(await s.deps.connections.subscribers(id, Date.now())).toEqual([]);
      await s.deps.push.notify({ sessionId: id, deviceOs: 'comet' }, agentAvailable(id));
      expect(d.frames.filter((f) => f.type === 'notification')).toEqual([]);
      expect((await pending(id)).map((n) => n.tag)).toEqual([`service.agentavailable.${id}`]);
      await d.close();
    });

    it('reconnect + resubscribe: what came while the device was away is delivered after the ack', async () => {
      const id = await session();
      const first = await device();
      await first.subscribe(id);
      const [connectionId] = await s.deps.connections.subscribers(id, Date.now());
      expect(connectionId).toBeDefined();
      await first.close();
      // $disconnect removed the connection and its subscription.
      await waitFor(
        async () => (await s.deps.connections.subscribers(id, Date.now())).length === 0,
        '$disconnect',
      );
      expect(await s.deps.connections.get(connectionId!, Date.now())).toBeUndefined();

      await s.deps.push.notify({ sessionId: id, deviceOs: 'comet' }, agentAvailable(id));

      const second = await device();
      await second.subscribe(id);
      const frame = await second.next((f) => f.type === 'notification', 'the pending notification');
      expect(frame.data).toMatchObject(agentAvailable(id));
      const ackIndex = second.frames.findIndex((f) => f.type === 'ack');
      expect(second.frames.indexOf(frame)).toBeGreaterThan(ackIndex);
      expect(await pending(id)).toEqual([]);
      await second.close();
    });

    it('a stale connection (gone without $disconnect) gets 410 Gone: it is removed and the notification kept for poll', async () => {
      const id = await session();
      const now = Date.now();
      await s.deps.connections.add({ id: 'vanished=', connectedAt: now, expiresAt: now + 3600_000 });
      expect(await s.deps.connections.subscribe('vanished=', id, now, 50)).toBe('subscribed');
      await s.deps.push.notify({ sessionId: id, deviceOs: 'comet' }, agentAvailable(id));
      expect(await s.deps.connections.get('vanished=', Date.now())).toBeUndefined();
      expect(await s.deps.connections.subscribers(id, Date.now())).toEqual([]);
      expect((await pending(id)).map((n) => n.message)).toEqual([agentAvailable(id).message]);
    });

    it('a subscribe after the connection record is gone is refused, telling the device to reconnect', async () => {
      const id = await session();
      const d = await device();
      // The connection item expired (TTL) or a $disconnect raced, while the socket is still open.
      await s.deps.connections.remove(await findOwnConnection(d));
      d.send({ action: 'subscribe', id });
      expect(await d.next((f) => f.type === 'error' && f.action === 'subscribe', 'refusal')).toMatchObject({
        message: expect.stringMatching(/reconnect/),
      });
      expect(await s.deps.connections.subscribers(id, Date.now())).toEqual([]);
      await d.close();
    });

    /** The connection id of a device: subscribe to a probe key and read it back. */
    async function findOwnConnection(d: PushDevice): Promise<string> {
      const probe = await session();
      await d.subscribe(probe);
      const [id] = await s.deps.connections.subscribers(probe, Date.now());
      return id!;
    }

    it('the management API answers the unchanged AWS SDK client: Get, Post, Delete, 410 GoneException', async () => {
      const client = new ApiGatewayManagementApiClient({
        region: 'us-east-1',
        endpoint: s.deps.runtime.websocketManagementUrl,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      });
      try {
        const d = await device();
        const connectionId = await findOwnConnection(d);
        const info = await client.send(new GetConnectionCommand({ ConnectionId: connectionId }));
        expect(info.ConnectedAt).toBeInstanceOf(Date);
        expect(info.Identity?.SourceIp).toBe('127.0.0.1');
        await client.send(
          new PostToConnectionCommand({ ConnectionId: connectionId, Data: Buffer.from('{"x":1}') }),
        );
        await d.next((f) => f.x === 1, 'the posted frame');
        await client.send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
        await d.closed;
        await waitFor(
          async () => !(await s.deps.connections.get(connectionId, Date.now())) || undefined,
          '$disconnect',
        );
        const gone = await client
          .send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: Buffer.from('x') }))
          .catch((e: unknown) => e);
        expect(gone).toBeInstanceOf(GoneException);
      } finally {
        client.destroy();
      }
    });

    it('$connect stores gms_user from the query string', async () => {
      const d = await device(`${wsUrl}?gms_user=alice`);
      const id = await findOwnConnection(d);
      expect(await s.deps.connections.get(id, Date.now())).toMatchObject({ id, gmsUser: 'alice' });
      await d.close();
    });
  });

  describe('httpcb', () => {
    it('POSTs {id, message, tag} signed with X-GMS-Signature to the device URL', async () => {
      const receiver = await startReceiver(() => 200);
      try {
        const id = await session();
        await s.deps.push.notify(
          { sessionId: id, deviceOs: 'httpcb', deviceNotificationId: receiver.url },
          agentAvailable(id),
        );
        expect(receiver.received).toHaveLength(1);
        const [post] = receiver.received;
        expect(post!.headers['content-type']).toMatch(/^application\/json/);
        const body = JSON.parse(post!.body);
        expect(body).toEqual({ id: expect.stringMatching(/^[0-9a-f]{32}$/), ...agentAvailable(id) });
        expect(
          verifySignature(LOCAL_DEV_PUSH_SECRET, post!.body, post!.headers['x-gms-signature'] as string),
        ).toBe(true);
        expect(
          verifySignature('another secret', post!.body, post!.headers['x-gms-signature'] as string),
        ).toBe(false);
        expect(await pending(id)).toEqual([]);
      } finally {
        await receiver.stop();
      }
    });

    it('a failing target is retried through the work queue, then given up and kept for poll', async () => {
      const receiver = await startReceiver(() => 500);
      // The same dispatcher as in production with a fast schedule, so the test does not wait a minute.
      const original: PushPort = s.deps.push;
      s.deps.push = new PushDispatcher(() => s.deps, {
        webhook: new HttpCallbackSender({ secret: async () => LOCAL_DEV_PUSH_SECRET }),
        allowPrivateWebhooks: true,
        retry: { maxAttempts: 3, baseMs: 10, maxDelayMs: 100 },
      });
      try {
        const id = await session();
        await s.deps.push.notify(
          { sessionId: id, deviceOs: 'httpcb', deviceNotificationId: receiver.url },
          agentAvailable(id),
        );
        const stored = await waitFor(async () => {
          const taken = await pending(id);
          return taken.length > 0 ? taken : undefined;
        }, 'the notification given up and stored');
        expect(receiver.received).toHaveLength(3);
        const bodies = new Set(receiver.received.map((r) => r.body));
        expect(bodies.size).toBe(1);
        expect(stored.map((n) => n.message)).toEqual([agentAvailable(id).message]);
        expect(stored[0]!.id).toBe(JSON.parse(receiver.received[0]!.body).id);
      } finally {
        s.deps.push = original;
        await receiver.stop();
      }
    });

    it('a target that recovers gets the notification on a retry and nothing is stored', async () => {
      const receiver = await startReceiver(() => (receiver.received.length < 2 ? 503 : 200));
      const original: PushPort = s.deps.push;
      s.deps.push = new PushDispatcher(() => s.deps, {
        webhook: new HttpCallbackSender({ secret: async () => LOCAL_DEV_PUSH_SECRET }),
        allowPrivateWebhooks: true,
        retry: { maxAttempts: 5, baseMs: 10, maxDelayMs: 100 },
      });
      try {
        const id = await session();
        await s.deps.push.notify(
          { sessionId: id, deviceOs: 'httpcb', deviceNotificationId: receiver.url },
          agentAvailable(id),
        );
        await waitFor(() => receiver.received.length >= 2 || undefined, 'the second attempt');
        expect(receiver.received).toHaveLength(2);
        expect(await pending(id)).toEqual([]);
      } finally {
        s.deps.push = original;
        await receiver.stop();
      }
    });
  });

  describe('notification requests', () => {
    it('internal-notification with a WebSocket subscriber: pushed, and retrieve-notifications answers []', async () => {
      const id = await session();
      const d = await device();
      await d.subscribe(id);
      const res = await s.fetch(
        `/service/${id}/internal-notification`,
        formBody({
          _display_message: 'Message to be displayed to user',
          _application_message: 'MESSAGE_FOR_MOBILE_APP_INTERNAL_USE',
        }),
      );
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ message: 'Notification Sent' });
      const frame = await d.next((f) => f.type === 'notification', 'internal notification');
      expect(frame.data).toEqual({
        id: expect.any(String),
        tag: `service.message.${id}`,
        message: {
          _internal_message: 'MESSAGE_FOR_MOBILE_APP_INTERNAL_USE',
          _id: id,
          _display_message: 'Message to be displayed to user',
        },
      });
      const retrieved = await s.fetch(`/service/${id}/retrieve-notifications`, {
        method: 'POST',
        body: new FormData(),
      });
      expect(retrieved.status).toBe(200);
      expect(await retrieved.json()).toEqual([]);
      await d.close();
    });

    it('poll mode: retrieve-notifications returns the pending messages once, then []', async () => {
      const id = await session();
      for (const text of ['first', 'second']) {
        const res = await s.fetch(
          `/service/${id}/internal-notification`,
          jsonBody({ _display_message: text }),
        );
        expect(res.status).toBe(200);
      }
      const first = await s.fetch(`/service/${id}/retrieve-notifications`, { method: 'POST' });
      expect(await first.json()).toEqual([
        { _id: id, _display_message: 'first' },
        { _id: id, _display_message: 'second' },
      ]);
      const again = await s.fetch(`/service/${id}/retrieve-notifications`);
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual([]);
    });

    it('internal-notification on an httpcb callback session POSTs to its _device_notification_id', async () => {
      const receiver = await startReceiver(() => 200);
      try {
        const id = await callbackSession({ _device_os: 'httpcb', _device_notification_id: receiver.url });
        const res = await s.fetch(
          `/service/${id}/internal-notification`,
          formBody({ _application_message: 'wake' }),
        );
        expect(res.status).toBe(200);
        expect(receiver.received).toHaveLength(1);
        expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({
          tag: `service.message.${id}`,
          message: { _id: id, _internal_message: 'wake' },
        });
        expect(await (await s.fetch(`/service/${id}/retrieve-notifications`)).json()).toEqual([]);
      } finally {
        await receiver.stop();
      }
    });

    it("agent-notification is kept for retrieve-agent-notifications in the seed's shape", async () => {
      const id = await session();
      const sent = await s.fetch(
        `/service/${id}/agent-notification`,
        formBody({
          _display_message: 'Message to be displayed to agent',
          _application_message: 'MESSAGE_FOR_AGENT_DESKTOP_INTERNAL_USE',
        }),
      );
      expect(sent.status).toBe(200);
      expect(await sent.json()).toEqual({ message: 'Notification Sent' });
      // Agent-bound messages never go to the app.
      expect(await (await s.fetch(`/service/${id}/retrieve-notifications`)).json()).toEqual([]);
      const res = await s.fetch(`/service/${id}/retrieve-agent-notifications`, { method: 'POST' });
      expect(res.status).toBe(200);
      const items = await res.json();
      expect(items).toEqual([{ message: expect.any(String), tag: `agent.message.${id}` }]);
      // The seed's JSON text, key order included.
      expect(items[0].message).toBe(
        `{"_id":"${id}","_internal_message":"MESSAGE_FOR_AGENT_DESKTOP_INTERNAL_USE","_display_message":"Message to be displayed to agent"}`,
      );
      expect(JSON.parse(items[0].message)).toEqual({
        _id: id,
        _internal_message: 'MESSAGE_FOR_AGENT_DESKTOP_INTERNAL_USE',
        _display_message: 'Message to be displayed to agent',
      });
      expect(await (await s.fetch(`/service/${id}/retrieve-agent-notifications`)).json()).toEqual([]);
    });

    it('agent-notification beyond 100 pending -> 409; the 100 are retrieved in order', async () => {
      const id = await session();
      for (let i = 0; i < 100; i++) {
        const res = await s.fetch(
          `/service/${id}/agent-notification`,
          jsonBody({ _display_message: `m${i}` }),
        );
        expect(res.status).toBe(200);
      }
      const full = await s.fetch(
        `/service/${id}/agent-notification`,
        jsonBody({ _display_message: 'one too many' }),
      );
      expect(full.status).toBe(409);
      expect((await full.json()).message).toMatch(/100 notifications/);
      const items = await (await s.fetch(`/service/${id}/retrieve-agent-notifications`)).json();
      expect(items.map((i: { message: string }) => JSON.parse(i.message)._display_message)).toEqual(
        Array.from({ length: 100 }, (_, i) => `m${i}`),
      );
    });

    it.each([
      ['POST', 'internal-notification'],
      ['POST', 'retrieve-notifications'],
      ['GET', 'retrieve-notifications'],
      ['POST', 'agent-notification'],
      ['POST', 'retrieve-agent-notifications'],
      ['GET', 'retrieve-agent-notifications'],
    ])('%s %s on an unknown session -> 404', async (method, request) => {
      const res = await s.fetch(
        `/service/no-such-session/${request}`,
        method === 'POST' ? formBody({ _display_message: 'hi' }) : {},
      );
      expect(res.status).toBe(404);
      const body = await res.json();
      expect(body.code).toBe(404);
      expect(body.message).toBe('Session no-such-session does not exist or has expired.');
    });

    it('bad input -> 400 naming the parameter', async () => {
      const id = await session();
      const empty = await s.fetch(`/service/${id}/internal-notification`, formBody({ other: 'x' }));
      expect(empty.status).toBe(400);
      expect((await empty.json()).parameter).toBe('_display_message');

      const notText = await s.fetch(`/service/${id}/agent-notification`, jsonBody({ _display_message: 5 }));
      expect(notText.status).toBe(400);
      expect((await notText.json()).parameter).toBe('_display_message');

      const badId = await s.fetch(`/service/${encodeURIComponent('a b')}/retrieve-notifications`);
      expect(badId.status).toBe(400);
      expect((await badId.json()).parameter).toBe('id');

      const tooLong = await s.fetch(
        `/service/${id}/internal-notification`,
        jsonBody({ _display_message: 'x'.repeat(5000) }),
      );
      expect(tooLong.status).toBe(400);
      expect((await tooLong.json()).parameter).toBe('_display_message');
    });
  });
});

describe('Local WebSocket server heartbeat', () => {
  it('drops a client that stops answering pings and runs $disconnect for it', async () => {
    const events: { routeKey: string; connectionId: string }[] = [];
    const server = createServer((_req, res) => res.writeHead(404).end());
    const ws = attachLocalWebSocket(server, {
      handler: async (e) => {
        events.push({ routeKey: e.requestContext.routeKey, connectionId: e.requestContext.connectionId });
        return { statusCode: 200 };
      },
      // Short enough for a test, long enough that a live client always answers in time.
      heartbeatMs: 200,
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const alive = new PushDevice(ws.url());
      const dead = new PushDevice(ws.url(), { autoPong: false });
      await Promise.all([alive.opened(), dead.opened()]);
      await waitFor(() => ws.connectionIds().length === 2 || undefined, 'two connections');
      await dead.closed;
      await waitFor(() => events.some((e) => e.routeKey === '$disconnect') || undefined, '$disconnect');
      const connects = events.filter((e) => e.routeKey === '$connect').map((e) => e.connectionId);
      const disconnects = events.filter((e) => e.routeKey === '$disconnect').map((e) => e.connectionId);
      expect(connects).toHaveLength(2);
      expect(disconnects).toHaveLength(1);
      // The live client answered every ping and is still there.
      expect(ws.connectionIds()).toHaveLength(1);
      expect(alive.socket.readyState).toBe(WebSocket.OPEN);
      expect(disconnects[0]).not.toBe(ws.connectionIds()[0]);
      alive.socket.close();
      await alive.closed;
    } finally {
      await ws.close();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('a $connect handler answering non-2xx refuses the upgrade', async () => {
    const server = createServer((_req, res) => res.writeHead(404).end());
    const ws = attachLocalWebSocket(server, { handler: async () => ({ statusCode: 401 }) });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const client = new WebSocket(ws.url());
      const status = await new Promise<number | undefined>((resolve) => {
        client.on('unexpected-response', (_req, res) => resolve(res.statusCode));
        client.on('open', () => resolve(undefined));
        client.on('error', () => undefined);
      });
      expect(status).toBe(401);
      expect(ws.connectionIds()).toEqual([]);
    } finally {
      await ws.close();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
