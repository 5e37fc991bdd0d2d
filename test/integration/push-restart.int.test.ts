import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { defaultServiceOptions } from '../../functions/domain/service-template.js';
import { builtinTemplate } from '../../functions/domain/templates/index.js';
import { PENDING_PUSH_GRACE_MS } from '../../functions/use-cases/routing/agent-available-push.js';
import { ManualClock } from '../support/manual-clock.js';
import { jsonBody, startTestServer, type TestServer } from '../support/test-server.js';

/**
 * The agent-available push is not lost with the process that reserved the agent (issue 11: nothing
 * lost across a restart). The reservation commits with the push recorded beside it; a push port
 * that fails right after the commit stands for a process that died there. The next start (locally)
 * or the tick (once the grace has passed) posts it: the device gets the frame exactly once, over
 * HTTP and real WebSockets against DynamoDB Local, and the customer still has its whole confirm
 * time, so the callback does not fail with FAIL_USER_NO_CONFIRM.
 */

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const SERVICE = 'push-restart';
const GROUP = 'PushRestart';
const HOUR = 3_600_000;
/** `_user_confirm_timeout` (seconds): the customer's time to answer the push. */
const CONFIRM_S = 30;

async function until<T>(read: () => Promise<T>, check: (value: T) => boolean, what: string): Promise<T> {
  const end = Date.now() + 15_000;
  let value = await read();
  while (!check(value)) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 25));
    value = await read();
  }
  return value;
}

/** A device's WebSocket: keeps every frame, parsed. */
class Device {
  readonly frames: Json[] = [];
  private readonly socket: WebSocket;

  constructor(url: string) {
    this.socket = new WebSocket(url);
    this.socket.on('message', (data) => this.frames.push(JSON.parse(data.toString())));
    this.socket.on('error', () => {});
  }

  opened(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.socket.readyState === WebSocket.OPEN) return resolve();
      this.socket.once('open', () => resolve());
      this.socket.once('error', reject);
    });
  }

  available(id: string): Json[] {
    return this.frames.filter(
      (f) => f.type === 'notification' && f.data?.tag === `service.agentavailable.${id}`,
    );
  }

  async subscribe(id: string): Promise<void> {
    const acks = () =>
      this.frames.filter((f) => f.type === 'ack' && f.action === 'subscribe' && f.id === id).length;
    const before = acks();
    this.socket.send(JSON.stringify({ action: 'subscribe', id }));
    await until(
      async () => acks(),
      (n) => n > before,
      `subscribe ack ${id}`,
    );
  }

  close(): void {
    this.socket.terminate();
  }
}

