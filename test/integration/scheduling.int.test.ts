import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CallbackRecord } from '../../functions/domain/callback/callback-record.js';
import { builtinTemplate } from '../../functions/domain/templates/index.js';
import { defaultServiceOptions } from '../../functions/domain/service-template.js';
import type { WorkMessage } from '../../functions/ports/work-queue.js';
import { callbackRecord } from '../support/callback-fixture.js';
import { jsonBody, startTestServer, type TestServer } from '../support/test-server.js';

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('Timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('scheduling: SCHEDULED -> QUEUED at the desired time, through the tick and the work queue', () => {
  let s: TestServer;
  const tablePrefix = `t${randomBytes(4).toString('hex')}-`;

  beforeAll(async () => {
    s = await startTestServer({ tablePrefix, tickIntervalMs: 60_000 });
  });
  // These tests write SCHEDULED callbacks straight to the store, without the hand-over a create
  // makes (a create due within 70 s sends its own activation): only the tick can find them, so the
  // window an earlier test's tick handed out is forgotten first.
  beforeEach(async () => {
    await s.deps.ticks.forgetScheduled();
  });
  afterAll(async () => {
    await s?.stop();
  });

  const queuedAt = (id: string) =>
    waitFor(async () => {
      const r = await s.deps.callbacks.get(id);
      return r?.state === 'QUEUED' ? r : undefined;
    });

  // How late is a timing figure (npm run bench, "scheduling"); this proves the mechanism: the one
  // tick's delayed messages activate each callback at its own time, never before it.
  it('queues scheduled callbacks from one tick, each at its desired time and never early', async () => {
    const ids = ['sched-a', 'sched-b', 'sched-c'];
    // Far enough ahead for the tick's fan-out (a worker per shard of the due index) on a busy machine.
    const desired = Date.now() + 5_000;
    for (const [i, id] of ids.entries()) {
      const created = await s.deps.callbacks.create(
        callbackRecord({ id, desiredTime: desired + i * 300 }),
        [],
      );
      expect(created.ok).toBe(true);
    }
    await s.tick();
    for (const [i, id] of ids.entries()) {
      const record = await queuedAt(id);
      const lateness = record.queuedAt! - (desired + i * 300);
      expect(lateness).toBeGreaterThanOrEqual(-250);
    }
  });

  it('a duplicate or stale activation changes nothing', async () => {
    const created = await s.deps.callbacks.create(
      callbackRecord({ id: 'dup', desiredTime: Date.now() - 10 }),
      [],
    );
    expect(created.ok).toBe(true);
    await Promise.all([
      s.deps.queue.send({ kind: 'activate-callback', id: 'dup' }),
      s.deps.queue.send({ kind: 'activate-callback', id: 'dup' }),
      s.deps.queue.send({ kind: 'activate-callback', id: 'dup' }),
    ]);
    const record = await queuedAt('dup');
    await s.queue.idle();
    expect((await s.deps.callbacks.get('dup'))!.version).toBe(record.version);
    expect(record.version).toBe(2);
  });

  describe('an activated callback is routed in the activation itself', () => {
    const service = 'sched-routed';
    const sent: WorkMessage[] = [];
    let send: TestServer['queue']['send'];
    beforeAll(async () => {
      const put = await s.admin(
        `/admin/services/${service}`,
        jsonBody(
          {
            ...defaultServiceOptions(builtinTemplate('callback')!, 'User-Terminated-Scheduled'),
            _target: 'SchedRouted@StatServer.GA',
          },
          'PUT',
        ),
      );
      expect(put.status).toBe(200);
      send = s.queue.send.bind(s.queue);
      s.queue.send = (message, delayMs) => {
        sent.push(message);
        return send(message, delayMs);
      };
    });
    afterAll(() => {
      s.queue.send = send;
    });
    const activate = async (id: string) => {
      const created = await s.deps.callbacks.create(
        callbackRecord({ id, service, target: 'SchedRouted@StatServer.GA', desiredTime: Date.now() - 10 }),
        [],
      );
      expect(created.ok).toBe(true);
      sent.length = 0;
      await s.deps.queue.send({ kind: 'activate-callback', id });
      await queuedAt(id);
      await s.queue.idle();
    };

    it('joins its queue with no route-callback message (one hop less per scheduled callback)', async () => {
      await activate('sched-routed-1');
      expect(await s.deps.routing.getWaiting('sched-routed-1')).toMatchObject({
        callbackId: 'sched-routed-1',
      });
      expect(sent.map((m) => m.kind)).toEqual(['activate-callback']);
    });

    it('hands the callback to the work queue when routing fails, and it still joins', async () => {
      const router = s.deps.router;
      const callbackQueued = router.callbackQueued.bind(router);
      let failures = 0;
      router.callbackQueued = async (id, known) => {
        if (id === 'sched-routed-2' && failures++ === 0) throw new Error('routing store unavailable');
        return callbackQueued(id, known);
      };
      try {
        await activate('sched-routed-2');
      } finally {
        router.callbackQueued = callbackQueued;
      }
      expect(failures).toBe(2);
      expect(sent.map((m) => m.kind)).toEqual(['activate-callback', 'route-callback']);
      expect(await s.deps.routing.getWaiting('sched-routed-2')).toMatchObject({
        callbackId: 'sched-routed-2',
      });
      expect(await s.deps.callbacks.get('sched-routed-2')).toMatchObject({ state: 'QUEUED', version: 2 });
    });
  });

  it('a second tick does not hand out again what the first one did (stored window, DynamoDB)', async () => {
    const created = await s.deps.callbacks.create(
      callbackRecord({ id: 'chained', desiredTime: Date.now() + 30_000 }),
      [],
    );
    expect(created.ok).toBe(true);
    const activations: string[] = [];
    const sendBatch = s.queue.sendBatch.bind(s.queue);
    s.queue.sendBatch = (work) => {
      for (const w of work) if (w.message.kind === 'activate-callback') activations.push(w.message.id);
      return sendBatch(work);
    };
    try {
      const before = Date.now();
      await s.tick();
      await s.queue.idle();
      expect(activations).toEqual(['chained']);
      const window = await s.deps.ticks.lastScheduled();
      expect(window!.until).toBeGreaterThanOrEqual(before + 70_000);
      await s.tick();
      await s.queue.idle();
      expect(activations).toEqual(['chained']);
      expect((await s.deps.callbacks.get('chained'))!.state).toBe('SCHEDULED');
    } finally {
      s.queue.sendBatch = sendBatch;
      await s.deps.callbacks.update('chained', 1, { state: 'COMPLETED', reason: 'CANCELLED' }, Date.now());
    }
  });

  it('a rescheduled callback is activated at its new time, not the old one', async () => {
    const now = Date.now();
    const created = await s.deps.callbacks.create(
      callbackRecord({ id: 'moved', desiredTime: now + 4_000 }),
      [],
    );
    expect(created.ok).toBe(true);
    await s.tick();
    // The shard workers have sent the activation for the old time.
    await s.queue.idle();
    const moved = await s.deps.callbacks.update(
      'moved',
      1,
      { state: 'SCHEDULED', set: { desiredTime: now + 6_500 } },
      Date.now(),
    );
    expect(moved.ok).toBe(true);
    await new Promise((r) => setTimeout(r, Math.max(0, now + 5_200 - Date.now())));
    expect((await s.deps.callbacks.get('moved'))!.state).toBe('SCHEDULED');
    const record = await queuedAt('moved');
    expect(record.queuedAt! - (now + 6_500)).toBeGreaterThanOrEqual(-250);
  });

  it('nothing is lost when the server stops before the desired time: the next start catches up', async () => {
    const due = Date.now() + 1_000;
    for (let i = 0; i < 20; i++) {
      await s.deps.callbacks.create(callbackRecord({ id: `restart-${i}`, desiredTime: due + i * 10 }), []);
    }
    await s.tick();
    await s.stop();
    await new Promise((r) => setTimeout(r, 1_500));
    s = await startTestServer({ tablePrefix });
    const states: CallbackRecord[] = [];
    for (let i = 0; i < 20; i++) states.push(await queuedAt(`restart-${i}`));
    expect(states.every((r) => r.state === 'QUEUED' && r.version === 2)).toBe(true);
  });

  it('cancelled callbacks are left alone by the scheduler', async () => {
    const due = Date.now() + 4_000;
    await s.deps.callbacks.create(callbackRecord({ id: 'gone', desiredTime: due }), []);
    await s.tick();
    await s.queue.idle();
    const cancelled = await s.deps.callbacks.update(
      'gone',
      1,
      { state: 'COMPLETED', reason: 'CANCELLED' },
      Date.now(),
    );
    expect(cancelled.ok).toBe(true);
    // Past the desired time, when the activation sent by the tick has been delivered.
    await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now()) + 500));
    await s.queue.idle();
    expect(await s.deps.callbacks.get('gone')).toMatchObject({
      state: 'COMPLETED',
      reason: 'CANCELLED',
      version: 2,
    });
    expect(await s.deps.callbacks.listDue(Date.now() + 60_000, 100)).not.toContainEqual(
      expect.objectContaining({ id: 'gone' }),
    );
  });
});

describe('scheduling with every work message delivered twice', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ queue: { deliverTwice: true } });
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('ends in the same state: one activation per callback', async () => {
    // Written straight to the store, as above: the start's tick window is forgotten.
    await s.deps.ticks.forgetScheduled();
    const due = Date.now() + 500;
    for (let i = 0; i < 10; i++) {
      await s.deps.callbacks.create(callbackRecord({ id: `twice-${i}`, desiredTime: due }), []);
    }
    await s.tick();
    await s.tick();
    await new Promise((r) => setTimeout(r, 1_000));
    await s.queue.idle();
    for (let i = 0; i < 10; i++) {
      expect(await s.deps.callbacks.get(`twice-${i}`)).toMatchObject({ state: 'QUEUED', version: 2 });
    }
  });
});
