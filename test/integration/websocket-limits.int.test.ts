import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallbackRecord } from '../../functions/domain/callback/callback-record.js';
import { MAX_SUBSCRIPTIONS_PER_CONNECTION } from '../../functions/domain/push/push-protocol.js';
import { websocketHandler, type WebSocketEvent } from '../../functions/handlers/websocket.js';
import { MAX_RECEIVE_BACKLOG_FRAMES } from '../../functions/local/websocket-server.js';
import type { ConnectionSender } from '../../functions/ports/connections.js';
import { setDeps } from '../../functions/composition/full.js';
import { PushDevice, waitFor, type Frame } from '../support/push-device.js';
import { formBody, startTestServer, type TestServer } from '../support/test-server.js';

const isAck = (f: Frame) => f.type === 'ack';

/** A `$default` event as API Gateway sends it for one frame of `connectionId`. */
function frameEvent(connectionId: string, body: unknown): WebSocketEvent {
  const now = Date.now();
  return {
    requestContext: {
      routeKey: '$default',
      eventType: 'MESSAGE',
      connectionId,
      connectedAt: now,
      requestTimeEpoch: now,
      requestId: randomUUID(),
      messageId: randomUUID(),
      stage: 'local',
      apiId: 'local',
    },
    body: JSON.stringify(body),
    isBase64Encoded: false,
  } as unknown as WebSocketEvent;
}

