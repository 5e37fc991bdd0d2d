import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemoryOperationalMetrics } from '../../functions/adapters/operational-metrics/in-memory-operational-metrics.js';
import { LOCAL_DEV_PUSH_SECRET } from '../../functions/adapters/push/http-callback-sender.js';
import { verifySignature } from '../../functions/domain/push/webhook-signature.js';
import { ManualClock } from '../support/manual-clock.js';
import { PushDevice, waitFor } from '../support/push-device.js';
import { formBody, jsonBody, startTestServer, type TestServer } from '../support/test-server.js';

/** An httpcb receiver on this machine: records each POST, answers `status`. */
async function startReceiver(status = 200) {
  const received: { headers: IncomingMessage['headers']; body: string }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/gms-notify`;
  return { url, received, stop: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('Notification API: subscribe, publish, unsubscribe', () => {
  const clock = new ManualClock(Date.parse('2026-11-23T12:00:00.000Z'));
  let s: TestServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const devices: PushDevice[] = [];
  let seq = 0;
  const tag = () => `ors.contact.${Date.now()}-${++seq}`;

  beforeAll(async () => {
    s = await startTestServer({ clock });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    for (const d of devices) d.socket.terminate();
    await receiver?.stop();
    await s?.stop();
  });

  const subscribe = (body: unknown, init: RequestInit = jsonBody(body)) =>
    s.fetch('/notification/subscription', init);
  const publish = (body: unknown) => s.admin('/notification/publish', jsonBody(body));
  const httpcb = (filter: string, extra: Record<string, unknown> = {}) => ({
    subscriberId: 'app-1',
    filter,
    providerName: 'GMS',
    notificationDetails: { deviceId: receiver.url, type: 'httpcb', properties: { debug: true } },
    expire: 300,
    ...extra,
  });
  const received = (t: string) =>
    receiver.received.filter((r) => (JSON.parse(r.body) as { tag: string }).tag === t);

  it('subscribes with JSON and answers the id; GET shows the subscription without its authorization', async () => {
    const filter = tag();
    const res = await subscribe(httpcb(filter, { authorization: 'ZGVtbzo=' }));
    expect(res.status).toBe(200);
    const { id } = await res.json();
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    const got = await s.fetch(`/notification/subscription/${id}`);
    expect(got.status).toBe(200);
    expect(await got.json()).toEqual({
      id,
      subscriberId: 'app-1',
      filter,
      providerName: 'GMS',
      notificationDetails: { deviceId: receiver.url, type: 'httpcb', properties: { debug: 'true' } },
      expire: 300,
    });
  });

  it('answers 415 to text/plain, form data and a missing Content-Type', async () => {
    const text = await subscribe(null, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify(httpcb(tag())),
    });
    expect(text.status).toBe(415);
    expect((await text.json()).exception).toBe('com.genesyslab.gsg.services.UnsupportedMediaTypeException');
    const form = await subscribe(null, formBody({ subscriberId: 'a', filter: tag() }));
    expect(form.status).toBe(415);
    const none = await subscribe(null, { method: 'POST', body: new Uint8Array(0) });
    expect(none.status).toBe(415);
    const publishForm = await s.admin('/notification/publish', formBody({ tag: 'x', message: 'y' }));
    expect(publishForm.status).toBe(415);
  });

  it('answers 400 naming the parameter for missing or bad members and bad JSON', async () => {
    const cases: [unknown, string][] = [
      [{ ...httpcb(tag()), subscriberId: undefined }, 'subscriberId'],
      [{ ...httpcb(tag()), filter: undefined }, 'filter'],
      [{ ...httpcb(tag()), filter: 'has space' }, 'filter'],
      [{ ...httpcb(tag()), notificationDetails: undefined }, 'notificationDetails'],
      [{ ...httpcb(tag()), expire: -5 }, 'expire'],
      [{ ...httpcb(tag()), expire: 1.5 }, 'expire'],
      [{ ...httpcb(tag()), expire: 'soon' }, 'expire'],
      [{ ...httpcb(tag()), expire: 31 * 24 * 3600 }, 'expire'],
    ];
    for (const [body, parameter] of cases) {
      const res = await subscribe(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const error = await res.json();
      expect(error.parameter, JSON.stringify(error)).toBe(parameter);
    }
    const bad = await subscribe(null, { ...jsonBody(null), body: '{"subscriberId": ' });
    expect(bad.status).toBe(400);
  });

  it('refuses a websocket deviceId that is not a session id, and an httpcb deviceId that is not a URL', async () => {
    for (const [type, deviceId] of [
      ['websocket', 'not a session id'],
      ['httpcb', 'not-a-url'],
      ['httpcb', 'ftp://example.com/x'],
    ]) {
      const res = await subscribe({ ...httpcb(tag()), notificationDetails: { type, deviceId } });
      expect(res.status, deviceId).toBe(400);
      expect((await res.json()).parameter).toBe('notificationDetails.deviceId');
    }
  });

  it('a filter holds at most 100 live subscriptions (409 beyond); one that ended frees its place', async () => {
    const t = tag();
    const ids: string[] = [];
    for (let i = 0; i < 100; i++) {
      await s.deps.notificationSubscriptions.put({
        id: `cap-${seq}-${i}`,
        subscriberId: 'app',
        filter: t,
        device: { type: 'httpcb', deviceId: receiver.url },
        createdAt: clock.now(),
        expiresAt: clock.now() + 600_000,
      });
      ids.push(`cap-${seq}-${i}`);
    }
    const full = await subscribe(httpcb(t));
    expect(full.status).toBe(409);
    expect((await full.json()).message).toContain('100 live subscriptions');
    expect((await s.fetch(`/notification/subscription/${ids[0]!}`, { method: 'DELETE' })).status).toBe(200);
    expect((await subscribe(httpcb(t))).status).toBe(200);
  });

  it('refuses a channel type no channel delivers, listing the supported ones', async () => {
    const res = await subscribe({
      ...httpcb(tag()),
      notificationDetails: { deviceId: 'x', type: 'carrier-pigeon' },
    });
    expect(res.status).toBe(400);
    const error = await res.json();
    expect(error.parameter).toBe('notificationDetails.type');
    expect(error.message).toContain('carrier-pigeon');
    for (const type of ['httpcb', 'websocket']) expect(error.message).toContain(type);
  });

  it('publish reaches an httpcb subscriber, signed, and a WebSocket subscriber of a session', async () => {
    const t = tag();
    await subscribe(httpcb(t));
    const sessionId = `nsub-session-${++seq}`;
    await s.deps.sessions.put({
      id: sessionId,
      service: 'request-interaction',
      serviceType: 'builtin',
      createdAt: clock.now(),
      expiresAt: clock.now() + 3600_000,
    });
    const device = new PushDevice(s.deps.runtime.websocketUrl!);
    devices.push(device);
    await device.opened();
    await device.subscribe(sessionId);
    expect(
      (
        await subscribe({
          subscriberId: 'app-2',
          filter: t,
          notificationDetails: { deviceId: sessionId, type: 'WebSocket' },
          expire: 300,
        })
      ).status,
    ).toBe(200);

    const message = { _action: 'ConnectCall', _id: sessionId };
    const res = await publish({ tag: t, message });
    expect(res.status).toBe(200);
    const answer = await res.json();
    expect(answer).toEqual({ id: expect.stringMatching(/^[0-9a-f]{32}$/), subscriptions: 2, delivered: 2 });

    const [post] = received(t);
    expect(JSON.parse(post!.body)).toEqual({ id: answer.id, message, tag: t });
    expect(
      verifySignature(LOCAL_DEV_PUSH_SECRET, post!.body, post!.headers['x-gms-signature'] as string),
    ).toBe(true);
    const frame = await device.next(
      (f) => f.type === 'notification' && f.data.tag === t,
      'the published event',
    );
    expect(frame).toEqual({
      type: 'notification',
      channel: '/_genesys',
      data: { id: answer.id, tag: t, message },
    });
  });

  it('publish needs an Administrator or Supervisor; a tag nobody subscribed to is not an error', async () => {
    const anonymous = await s.fetch('/notification/publish', jsonBody({ tag: 'x.y', message: 'm' }));
    expect(anonymous.status).toBe(401);
    const nobody = await publish({ tag: tag(), message: 'nobody listens' });
    expect(nobody.status).toBe(200);
    expect(await nobody.json()).toMatchObject({ subscriptions: 0, delivered: 0 });
    const missing = await publish({ tag: tag() });
    expect(missing.status).toBe(400);
    expect((await missing.json()).parameter).toBe('message');
  });

  it('after DELETE nothing reaches the subscriber; DELETE of an unknown id is 404', async () => {
    const t = tag();
    const { id } = await (await subscribe(httpcb(t))).json();
    const removed = await s.fetch(`/notification/subscription/${id}`, { method: 'DELETE' });
    expect(removed.status).toBe(200);
    expect(await (await publish({ tag: t, message: 'late' })).json()).toMatchObject({ subscriptions: 0 });
    expect(received(t)).toEqual([]);
    expect((await s.fetch(`/notification/subscription/${id}`)).status).toBe(404);
    expect((await s.fetch(`/notification/subscription/${id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await s.fetch('/notification/subscription/no-such-id', { method: 'DELETE' })).status).toBe(404);
  });

  it('a subscription ends after `expire` seconds (30 by default)', async () => {
    const t = tag();
    const { id: short } = await (await subscribe({ ...httpcb(t), expire: 60 })).json();
    const { id: byDefault } = await (await subscribe({ ...httpcb(t), expire: undefined })).json();
    expect((await (await s.fetch(`/notification/subscription/${byDefault}`)).json()).expire).toBe(30);
    clock.advance(31);
    expect((await s.fetch(`/notification/subscription/${byDefault}`)).status).toBe(404);
    expect(await (await publish({ tag: t, message: 1 })).json()).toMatchObject({
      subscriptions: 1,
      delivered: 1,
    });
    clock.advance(30);
    expect((await s.fetch(`/notification/subscription/${short}`)).status).toBe(404);
    expect(await (await publish({ tag: t, message: 2 })).json()).toMatchObject({ subscriptions: 0 });
    expect(received(t).map((r) => (JSON.parse(r.body) as { message: unknown }).message)).toEqual([1]);
  });

  it('an httpcb address that fails is counted and kept; an invalid one ends its subscription', async () => {
    const failing = await startReceiver(500);
    const metrics = s.deps.operationalMetrics as InMemoryOperationalMetrics;
    const failuresBefore = metrics.total('PushFailures', { channel: 'httpcb' });
    try {
      const t = tag();
      const { id } = await (
        await subscribe({ ...httpcb(t), notificationDetails: { deviceId: failing.url, type: 'httpcb' } })
      ).json();
      expect(await (await publish({ tag: t, message: 'x' })).json()).toMatchObject({
        subscriptions: 1,
        delivered: 0,
      });
      await waitFor(() => failing.received.length === 1 || undefined, 'the failing POST');
      expect(metrics.total('PushFailures', { channel: 'httpcb' })).toBe(failuresBefore + 1);
      expect((await s.fetch(`/notification/subscription/${id}`)).status).toBe(200);
    } finally {
      await failing.stop();
    }
    // A URL the channel can never post to (stored directly: the API refuses it at subscribe).
    const t = tag();
    await s.deps.notificationSubscriptions.put({
      id: `invalid-${++seq}`,
      subscriberId: 'app',
      filter: t,
      device: { type: 'httpcb', deviceId: 'ftp://example.com/x' },
      createdAt: clock.now(),
      expiresAt: clock.now() + 60_000,
    });
    expect(await (await publish({ tag: t, message: 'x' })).json()).toMatchObject({
      subscriptions: 1,
      delivered: 0,
    });
    expect(await (await publish({ tag: t, message: 'x' })).json()).toMatchObject({ subscriptions: 0 });
  });
});
