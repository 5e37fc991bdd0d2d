import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { defaultServiceOptions } from '../../functions/domain/service-template.js';
import { builtinTemplate } from '../../functions/domain/templates/index.js';
import { jsonBody, startTestServer, type TestServer } from '../support/test-server.js';

/**
 * The agent-available push on the READY path (issue 11: the reservation commits, then the push goes
 * before the follow-up work), over HTTP and real WebSockets against DynamoDB Local: one frame per
 * reservation and subscriber however READYs, cancels and reservations race, and a push that
 * fails once still reaches the device once (kept for poll, sent after its next subscribe ack).
 */

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

async function until<T>(
  read: () => Promise<T>,
  check: (value: T) => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
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
  }

  opened(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.socket.readyState === WebSocket.OPEN) return resolve();
      this.socket.once('open', () => resolve());
      this.socket.once('error', reject);
    });
  }

  /** The agent-available frames of session `id` this device received. */
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

const GROUP = 'PushRace';

describe('agent-available push on the READY path', () => {
  let s: TestServer;
  const devices: Device[] = [];
  let n = 0;
  let agents = 0;

  beforeAll(async () => {
    s = await startTestServer();
    const res = await s.admin(
      '/admin/services/push-race',
      jsonBody(
        {
          ...defaultServiceOptions(builtinTemplate('callback')!, 'User-Terminated-Delayed'),
          _target: `${GROUP}@StatServer.GA`,
        },
        'PUT',
      ),
    );
    expect(res.status, await res.clone().text()).toBe(200);
  });
  afterAll(async () => {
    for (const d of devices) d.close();
    await s?.stop();
  });

  const device = async () => {
    const d = new Device(s.deps.runtime.websocketUrl!);
    devices.push(d);
    await d.opened();
    return d;
  };
  const create = async () => {
    const res = await s.fetch(
      '/service/callback/push-race',
      jsonBody({ _customer_number: `5557${String(++n).padStart(6, '0')}` }),
    );
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json())._id as string;
  };
  const callback = async (id: string) => {
    const res = await s.fetch(`/service/callback?_id=${encodeURIComponent(id)}`);
    expect(res.status).toBe(200);
    return ((await res.json()) as Json[])[0];
  };
  const agentPost = (id: string, action: string, body: unknown = {}) =>
    s.admin(`/agents/${id}/${action}`, jsonBody(body));
  const agent = async (id: string) => (await s.admin(`/agents/${id}`)).json();
  const newAgents = async (count: number) => {
    const ids = Array.from({ length: count }, () => `race-agent-${++agents}`);
    for (const id of ids) expect((await agentPost(id, 'login', { groups: [GROUP] })).status).toBe(200);
    return ids;
  };
  /** Waits until the work queue is idle twice in a row (work may send more work). */
  const settled = async () => {
    await s.queue.idle();
    await new Promise((r) => setTimeout(r, 50));
    await s.queue.idle();
  };
  /** Ends the round: cancels what is still routed and logs the agents out (nothing left for the next). */
  const cleanUp = async (ids: string[], agentIds: string[]) => {
    for (const id of ids) {
      if ((await callback(id))._callback_state !== 'COMPLETED')
        await s.fetch(`/service/callback/push-race/${id}`, { method: 'DELETE' });
    }
    await settled();
    for (const a of agentIds) {
      await until(
        () => agent(a),
        (x) => x.state === 'READY' || x.state === 'NOT_READY',
        `agent ${a} free`,
      );
      expect((await agentPost(a, 'logout')).status).toBe(200);
    }
  };

  it('several agents READY at once against several waiting callbacks: one agent per callback, one frame per callback and subscriber', async () => {
    const [first, second] = [await device(), await device()];
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await create());
    for (const id of ids) {
      await first.subscribe(id);
      await second.subscribe(id);
    }
    await settled();
    for (const id of ids) expect((await callback(id))._callback_state).toBe('QUEUED');

    const agentIds = await newAgents(7);
    const answers = await Promise.all(agentIds.map((a) => agentPost(a, 'ready')));
    expect(answers.map((r) => r.status)).toEqual(agentIds.map(() => 200));

    // Every callback is reserved (7 agents, 5 callbacks) and each device saw its push.
    for (const d of [first, second]) {
      await until(
        async () => ids.filter((id) => d.available(id).length > 0).length,
        (got) => got === ids.length,
        'a push for every callback on each device',
      );
    }
    await settled();
    await s.tick(); // the sweep offers the heads again: it must not push anything twice
    await settled();

    const views = await Promise.all(ids.map(callback));
    expect(views.map((v) => v._callback_state)).toEqual(ids.map(() => 'ROUTING'));
    const states = await Promise.all(agentIds.map(agent));
    const holders = states.filter((a) => a.state === 'RESERVED');
    expect(holders).toHaveLength(ids.length);
    expect(new Set(holders.map((a) => a.callback._id))).toEqual(new Set(ids));
    expect(states.filter((a) => a.state === 'READY')).toHaveLength(agentIds.length - ids.length);
    for (const d of [first, second]) {
      for (const id of ids) {
        const frames = d.available(id);
        expect(frames, `frames of ${id}`).toHaveLength(1);
        expect(frames[0].data.message).toEqual({ _action: 'ConnectCall', _id: id });
      }
    }
    // Taken by the subscribers: nothing waits for poll.
    for (const id of ids) {
      const polled = await s.fetch(`/service/${id}/retrieve-notifications`, {
        method: 'POST',
        body: new FormData(),
      });
      expect(polled.status).toBe(200);
      expect(await polled.json()).toEqual([]);
    }
    await cleanUp(ids, agentIds);
  });

  it('READY of NOT_READY agents racing callbacks joining the queue: each callback reserved once, no agent lost, one frame each', async () => {
    // A NOT_READY agent meeting a waiting callback goes to RESERVED in the reservation's one
    // transaction, never READY in between; one that finds nothing (the join not there yet) is
    // written READY and reads the queues again, while the joining callback reads the READY set
    // after its entry is written: one of the two sees the other. No tick runs before the checks.
    const d = await device();
    for (let round = 0; round < 4; round++) {
      const agentIds = await newAgents(3);
      const [readies, ids] = await Promise.all([
        Promise.all(agentIds.map((a) => agentPost(a, 'ready'))),
        Promise.all([create(), create()]),
      ]);
      expect(readies.map((r) => r.status)).toEqual(agentIds.map(() => 200));
      for (const id of ids) await d.subscribe(id);
      await settled();
      const views = await Promise.all(ids.map(callback));
      expect(
        views.map((v) => v._callback_state),
        `round ${round}`,
      ).toEqual(['ROUTING', 'ROUTING']);
      const states = await Promise.all(agentIds.map(agent));
      const holders = states.filter((a) => a.state === 'RESERVED');
      expect(new Set(holders.map((a) => a.callback._id))).toEqual(new Set(ids));
      expect(holders).toHaveLength(2);
      // The third agent is READY (not lost in NOT_READY, not holding anything).
      expect(states.filter((a) => a.state === 'READY')).toHaveLength(1);
      // One frame per callback: sent to the socket, or kept for poll and sent after the subscribe ack.
      for (const id of ids) {
        await until(
          async () => d.available(id).length,
          (got) => got > 0,
          `the push of ${id}`,
        );
      }
      await settled();
      for (const id of ids) expect(d.available(id), `frames of ${id}`).toHaveLength(1);
      await cleanUp(ids, agentIds);
    }
  });

  it('a cancel racing a READY: the callback ends CANCELLED, the agent free, at most the one frame of a reservation', async () => {
    const d = await device();
    for (let round = 0; round < 4; round++) {
      const id = await create();
      await d.subscribe(id);
      await settled();
      const [agentId] = await newAgents(1);
      const [ready, cancel] = await Promise.all([
        agentPost(agentId!, 'ready'),
        s.fetch(`/service/callback/push-race/${id}`, { method: 'DELETE' }),
      ]);
      expect(ready.status).toBe(200);
      expect(cancel.status, await cancel.clone().text()).toBe(200);
      await settled();
      await s.tick();
      await settled();
      const view = await callback(id);
      expect(view).toMatchObject({ _callback_state: 'COMPLETED', _callback_reason: 'CANCELLED' });
      const freed = await until(
        () => agent(agentId!),
        (a) => a.state === 'READY',
        `agent ${agentId} freed`,
      );
      expect(freed.callback).toBeUndefined();
      // Reserved before the cancel: one frame; cancelled first: none. Never two.
      expect(d.available(id).length).toBeLessThanOrEqual(1);
      await cleanUp([id], [agentId!]);
    }
  });

  it('a push whose frame fails once is kept for poll and reaches the device once, after its next subscribe ack', async () => {
    const d = await device();
    const id = await create();
    await d.subscribe(id);
    await settled();
    const sockets = s.deps.sockets;
    const send = sockets.send.bind(sockets);
    let failed = 0;
    sockets.send = async (connectionId, data) => {
      if (failed === 0 && data.includes(`service.agentavailable.${id}`)) {
        failed++;
        throw new Error('PostToConnection failed (test)');
      }
      return send(connectionId, data);
    };
    try {
      const [agentId] = await newAgents(1);
      expect((await agentPost(agentId!, 'ready')).status).toBe(200);
      await settled();
      expect(failed).toBe(1);
      expect((await agent(agentId!)).state).toBe('RESERVED');
      expect(d.available(id)).toHaveLength(0);

      await d.subscribe(id);
      await until(
        async () => d.available(id).length,
        (got) => got > 0,
        'the push after the subscribe ack',
      );
      await settled();
      expect(d.available(id)).toHaveLength(1);
      expect(d.available(id)[0].data.message).toEqual({ _action: 'ConnectCall', _id: id });
      const polled = await s.fetch(`/service/${id}/retrieve-notifications`, {
        method: 'POST',
        body: new FormData(),
      });
      expect(await polled.json()).toEqual([]);
      await cleanUp([id], [agentId!]);
    } finally {
      sockets.send = send;
    }
  });
});