describe('WebSocket limits: unknown ids, subscriptions per connection, slow sockets', () => {
  let s: TestServer;
  const devices: PushDevice[] = [];

  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(async () => {
    for (const d of devices) d.socket.terminate();
    await s?.stop();
  });

  const device = async () => {
    const d = new PushDevice(s.deps.runtime.websocketUrl!);
    devices.push(d);
    await d.opened();
    return d;
  };

  /** A service session as `POST /service/{name}` leaves it, live for `ttlMs` (negative: expired). */
  async function session(ttlMs = 3600_000): Promise<string> {
    const id = `lim-${randomUUID()}`;
    const now = Date.now();
    await s.deps.sessions.put({
      id,
      service: 'request-interaction',
      serviceType: 'builtin',
      createdAt: now,
      expiresAt: now + ttlMs,
    });
    return id;
  }

  const sessions = (n: number) => Promise.all(Array.from({ length: n }, () => session()));

  /** A callback record alone, without its service session (as after a reschedule past the session's expiry). */
  async function callbackOnly(expiresAt: number): Promise<string> {
    const id = `lim-cb-${randomUUID()}`;
    const now = Date.now();
    const record: CallbackRecord = {
      id,
      service: 'cb-limits',
      state: 'SCHEDULED',
      customerNumber: '+15551234567',
      desiredTime: now + 3600_000,
      scheduled: true,
      scenario: {
        mediaType: 'voice',
        direction: 'USERTERMINATED',
        waitForAgent: true,
        waitForUserConfirm: true,
      },
      properties: { _customer_number: '+15551234567' },
      priority: 0,
      guards: [],
      createdAt: now,
      updatedAt: now,
      expiresAt,
      version: 1,
    };
    expect((await s.deps.callbacks.create(record, [])).ok).toBe(true);
    return id;
  }

  /** The connection id of a device: subscribe to a session of its own and read it back. */
  async function connectionOf(d: PushDevice): Promise<{ connectionId: string; probe: string }> {
    const probe = await session();
    expect(await d.request('subscribe', probe)).toMatchObject({ type: 'ack' });
    const [connectionId] = await s.deps.connections.subscribers(probe, Date.now());
    return { connectionId: connectionId!, probe };
  }

  /** Whether `connectionId` is among the subscribers of each id. */
  const heldBy = async (connectionId: string, ids: string[]) =>
    (await Promise.all(ids.map((id) => s.deps.connections.subscribers(id, Date.now())))).filter((ids) =>
      ids.includes(connectionId),
    ).length;

  const notify = (id: string, message: string) =>
    s.fetch(`/service/${id}/internal-notification`, formBody({ _application_message: message }));

  it('a subscription to an unknown or expired id is refused with an error frame naming it, and gets no push', async () => {
    const d = await device();
    const unknown = `no-such-session-${randomUUID()}`;
    const refusal = await d.request('subscribe', unknown);
    expect(refusal).toEqual({
      type: 'error',
      action: 'subscribe',
      parameter: 'id',
      id: unknown,
      error: 'not-found',
      message: expect.stringContaining(`'${unknown}' does not exist or has expired`),
    });
    expect(await s.deps.connections.subscribers(unknown, Date.now())).toEqual([]);

    const expired = await session(-1_000);
    expect(await d.request('subscribe', expired)).toMatchObject({
      type: 'error',
      error: 'not-found',
      id: expired,
    });
    const expiredCallback = await callbackOnly(Date.now() - 1_000);
    expect(await d.request('subscribe', expiredCallback)).toMatchObject({
      type: 'error',
      error: 'not-found',
    });
    // A callback whose reschedule carried it past its session's expiry is still followed.
    const rescheduled = await callbackOnly(Date.now() + 3600_000);
    expect(await d.request('subscribe', rescheduled)).toMatchObject({ type: 'ack', id: rescheduled });

    // Pushes to the refused ids never reach the socket: the push to a real subscription made
    // after them arrives, and nothing before it did.
    await s.deps.push.notify({ sessionId: unknown }, { tag: `service.message.${unknown}`, message: 'x' });
    await s.deps.push.notify({ sessionId: expired }, { tag: `service.message.${expired}`, message: 'y' });
    const live = await session();
    await d.request('subscribe', live);
    await s.deps.push.notify({ sessionId: live }, { tag: `service.message.${live}`, message: 'z' });
    await d.next((f) => f.type === 'notification', 'the notification of the live session');
    expect(d.frames.filter((f) => f.type === 'notification').map((f) => f.data.tag)).toEqual([
      `service.message.${live}`,
    ]);
    // Kept for poll instead, as for any session without a subscriber.
    expect((await s.deps.notifications.take(unknown, 'app', Date.now())).map((n) => n.message)).toEqual([
      'x',
    ]);
  });

  it(`${MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions succeed, the next is refused; unsubscribe frees a slot`, async () => {
    expect(MAX_SUBSCRIPTIONS_PER_CONNECTION).toBe(50);
    const d = await device();
    const ids = await sessions(52);
    const answers = await Promise.all(ids.slice(0, 50).map((id) => d.request('subscribe', id)));
    expect(answers.every(isAck)).toBe(true);

    expect(await d.request('subscribe', ids[50]!)).toEqual({
      type: 'error',
      action: 'subscribe',
      id: ids[50],
      error: 'subscription-limit',
      message: expect.stringContaining('already holds 50 subscriptions'),
    });
    expect(await s.deps.connections.subscribers(ids[50]!, Date.now())).toEqual([]);
    // Subscribing again to an id already held takes no slot and is acknowledged.
    expect(await d.request('subscribe', ids[0]!)).toMatchObject({ type: 'ack', id: ids[0] });

    expect(await d.request('unsubscribe', ids[0]!)).toMatchObject({ type: 'ack', id: ids[0] });
    expect(await d.request('subscribe', ids[50]!)).toMatchObject({ type: 'ack', id: ids[50] });
    // Unsubscribing from what the connection does not hold frees nothing.
    expect(await d.request('unsubscribe', ids[51]!)).toMatchObject({ type: 'ack', id: ids[51] });
    expect(await d.request('subscribe', ids[51]!)).toMatchObject({
      type: 'error',
      error: 'subscription-limit',
    });

    const [connectionId] = await s.deps.connections.subscribers(ids[50]!, Date.now());
    expect(await heldBy(connectionId!, ids)).toBe(50);
  });

  it('racing subscribe frames of one connection (parallel invocations, as in AWS) never exceed the limit', async () => {
    const d = await device();
    const { connectionId } = await connectionOf(d);
    const ids = await sessions(80);
    const results = await Promise.all(
      ids.map((id) => websocketHandler(frameEvent(connectionId, { action: 'subscribe', id }))),
    );
    expect(results.every((r) => r.statusCode === 200)).toBe(true);

    const answers = await Promise.all(ids.map((id) => d.answer('subscribe', id)));
    const acked = answers.filter(isAck).map((f) => f.id as string);
    const refused = answers.filter((f) => !isAck(f));
    // The probe holds one slot.
    expect(acked.length + 1).toBeLessThanOrEqual(50);
    expect(refused.every((f) => f.error === 'subscription-limit' || f.error === 'busy')).toBe(true);
    expect(refused.filter((f) => f.error === 'subscription-limit').length).toBeGreaterThan(0);
    expect(await heldBy(connectionId, ids)).toBe(acked.length);
    // Every slot not taken was lost to the limit alone, not to a wrong count.
    if (refused.every((f) => f.error === 'subscription-limit')) expect(acked.length).toBe(49);
  });

  it('the store keeps the count exact under racing subscribes and unsubscribes', async () => {
    const now = Date.now();
    const connectionId = `race-${randomUUID()}`;
    await s.deps.connections.add({ id: connectionId, connectedAt: now, expiresAt: now + 3600_000 });
    const keys = Array.from({ length: 80 }, (_, i) => `k${i}-${randomUUID()}`);
    const subscribeAll = () =>
      Promise.all(keys.map((k) => s.deps.connections.subscribe(connectionId, k, now, 50)));

    const first = await subscribeAll();
    const subscribed = first.filter((o) => o === 'subscribed').length;
    expect(subscribed).toBeLessThanOrEqual(50);
    expect(first.every((o) => o === 'subscribed' || o === 'limit' || o === 'busy')).toBe(true);
    expect(await heldBy(connectionId, keys)).toBe(subscribed);

    // Unsubscribing everything twice over, at once, frees exactly the slots that were held.
    const removed = await Promise.all(
      [...keys, ...keys].map((k) => s.deps.connections.unsubscribe(connectionId, k)),
    );
    expect(removed.filter((o) => o === 'removed').length).toBe(subscribed);
    expect(await heldBy(connectionId, keys)).toBe(0);

    const again = await subscribeAll();
    expect(again.filter((o) => o === 'subscribed').length).toBeLessThanOrEqual(50);
    expect(await heldBy(connectionId, keys)).toBe(again.filter((o) => o === 'subscribed').length);
    if (!again.includes('busy')) expect(again.filter((o) => o === 'subscribed').length).toBe(50);
  });

  it('an unsubscribe also removes a listener item whose own item is missing: no push after the ack', async () => {
    const id = await session();
    const d = await device();
    const { connectionId } = await connectionOf(d);
    expect(await d.request('subscribe', id)).toMatchObject({ type: 'ack', id });
    // The inconsistent state: fan-out's listener item (sub#id / conn#c) is there, the
    // connection's own item (conn#c / sub#id) is not.
    const table = s.deps.runtime.tables.connections;
    await s.deps.doc.send(
      new DeleteCommand({ TableName: table, Key: { pk: `conn#${connectionId}`, sk: `sub#${id}` } }),
    );
    expect(await s.deps.connections.subscribers(id, Date.now())).toEqual([connectionId]);

    expect(await s.deps.connections.unsubscribe(connectionId, id)).toBe('not-subscribed');
    const listener = await s.deps.doc.send(
      new GetCommand({
        TableName: table,
        Key: { pk: `sub#${id}`, sk: `conn#${connectionId}` },
        ConsistentRead: true,
      }),
    );
    expect(listener.Item).toBeUndefined();
    expect(await s.deps.connections.subscribers(id, Date.now())).toEqual([]);

    // The device's own unsubscribe is acknowledged, and what follows is kept for poll, not pushed.
    expect(await d.request('unsubscribe', id)).toMatchObject({ type: 'ack', id });
    expect((await notify(id, 'after-unsubscribe')).status).toBe(200);
    const polled = await s.fetch(`/service/${id}/retrieve-notifications`, { method: 'POST' });
    expect(
      ((await polled.json()) as { _internal_message: string }[]).map((m) => m._internal_message),
    ).toEqual(['after-unsubscribe']);
    d.send({ action: 'ping' });
    await d.next((f) => f.type === 'pong', 'pong after the push');
    expect(d.frames.filter((f) => f.type === 'notification')).toEqual([]);
  });

  it('a subscribe whose flush of pending notifications fails part-way puts the rest back for poll', async () => {
    const id = await session();
    const now = Date.now();
    for (const n of ['n1', 'n2', 'n3']) {
      await s.deps.notifications.add(
        id,
        'app',
        { id: n, tag: 't', message: n, createdAt: now },
        now + 60_000,
      );
    }
    const connectionId = `flush-${randomUUID()}`;
    await s.deps.connections.add({ id: connectionId, connectedAt: now, expiresAt: now + 3600_000 });
    // The ack and the first notification go out; then the sender fails as API Gateway does when
    // the client's buffer is full (LimitExceededException).
    const sent: string[] = [];
    const sockets: ConnectionSender = {
      send: async (_connection, data) => {
        if (sent.length === 2) throw new Error('LimitExceededException');
        sent.push(data);
        return 'sent';
      },
    };
    setDeps({ ...s.deps, sockets });
    try {
      expect(await websocketHandler(frameEvent(connectionId, { action: 'subscribe', id }))).toEqual({
        statusCode: 200,
      });
    } finally {
      setDeps(s.deps);
    }
    expect(sent.map((f) => JSON.parse(f).type)).toEqual(['ack', 'notification']);
    expect((await s.deps.notifications.take(id, 'app', Date.now())).map((n) => n.id)).toEqual(['n2', 'n3']);
  });

  it('a client sending frames much faster than they are handled is dropped (1008); the server goes on', async () => {
    const d = await device();
    const pad = 'p'.repeat(120_000);
    for (let i = 0; i < 40; i++) d.send({ action: 'ping', pad, i });
    expect(await d.closed).toBe(1008);
    expect(d.frames.filter((f) => f.type === 'pong').length).toBeLessThan(40);
    const other = await device();
    other.send({ action: 'ping' });
    await other.next((f) => f.type === 'pong', 'pong on a new connection');
  });

  it('a flood of tiny frames is dropped (1008) after a bounded number of frames; the server goes on', async () => {
    const d = await device();
    const { connectionId } = await connectionOf(d);
    let handled = 0;
    const sockets: ConnectionSender = {
      send: (connection, data) => {
        if (connection === connectionId && data.includes('"pong"')) handled++;
        return s.deps.sockets.send(connection, data);
      },
    };
    const frames = 20_000;
    setDeps({ ...s.deps, sockets });
    try {
      // Each frame is far below the byte limit, and all of them together are too.
      for (let i = 0; i < frames; i++) d.send({ action: 'ping' });
      const code = await Promise.race([
        d.closed,
        waitFor(() => d.frames.filter((f) => f.type === 'pong').length === frames, 'every pong').then(
          () => 'never closed',
        ),
      ]);
      expect(code).toBe(1008);
      // Its $disconnect runs after the frames it had queued: once it is gone, all were handled.
      await waitFor(
        async () => !(await s.deps.connections.get(connectionId, Date.now())),
        'the flooding connection to be gone',
      );
    } finally {
      setDeps(s.deps);
    }
    expect(handled).toBeGreaterThan(0);
    expect(handled).toBeLessThanOrEqual(2 * MAX_RECEIVE_BACKLOG_FRAMES);
    const other = await device();
    other.send({ action: 'ping' });
    await other.next((f) => f.type === 'pong', 'pong on a new connection');
  });

  it('a flood to a socket that stopped reading: the server drops it, memory stays bounded, poll keeps the notifications', async () => {
    const id = await session();
    const d = await device();
    const { connectionId } = await connectionOf(d);
    expect(await d.request('subscribe', id)).toMatchObject({ type: 'ack' });
    // The client stops reading: its TCP receive window fills, then the server's send backlog grows.
    (d.socket as unknown as { _socket: Socket })._socket.pause();

    const payload = 'x'.repeat(16_000);
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    let sent = 0;
    const isDropped = async () => !(await s.deps.connections.get(connectionId, Date.now()));
    while (!(await isDropped())) {
      expect(sent, 'the server never dropped the slow socket').toBeLessThan(4_000);
      const batch = await Promise.all(
        Array.from({ length: 16 }, (_, i) => notify(id, `${sent + i}:${payload}`)),
      );
      expect(batch.map((r) => r.status)).toEqual(Array(16).fill(200));
      sent += 16;
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }
    expect(sent).toBeGreaterThan(0);
    expect(rssPeak - rssBefore).toBeLessThan(64 * 1024 * 1024);

    // Once dropped, its subscriptions are gone and what follows waits for poll.
    expect(await s.deps.connections.subscribers(id, Date.now())).toEqual([]);
    const after = Array.from({ length: 20 }, (_, i) => `after-${i}`);
    for (const m of after) expect((await notify(id, m)).status).toBe(200);
    const polled = await s.fetch(`/service/${id}/retrieve-notifications`, { method: 'POST' });
    expect(polled.status).toBe(200);
    const messages = ((await polled.json()) as { _internal_message: string }[]).map(
      (m) => m._internal_message,
    );
    expect(messages.slice(-20)).toEqual(after);
    // The notification that found the backlog full was refused (410) and kept for poll too.
    expect(messages.length).toBeGreaterThan(20);
    expect(messages[0]).toMatch(/^\d+:x+$/);

    // The client, reading again, finds its socket closed by the server.
    (d.socket as unknown as { _socket: Socket })._socket.resume();
    expect(await d.closed).not.toBe(1000);
  });
});
