import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LOCAL_DEV_PUSH_SECRET } from '../../functions/adapters/push/http-callback-sender.js';
import { CALLBACK_STATUS_KIND, statusMessage } from '../../functions/adapters/status-notification-emitter.js';
import { verifySignature } from '../../functions/domain/push/webhook-signature.js';
import { defaultServiceOptions } from '../../functions/domain/service-template.js';
import { builtinTemplate } from '../../functions/domain/templates/index.js';
import { statusNotificationProcessors } from '../../functions/handlers/worker/status-notification-processors.js';
import type { WorkMessage } from '../../functions/ports/work-queue.js';
import { jsonBody, startTestServer, type TestResponse, type TestServer } from '../support/test-server.js';

/** Bodies are asserted on field by field. */
type Posted = { headers: IncomingMessage['headers']; raw: string; body: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A status notification target on this machine: records every POST, answers `status(n)` to the n-th (from 1). */
async function startTarget(status: (n: number) => number = () => 200) {
  const received: Posted[] = [];
  let count = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      received.push({ headers: req.headers, raw, body: JSON.parse(raw) });
      res.writeHead(status(++count)).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/gms-events`;
  return { url, received, stop: () => new Promise<void>((r) => server.close(() => r())) };
}

/** Waits for something the work queue does; fails with `what` and the last value if it never comes. */
async function until<T>(read: () => T, check: (value: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const value = read();
    if (check(value)) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`Timed out waiting for ${what}: ${JSON.stringify(read())}`);
}

const eventsOf = (received: Posted[], id: string) =>
  received.filter((p) => p.body._id === id).map((p) => p.body.event as string);

describe('Callback status notifications (_cbe_on_* to an httpcb target)', () => {
  let s: TestServer;
  const sent: { message: WorkMessage; delayMs?: number }[] = [];
  const targets: Awaited<ReturnType<typeof startTarget>>[] = [];
  let n = 0;
  const nextNumber = () => `5553${String(++n).padStart(6, '0')}`;
  const template = builtinTemplate('callback')!;

  const target = async (status?: (n: number) => number) => {
    const t = await startTarget(status);
    targets.push(t);
    return t;
  };
  const putService = async (name: string, preset: string, extra: Record<string, string>) => {
    const res = await s.admin(
      `/admin/services/${name}`,
      jsonBody(
        { ...defaultServiceOptions(template, preset), _target: 'Billing@StatServer.GA', ...extra },
        'PUT',
      ),
    );
    expect(res.status, await res.clone().text()).toBe(200);
  };
  const notifying = (url: string, extra: Record<string, string> = {}) => ({
    _enable_status_notification: 'subscribe_notify',
    _status_notification_type: 'httpcb',
    _status_notification_target: url,
    ...extra,
  });
  const inOneHour = (minutes = 0) => new Date(Date.now() + 3600_000 + minutes * 60_000).toISOString();
  const create = async (service: string, body: Record<string, string> = {}) => {
    const res = await s.fetch(
      `/service/callback/${service}`,
      jsonBody({ _customer_number: nextNumber(), ...body }),
    );
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json())._id as string;
  };
  const statusMessages = (id: string) =>
    sent.filter((m) => m.message.kind === CALLBACK_STATUS_KIND && m.message.id === id);
  const expectOk = async (res: TestResponse) => expect(res.status, await res.clone().text()).toBe(200);

  beforeAll(async () => {
    s = await startTestServer();
    const send = s.queue.send.bind(s.queue);
    vi.spyOn(s.queue, 'send').mockImplementation(async (message, delayMs) => {
      sent.push({ message, delayMs });
      return send(message, delayMs);
    });
  });
  afterAll(async () => {
    await s?.stop();
    for (const t of targets) await t.stop();
  });

  it('scheduled callback: created, rescheduled, cancelled; each event POSTed once, signed, with GMS keys', async () => {
    const t = await target();
    await putService('sn-sched', 'User-Terminated-Scheduled', notifying(t.url));
    const desired = inOneHour();
    const id = await create('sn-sched', { _desired_time: desired });

    await until(
      () => eventsOf(t.received, id),
      (e) => e.length >= 2,
      'the create events',
    );
    expect(eventsOf(t.received, id)).toEqual(['_cbe_on_service_create', '_cbe_on_callback_scheduled']);
    const first = t.received.find((p) => p.body._id === id)!;
    expect(first.body).toEqual({
      event: '_cbe_on_service_create',
      _event_id: `${id}:1:_cbe_on_service_create`,
      _id: id,
      _service_id: id,
      _service_name: 'sn-sched',
      _callback_state: 'SCHEDULED',
      _desired_time: desired,
      _customer_number: expect.stringMatching(/^5553/),
      version: 1,
      timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    expect(first.headers['content-type']).toMatch(/^application\/json/);
    expect(
      verifySignature(LOCAL_DEV_PUSH_SECRET, first.raw, first.headers['x-gms-signature'] as string),
    ).toBe(true);
    expect(verifySignature('another key', first.raw, first.headers['x-gms-signature'] as string)).toBe(false);
    // One work message per change, carrying every event of it.
    expect(statusMessages(id)).toHaveLength(1);

    const newTime = inOneHour(30);
    await expectOk(
      await s.fetch(`/service/callback/sn-sched/${id}`, jsonBody({ _new_desired_time: newTime }, 'PUT')),
    );
    await until(
      () => eventsOf(t.received, id),
      (e) => e.length >= 3,
      'the reschedule event',
    );
    const rescheduled = t.received.filter((p) => p.body._id === id)[2]!.body;
    expect(rescheduled).toMatchObject({
      event: '_cbe_on_callback_rescheduled',
      _callback_state: 'SCHEDULED',
      _desired_time: newTime,
      version: 2,
    });

    await expectOk(await s.fetch(`/service/callback/sn-sched/${id}`, { method: 'DELETE' }));
    await until(
      () => eventsOf(t.received, id),
      (e) => e.length >= 5,
      'the cancel events',
    );
    const last = t.received.filter((p) => p.body._id === id).slice(3);
    expect(last.map((p) => p.body)).toEqual([
      expect.objectContaining({
        event: '_cbe_on_callback_cancelled',
        _callback_state: 'COMPLETED',
        _callback_reason: 'CANCELLED',
        version: 3,
      }),
      expect.objectContaining({ event: '_cbe_on_service_exit', _callback_reason: 'CANCELLED', version: 3 }),
    ]);
    expect(eventsOf(t.received, id)).toHaveLength(5);
  });

  it('a property update without a new time: callback_status_updated', async () => {
    const t = await target();
    await putService('sn-props', 'User-Terminated-Scheduled', notifying(t.url));
    const id = await create('sn-props', { _desired_time: inOneHour(), note: 'first' });
    await until(
      () => eventsOf(t.received, id),
      (e) => e.length >= 2,
      'the create events',
    );
    await expectOk(await s.fetch(`/service/callback/sn-props/${id}`, jsonBody({ note: 'second' }, 'PUT')));
    await until(
      () => eventsOf(t.received, id),
      (e) => e.length >= 3,
      'the update event',
    );
    expect(eventsOf(t.received, id)[2]).toBe('_cbe_on_callback_status_updated');
  });

  it('an immediate callback routed to an agent, dialed, connected and completed', async () => {
    const t = await target();
    await putService(
      'sn-imm',
      'User-Terminated-Immediate',
      notifying(t.url, { _target: 'Notify@StatServer.GA', _dial_retry_timeout: '0' }),
    );
    const dialer = await fetch(`http://127.0.0.1:${s.port}/genesys/local/dialer`, jsonBody({ delay_ms: 0 }));
    expect(dialer.status).toBe(200);
    const login = await s.admin('/agents/notified/login', jsonBody({ groups: ['Notify'], ready: true }));
    expect(login.status, await login.clone().text()).toBe(200);
    const id = await create('sn-imm');
    await until(
      () => eventsOf(t.received, id),
      (e) => e.length >= 5,
      'routing events',
    );
    expect(eventsOf(t.received, id)).toEqual([
      '_cbe_on_service_create',
      '_cbe_on_callback_queued',
      '_cbe_on_target_found',
      '_cbe_on_dial_done',
      '_cbe_on_route_to_agent',
    ]);
    const complete = await s.admin('/agents/notified/complete', jsonBody({ ready: false }));
    expect(complete.status, await complete.clone().text()).toBe(200);
    await until(
      () => eventsOf(t.received, id),
      (e) => e.length >= 6,
      'the exit event',
    );
    expect(t.received.filter((p) => p.body._id === id)[5]!.body).toMatchObject({
      event: '_cbe_on_service_exit',
      _callback_state: 'COMPLETED',
      _callback_reason: 'AGENT_CONNECTED',
    });
  });

  it('a service without the option sends nothing', async () => {
    await putService('sn-off', 'User-Terminated-Scheduled', {});
    const id = await create('sn-off', { _desired_time: inOneHour() });
    await expectOk(await s.fetch(`/service/callback/sn-off/${id}`, { method: 'DELETE' }));
    // The message would be queued before the API answers: none was.
    expect(statusMessages(id)).toEqual([]);
  });

  it('a failing target (500 twice) gets the event again with backoff, then the rest in order', async () => {
    const t = await target((k) => (k <= 2 ? 500 : 200));
    await putService('sn-retry', 'User-Terminated-Scheduled', notifying(t.url));
    const id = await create('sn-retry', { _desired_time: inOneHour() });
    await until(
      () => eventsOf(t.received, id),
      (e) => e.length >= 4,
      'the retried events',
    );
    expect(eventsOf(t.received, id)).toEqual([
      '_cbe_on_service_create',
      '_cbe_on_service_create',
      '_cbe_on_service_create',
      '_cbe_on_callback_scheduled',
    ]);
    // Every attempt sends the same bytes, so the receiver can drop repeats by _event_id.
    const raws = t.received.filter((p) => p.body.event === '_cbe_on_service_create').map((p) => p.raw);
    expect(new Set(raws).size).toBe(1);
    const retries = statusMessages(id).slice(1);
    expect(retries.map((m) => (m.message.data as { attempt: number }).attempt)).toEqual([2, 3]);
    expect(retries.map((m) => m.delayMs)).toEqual([2_000, 4_000]);
  }, 30_000);

  it('gives up after _status_notification_attempts on a target that keeps failing', async () => {
    const t = await target(() => 503);
    await putService(
      'sn-down',
      'User-Terminated-Scheduled',
      notifying(t.url, { _status_notification_attempts: '2' }),
    );
    const id = await create('sn-down', { _desired_time: inOneHour() });
    await until(
      () => t.received.length,
      (k) => k >= 2,
      'the second attempt',
    );
    const retry = statusMessages(id)[1]!;
    expect(retry.message.data).toMatchObject({ attempt: 2, attempts: 2 });
    // The second attempt was the last: running it again (as a redelivery would) POSTs once and queues nothing.
    const before = sent.length;
    await statusNotificationProcessors[CALLBACK_STATUS_KIND]!(retry.message, s.deps);
    expect(eventsOf(t.received, id)).toEqual(Array(3).fill('_cbe_on_service_create'));
    expect(sent.slice(before).filter((m) => m.message.kind === CALLBACK_STATUS_KIND)).toEqual([]);
  }, 30_000);

  it('a target that refuses an event (4xx) loses that event only', async () => {
    const t = await target((k) => (k === 1 ? 400 : 200));
    await putService('sn-refuse', 'User-Terminated-Scheduled', notifying(t.url));
    const id = await create('sn-refuse', { _desired_time: inOneHour() });
    await until(
      () => eventsOf(t.received, id),
      (e) => e.length >= 2,
      'both events',
    );
    expect(eventsOf(t.received, id)).toEqual(['_cbe_on_service_create', '_cbe_on_callback_scheduled']);
    expect(statusMessages(id)).toHaveLength(1);
  });

  it('a target that is not an http(s) URL is refused when the service is saved', async () => {
    for (const [name, url] of [
      ['sn-ftp', 'ftp://127.0.0.1/x'],
      ['sn-nourl', 'not a url'],
    ] as const) {
      const res = await s.admin(
        `/admin/services/${name}`,
        jsonBody(
          { ...defaultServiceOptions(template, 'User-Terminated-Scheduled'), ...notifying(url) },
          'PUT',
        ),
      );
      expect(res.status).toBe(400);
      expect((await res.json()).parameter).toBe('_status_notification_target');
    }
  });

  it('a notification type other than httpcb sends nothing; the callback itself is unaffected', async () => {
    await putService('sn-type', 'User-Terminated-Scheduled', {
      ...notifying('http://127.0.0.1:1/x'),
      _status_notification_type: 'gcm',
    });
    const id = await create('sn-type', { _desired_time: inOneHour() });
    expect(statusMessages(id)).toEqual([]);
    const [view] = await (await s.fetch(`/service/callback?_id=${id}`)).json();
    expect(view._callback_state).toBe('SCHEDULED');
  });

  it('the processor checks the target again and drops malformed messages without throwing', async () => {
    const process = statusNotificationProcessors[CALLBACK_STATUS_KIND]!;
    const t = await target();
    const snapshot = {
      id: 'sn-direct',
      service: 'sn-direct',
      state: 'QUEUED' as const,
      desiredTime: Date.now(),
      version: 1,
      at: Date.now(),
    };
    const message = (url: string) =>
      statusMessage({ events: ['_cbe_on_callback_queued'], snapshot, target: url, attempts: 3, attempt: 1 });
    await process(message('file:///etc/passwd'), s.deps);
    await process({ kind: CALLBACK_STATUS_KIND, id: 'x', data: { events: ['not-an-event'] } }, s.deps);
    expect(t.received).toEqual([]);
    await process(message(t.url), s.deps);
    expect(t.received.map((p) => p.body.event)).toEqual(['_cbe_on_callback_queued']);
  });
});