describe('agent-available push across a crash after the reservation commit', () => {
  const servers: TestServer[] = [];
  const devices: Device[] = [];
  afterEach(async () => {
    for (const d of devices.splice(0)) d.close();
    for (const s of servers.splice(0)) await s.stop();
  });

  async function start(tablePrefix: string, clock: ManualClock): Promise<TestServer> {
    const s = await startTestServer({ tablePrefix, clock, tickIntervalMs: HOUR });
    servers.push(s);
    return s;
  }

  async function device(s: TestServer): Promise<Device> {
    const d = new Device(s.deps.runtime.websocketUrl!);
    devices.push(d);
    await d.opened();
    return d;
  }

  const settled = async (s: TestServer) => {
    await s.queue.idle();
    await new Promise((r) => setTimeout(r, 50));
    await s.queue.idle();
  };

  const callback = async (s: TestServer, id: string) => {
    const res = await s.fetch(`/service/callback?_id=${encodeURIComponent(id)}`);
    expect(res.status).toBe(200);
    return ((await res.json()) as Json[])[0];
  };

  const agent = async (s: TestServer, id: string) => (await s.admin(`/agents/${id}`)).json();

  /**
   * A waiting delayed callback the device follows, and an agent READY whose push port fails right
   * after the reservation commits (the frame is never posted). Returns the callback id.
   */
  async function reservedWithoutPush(s: TestServer, d: Device, agentId: string): Promise<string> {
    const put = await s.admin(
      `/admin/services/${SERVICE}`,
      jsonBody(
        {
          ...defaultServiceOptions(builtinTemplate('callback')!, 'User-Terminated-Delayed'),
          _target: `${GROUP}@StatServer.GA`,
          _user_confirm_timeout: String(CONFIRM_S),
        },
        'PUT',
      ),
    );
    expect(put.status, await put.clone().text()).toBe(200);
    const created = await s.fetch(
      `/service/callback/${SERVICE}`,
      jsonBody({ _customer_number: '5557100001' }),
    );
    expect(created.status, await created.clone().text()).toBe(200);
    const id = (await created.json())._id as string;
    await d.subscribe(id);
    await settled(s);
    expect((await callback(s, id))._callback_state).toBe('QUEUED');

    const push = s.deps.push;
    const notify = push.notify.bind(push);
    let died = 0;
    push.notify = async (target, notification, recipients) => {
      if (notification.tag === `service.agentavailable.${id}`) {
        died++;
        throw new Error('The process died after the reservation commit (test)');
      }
      return notify(target, notification, recipients);
    };
    try {
      expect((await s.admin(`/agents/${agentId}/login`, jsonBody({ groups: [GROUP] }))).status).toBe(200);
      expect((await s.admin(`/agents/${agentId}/ready`, jsonBody({}))).status).toBe(200);
      await settled(s);
    } finally {
      push.notify = notify;
    }
    expect(died).toBe(1);
    expect(await agent(s, agentId)).toMatchObject({ state: 'RESERVED', phase: 'awaiting-customer' });
    expect((await callback(s, id))._callback_state).toBe('ROUTING');
    expect(d.available(id)).toHaveLength(0);
    return id;
  }

  /** The customer still has its confirm time after the frame: confirming dials it, nothing failed. */
  async function confirms(s: TestServer, clock: ManualClock, id: string, agentId: string) {
    // Past the reservation's first deadline, within the confirm time counted from the frame.
    clock.advance(CONFIRM_S - 5);
    await s.tick();
    await settled(s);
    expect(await agent(s, agentId)).toMatchObject({ state: 'RESERVED', phase: 'awaiting-customer' });
    expect((await callback(s, id))._callback_state).toBe('ROUTING');
    const connect = await s.fetch(`/service/${id}/connect`, { method: 'POST' });
    expect(connect.status, await connect.clone().text()).toBe(200);
    expect((await connect.json())._action).toBe('ConfirmationDialog');
    await settled(s);
    const view = await callback(s, id);
    expect(view._callback_reason).toBeUndefined();
    expect(['ROUTING', 'PROCESSING']).toContain(view._callback_state);
  }

  it('restart: the next start posts the pending push; the device that subscribes again gets it once', async () => {
    const tablePrefix = `t${randomBytes(4).toString('hex')}-`;
    const clock = new ManualClock(Date.parse('2026-11-23T12:00:00Z'));
    const first = await start(tablePrefix, clock);
    const before = await device(first);
    const id = await reservedWithoutPush(first, before, 'pr-ana');

    // The runtime goes away; it comes back on the same tables after longer than the confirm time.
    await first.stop();
    servers.splice(0);
    clock.advance(CONFIRM_S + 15);
    const second = await start(tablePrefix, clock);
    await settled(second);
    // The start's tick did not time the reservation out: the customer was never told.
    expect(await agent(second, 'pr-ana')).toMatchObject({ state: 'RESERVED', phase: 'awaiting-customer' });

    const after = await device(second);
    await after.subscribe(id);
    await until(
      async () => after.available(id).length,
      (n) => n > 0,
      'the agent-available frame after the restart',
    );
    await settled(second);
    await second.tick();
    await settled(second);
    await after.subscribe(id);
    await settled(second);
    expect(after.available(id)).toHaveLength(1);
    expect(after.available(id)[0].data.message).toEqual({ _action: 'ConnectCall', _id: id });
    expect(before.available(id)).toHaveLength(0);
    // Delivered: nothing waits for poll either.
    const polled = await second.fetch(`/service/${id}/retrieve-notifications`, {
      method: 'POST',
      body: new FormData(),
    });
    expect(await polled.json()).toEqual([]);
    await confirms(second, clock, id, 'pr-ana');
    expect(after.available(id)).toHaveLength(1);
  });

  it('no restart (a Lambda that died): the tick posts it to the subscribed device once its grace has passed', async () => {
    const clock = new ManualClock(Date.parse('2026-11-23T12:00:00Z'));
    const s = await start(`t${randomBytes(4).toString('hex')}-`, clock);
    const d = await device(s);
    const id = await reservedWithoutPush(s, d, 'pr-ben');

    // Within the grace the push may still be on its way from its own process: the tick leaves it.
    clock.advance(PENDING_PUSH_GRACE_MS / 1000 - 1);
    await s.tick();
    await settled(s);
    expect(d.available(id)).toHaveLength(0);

    clock.advance(2);
    await s.tick();
    await until(
      async () => d.available(id).length,
      (n) => n > 0,
      'the agent-available frame from the tick',
    );
    await settled(s);
    await s.tick();
    await settled(s);
    expect(d.available(id)).toHaveLength(1);
    expect(d.available(id)[0].data.message).toEqual({ _action: 'ConnectCall', _id: id });
    await confirms(s, clock, id, 'pr-ben');
    expect(d.available(id)).toHaveLength(1);
  });
});
