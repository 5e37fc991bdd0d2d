import { beforeEach, describe, expect, it } from 'vitest';
import type { CallbackEvent } from '../../../../functions/domain/callback/callback-event.js';
import type { CallbackRecord } from '../../../../functions/domain/callback/callback-record.js';
import { ConflictError } from '../../../../functions/domain/errors.js';
import { login } from '../../../../functions/domain/routing/agent.js';
import { queuedCallbackOf } from '../../../../functions/domain/routing/queued-callback.js';
import { AGENT_ACCEPT_TIMEOUT_MS } from '../../../../functions/domain/routing/routing-plan.js';
import {
  acceptOffer,
  completeWork,
  rejectOffer,
} from '../../../../functions/use-cases/routing/agent-lifecycle.js';
import { BuiltInRouter } from '../../../../functions/adapters/router/built-in-router.js';
import { routeCallback, serveAgent } from '../../../../functions/use-cases/routing/route-callback.js';
import {
  PENDING_PUSH_GRACE_MS,
  recoverPendingPushes,
} from '../../../../functions/use-cases/routing/agent-available-push.js';
import { routingProcessors } from '../../../../functions/handlers/worker/routing-processors.js';
import {
  expireCallbacks,
  recoverReservations,
  sweepWaitingQueue,
} from '../../../../functions/use-cases/routing/routing-tick.js';
import { expireShard } from '../../../../functions/use-cases/scheduling/expire-callbacks.js';
import type { DialRequest } from '../../../../functions/ports/dialer.js';
import type { PushNotification, PushRecipients, PushTarget } from '../../../../functions/ports/push.js';
import type { WorkMessage } from '../../../../functions/ports/work-queue.js';
import type { Deps } from '../../../../functions/composition/full.js';
import { callbackRecord, UT_IMMEDIATE } from '../../../support/callback-fixture.js';
import { InMemoryCallbackStore } from '../../../support/in-memory-callback-store.js';
import { InMemoryRoutingStore } from '../../../support/in-memory-routing-store.js';
import { ManualClock } from '../../../support/manual-clock.js';

let clock: ManualClock;
let callbacks: InMemoryCallbackStore;
let routing: InMemoryRoutingStore;
let sent: { message: WorkMessage; delayMs: number }[];
let dials: DialRequest[];
let pushes: { target: PushTarget; notification: PushNotification }[];
let services: Record<string, Record<string, string>>;
/** What the flows published after their callback writes. */
let published: CallbackEvent[];
let deps: Deps;

beforeEach(() => {
  clock = new ManualClock();
  callbacks = new InMemoryCallbackStore();
  routing = new InMemoryRoutingStore(callbacks);
  sent = [];
  dials = [];
  pushes = [];
  published = [];
  services = { cb: { _type: 'ors', _service: 'callback', _dial_retry_timeout: '10' } };
  let notificationIds = 0;
  deps = {
    clock,
    ids: { id: () => `n${++notificationIds}` },
    callbacks,
    routing,
    queue: {
      send: async (message: WorkMessage, delayMs = 0) => void sent.push({ message, delayMs }),
      sendBatch: async (work: readonly { message: WorkMessage; delayMs?: number }[]) =>
        void sent.push(...work.map((w) => ({ message: w.message, delayMs: w.delayMs ?? 0 }))),
    },
    dialer: { dial: async (r: DialRequest) => void dials.push(r) },
    metrics: { record: async () => undefined },
    callbackEvents: { publish: async (events: readonly CallbackEvent[]) => void published.push(...events) },
    push: {
      notify: async (target: PushTarget, notification: PushNotification) =>
        void pushes.push({ target, notification }),
      recipients: async () => ({ subscribers: [] }),
    },
    config: {
      get: async (_kind: string, name: string) =>
        services[name] ? { kind: 'service', name, options: services[name], updatedAt: 0 } : undefined,
    },
  } as unknown as Deps;
  deps.router = new BuiltInRouter(deps);
});

async function queued(id: string, over: Partial<CallbackRecord> = {}): Promise<CallbackRecord> {
  const record = callbackRecord({
    id,
    service: 'cb',
    state: 'QUEUED',
    scheduled: false,
    desiredTime: clock.now(),
    queuedAt: clock.now(),
    createdAt: clock.now(),
    updatedAt: clock.now(),
    expiresAt: clock.now() + 3_600_000,
    customerNumber: '+33100000001',
    scenario: UT_IMMEDIATE,
    guards: [{ key: `dedup#${id}`, kind: 'dedup' }],
    ...over,
  });
  callbacks.records.set(id, record);
  callbacks.counters.set(`dedup#${id}`, 1);
  return record;
}

async function agent(id: string, ready: boolean, over: Parameters<typeof login>[2] = {}) {
  const a = login(undefined, id, { ready, ...over }, clock.now());
  await routing.saveAgent(a, undefined);
  return a;
}

const deliver = (message: WorkMessage) => routingProcessors[message.kind]!(message, deps);

/** The agent-available push of a delayed chat whose device is `comet` / `device`. */
const startChatPush = (id: string, device: string) => ({
  target: { sessionId: id, deviceOs: 'comet', deviceNotificationId: device },
  notification: {
    id: expect.any(String),
    tag: `service.agentavailable.${id}`,
    message: { _action: 'StartChat', _id: id },
  },
});

describe('reservation', () => {
  it('reserves a READY matching agent and dials a user-terminated immediate callback', async () => {
    await agent('sales', true, { groups: ['Sales'] });
    await agent('billing', true, { groups: ['Billing'] });
    await queued('c1', { target: 'Billing@StatServer.GA' });

    await routeCallback(deps, 'c1');

    const record = await callbacks.get('c1');
    expect(record).toMatchObject({ state: 'ROUTING', agentId: 'billing' });
    expect(await routing.getAgent('billing')).toMatchObject({
      state: 'RESERVED',
      callbackId: 'c1',
      phase: 'dialing',
      attempt: 1,
    });
    expect((await routing.getAgent('sales'))?.state).toBe('READY');
    expect(dials).toEqual([
      { callbackId: 'c1', customerNumber: '+33100000001', agentId: 'billing', attempt: 1 },
    ]);
    expect(routing.waiting.size).toBe(0);
  });

  it('keeps the callback waiting without an agent and gives it to the first agent that becomes READY', async () => {
    await queued('c1');
    await routeCallback(deps, 'c1');
    expect((await callbacks.get('c1'))?.state).toBe('QUEUED');
    expect([...routing.waiting.values()].map((e) => e.callbackId)).toEqual(['c1']);

    await agent('a1', true);
    await serveAgent(deps, 'a1');
    expect(await callbacks.get('c1')).toMatchObject({ state: 'ROUTING', agentId: 'a1' });
  });

  it('gives one callback to exactly one of two agents racing for it', async () => {
    await queued('c1');
    await routeCallback(deps, 'c1');
    await agent('a1', true);
    await agent('a2', true);

    await Promise.all([serveAgent(deps, 'a1'), serveAgent(deps, 'a2')]);

    const states = [(await routing.getAgent('a1'))!.state, (await routing.getAgent('a2'))!.state].sort();
    expect(states).toEqual(['READY', 'RESERVED']);
    expect(routing.reservations).toBe(1);
    expect(dials).toHaveLength(1);
  });

  it('gives one agent to exactly one of two callbacks racing for it', async () => {
    await agent('a1', true);
    await queued('c1');
    await queued('c2');
    await Promise.all([routeCallback(deps, 'c1'), routeCallback(deps, 'c2')]);
    const states = [(await callbacks.get('c1'))!.state, (await callbacks.get('c2'))!.state].sort();
    expect(states).toEqual(['QUEUED', 'ROUTING']);
    expect(routing.reservations).toBe(1);
  });

  it('serves the higher priority first, then FIFO', async () => {
    await queued('first', { queuedAt: clock.now() });
    await queued('second', { queuedAt: clock.now() + 1 });
    await queued('vip', { queuedAt: clock.now() + 2, priority: 5 });
    for (const id of ['first', 'second', 'vip']) await routeCallback(deps, id);
    await agent('a1', true);
    await serveAgent(deps, 'a1');
    expect((await routing.getAgent('a1'))?.callbackId).toBe('vip');
  });

  it('fails a callback whose target cannot be routed with FAIL_TARGET_NOT_FOUND, giving back its guards', async () => {
    await queued('c1', { target: 'Billing@StatServer.DN' });
    await routeCallback(deps, 'c1');
    expect(await callbacks.get('c1')).toMatchObject({ state: 'COMPLETED', reason: 'FAIL_TARGET_NOT_FOUND' });
    expect(callbacks.counters.get('dedup#c1')).toBe(0);
  });

  it('ignores route-callback for a callback that is no longer QUEUED (duplicate or late message)', async () => {
    await agent('a1', true);
    await queued('c1', { state: 'COMPLETED', reason: 'CANCELLED' });
    await routeCallback(deps, 'c1');
    expect((await routing.getAgent('a1'))?.state).toBe('READY');
    expect(routing.waiting.size).toBe(0);
  });

  it('queues a user-originated immediate callback only once its call arrived', async () => {
    await agent('a1', true);
    await queued('c1', {
      scenario: {
        mediaType: 'voice',
        direction: 'USERORIGINATED',
        waitForAgent: false,
        waitForUserConfirm: false,
      },
    });
    await deliver({ kind: 'route-callback', id: 'c1' });
    expect((await callbacks.get('c1'))?.state).toBe('QUEUED');
    await deliver({ kind: 'callback-call-arrived', id: 'c1' });
    expect(await routing.getAgent('a1')).toMatchObject({ state: 'RESERVED', phase: 'offered' });
    await acceptOffer(deps, 'a1');
    expect((await callbacks.get('c1'))?.state).toBe('PROCESSING');
    expect((await routing.getAgent('a1'))?.state).toBe('BUSY');
  });

  it('tells the customer of a delayed chat that an agent is available', async () => {
    await agent('a1', true);
    await queued('c1', {
      scenario: {
        mediaType: 'chat',
        direction: 'USERORIGINATED',
        waitForAgent: true,
        waitForUserConfirm: true,
      },
      properties: { _device_os: 'comet', _device_notification_id: 'dev-1' },
    });
    await routeCallback(deps, 'c1');
    expect(pushes).toEqual([startChatPush('c1', 'dev-1')]);
    expect(dials).toHaveLength(0);
  });

  it('dials a delayed user-terminated callback only after the customer confirmed', async () => {
    await agent('a1', true);
    await queued('c1', { scenario: { ...UT_IMMEDIATE, waitForAgent: true, waitForUserConfirm: true } });
    await routeCallback(deps, 'c1');
    expect(pushes[0]?.notification.message).toEqual({ _action: 'ConnectCall', _id: 'c1' });
    expect(dials).toHaveLength(0);
    await deliver({ kind: 'callback-confirmed', id: 'c1' });
    await deliver({ kind: 'callback-confirmed', id: 'c1' });
    expect(dials).toHaveLength(1);
  });
});

describe("a READY agent served from the waiting entry's copy", () => {
  const DELAYED_CHAT = {
    mediaType: 'chat',
    direction: 'USERORIGINATED',
    waitForAgent: true,
    waitForUserConfirm: true,
  } as const;

  /** The callback joins the queue with no agent READY; its entry keeps a copy of it. */
  async function waiting(id: string, properties: Record<string, string>) {
    await agent('a1', false);
    await queued(id, { scenario: DELAYED_CHAT, properties });
    await routeCallback(deps, id);
    const [entry] = await routing.waitingHead('default', 5);
    return entry!;
  }

  /** Callback reads and reservations, in the order the flow made them. */
  function calls() {
    const order: string[] = [];
    const get = callbacks.get.bind(callbacks);
    const reserve = routing.reserve.bind(routing);
    callbacks.get = (id) => (order.push(`get ${id}`), get(id));
    routing.reserve = (r) => (order.push(`reserve ${r.callbackId}`), reserve(r));
    return order;
  }

  it('reserves and pushes with no read of the callback first, then reports the change from the record read after', async () => {
    const entry = await waiting('c1', { _device_os: 'comet', _device_notification_id: 'dev-1' });
    expect(entry.copy).toEqual({
      version: callbacks.records.get('c1')!.version,
      scenario: DELAYED_CHAT,
      deviceOs: 'comet',
      deviceNotificationId: 'dev-1',
    });
    const order = calls();
    await changeAvailabilityReady();
    expect(order).toEqual(['reserve c1', 'get c1']);
    expect(pushes).toEqual([startChatPush('c1', 'dev-1')]);
    const stored = callbacks.records.get('c1')!;
    expect(stored).toMatchObject({ state: 'ROUTING', agentId: 'a1', version: entry.copy!.version + 1 });
    const routed = published.filter((e) => e.after.state === 'ROUTING');
    expect(routed).toHaveLength(1);
    expect(routed[0]).toMatchObject({
      before: { state: 'QUEUED', version: entry.copy!.version },
      after: stored,
      statusOnly: true,
    });
    expect(routed[0]!.before).not.toHaveProperty('agentId');
  });

  it('a copy gone stale (the callback changed while it waited) costs a read: the callback is reserved as stored', async () => {
    await waiting('c1', { _device_os: 'comet', _device_notification_id: 'dev-1' });
    const record = callbacks.records.get('c1')!;
    callbacks.records.set('c1', {
      ...record,
      version: record.version + 1,
      properties: { _device_os: 'comet', _device_notification_id: 'dev-2' },
    });
    const order = calls();
    await changeAvailabilityReady();
    expect(order).toEqual(['reserve c1', 'get c1', 'reserve c1']);
    expect(pushes.map((p) => p.target.deviceNotificationId)).toEqual(['dev-2']);
    expect(callbacks.records.get('c1')).toMatchObject({
      state: 'ROUTING',
      agentId: 'a1',
      version: record.version + 2,
    });
  });

  it('a copy still current whose transaction failed (the agent moved) is not tried again from the record', async () => {
    await waiting('c1', {});
    const read = (await routing.getAgent('a1'))!;
    await routing.saveAgent({ ...read, state: 'READY', version: read.version + 1 }, read.version);
    const stale = (await routing.getAgent('a1'))!;
    await routing.saveAgent({ ...stale, version: stale.version + 1 }, stale.version);
    const order = calls();
    await serveAgent(deps, 'a1', stale);
    expect(order).toEqual(['reserve c1', 'get c1']);
    expect(callbacks.records.get('c1')).toMatchObject({ state: 'QUEUED' });
  });

  it('a callback cancelled while it waited is not reserved: its entry goes and the agent stays READY', async () => {
    await waiting('c1', {});
    const record = callbacks.records.get('c1')!;
    callbacks.records.set('c1', {
      ...record,
      state: 'COMPLETED',
      reason: 'CANCELLED',
      version: record.version + 1,
    });
    await changeAvailabilityReady();
    expect(pushes).toEqual([]);
    expect(await routing.waitingHead('default', 5)).toEqual([]);
    expect(await routing.getAgent('a1')).toMatchObject({ state: 'READY' });
  });

  it('a failed read after the push leaves the reservation and the push as they are (logged, not thrown)', async () => {
    await waiting('c1', {});
    callbacks.get = async () => {
      throw new Error('read failed (test)');
    };
    await changeAvailabilityReady();
    expect(pushes).toHaveLength(1);
    expect(callbacks.records.get('c1')).toMatchObject({ state: 'ROUTING', agentId: 'a1' });
    expect(published.filter((e) => e.after.state === 'ROUTING')).toEqual([]);
  });

  it('a plan that dials reads the callback first (the dial needs it whole)', async () => {
    await agent('a1', false);
    await queued('c1');
    await routeCallback(deps, 'c1');
    expect((await routing.waitingHead('default', 5))[0]!.copy).toBeDefined();
    const order = calls();
    await changeAvailabilityReady();
    expect(order.slice(0, 2)).toEqual(['get c1', 'reserve c1']);
    expect(dials).toHaveLength(1);
  });

  /** a1 (NOT_READY) turns READY: served from the queue heads at once. */
  async function changeAvailabilityReady() {
    const read = (await routing.getAgent('a1'))!;
    await routing.saveAgent({ ...read, state: 'READY', version: read.version + 1 }, read.version);
    await serveAgent(deps, 'a1');
  }
});

describe('dial results', () => {
  beforeEach(async () => {
    await agent('a1', true);
    await queued('c1');
    await routeCallback(deps, 'c1');
  });

  it('answered and complete read the agent and the callback once each (the agent the request read: not again)', async () => {
    const reads = { agent: 0, callback: 0 };
    const getAgent = routing.getAgent.bind(routing);
    const get = callbacks.get.bind(callbacks);
    routing.getAgent = (id) => (reads.agent++, getAgent(id));
    callbacks.get = (id) => (reads.callback++, get(id));
    await deliver({ kind: 'dial-result', id: 'c1', data: { outcome: 'answered', attempt: 1 } });
    expect(reads).toEqual({ agent: 1, callback: 1 });
    expect(await getAgent('a1')).toMatchObject({ state: 'BUSY', phase: 'connected' });

    const read = await getAgent('a1');
    Object.assign(reads, { agent: 0, callback: 0 });
    await completeWork(deps, 'a1', 'READY', read);
    expect(reads).toEqual({ agent: 0, callback: 1 });
    expect(await get('c1')).toMatchObject({ state: 'COMPLETED', reason: 'AGENT_CONNECTED' });
    expect(await getAgent('a1')).toMatchObject({ state: 'READY', handled: 1 });

    // A stale copy only costs the read it saved: the conditional put fails and the agent is read.
    await queued('c2');
    await routeCallback(deps, 'c2');
    await deliver({ kind: 'dial-result', id: 'c2', data: { outcome: 'answered', attempt: 1 } });
    const stale = await getAgent('a1');
    await routing.saveAgent({ ...stale!, version: stale!.version + 1 }, stale!.version);
    await completeWork(deps, 'a1', 'NOT_READY', stale);
    expect(await get('c2')).toMatchObject({ state: 'COMPLETED', reason: 'AGENT_CONNECTED' });
    expect(await getAgent('a1')).toMatchObject({ state: 'NOT_READY', handled: 2 });
  });

  it('answered: PROCESSING with the agent BUSY; complete: AGENT_CONNECTED and the handle time recorded', async () => {
    await deliver({ kind: 'dial-result', id: 'c1', data: { outcome: 'answered', attempt: 1 } });
    expect((await callbacks.get('c1'))?.state).toBe('PROCESSING');
    expect(await routing.getAgent('a1')).toMatchObject({ state: 'BUSY', phase: 'connected' });

    clock.advance(95);
    await completeWork(deps, 'a1', 'READY');
    expect(await callbacks.get('c1')).toMatchObject({ state: 'COMPLETED', reason: 'AGENT_CONNECTED' });
    expect(callbacks.counters.get('dedup#c1')).toBe(0);
    expect(await routing.getAgent('a1')).toMatchObject({ state: 'READY', handled: 1 });
    expect(await routing.recentHandleTimes('default', 10)).toEqual([95]);
  });

  it('busy or no answer: retries after _dial_retry_timeout up to _max_dial_attempts, then FAIL_CALL_TO_CUSTOMER', async () => {
    for (let attempt = 1; attempt <= 3; attempt++) {
      await deliver({
        kind: 'dial-result',
        id: 'c1',
        data: { outcome: attempt === 2 ? 'no-answer' : 'busy', attempt },
      });
      if (attempt < 3) {
        const retry = sent.filter((s) => s.message.kind === 'dial-retry').at(-1)!;
        expect(retry).toEqual({
          message: { kind: 'dial-retry', id: 'c1', data: { agentId: 'a1', attempt: attempt + 1 } },
          delayMs: 10_000,
        });
        expect((await routing.getAgent('a1'))?.phase).toBe('retry-wait');
        await deliver(retry.message);
      }
    }
    expect(dials.map((d) => d.attempt)).toEqual([1, 2, 3]);
    expect(await callbacks.get('c1')).toMatchObject({ state: 'COMPLETED', reason: 'FAIL_CALL_TO_CUSTOMER' });
    expect(callbacks.counters.get('dedup#c1')).toBe(0);
    const a1 = await routing.getAgent('a1');
    expect(a1?.state).toBe('READY');
    expect(a1?.callbackId).toBeUndefined();
  });

  it('ignores a duplicate or stale dial result', async () => {
    const busy = { kind: 'dial-result', id: 'c1', data: { outcome: 'busy', attempt: 1 } };
    await deliver(busy);
    await deliver(busy);
    expect(sent.filter((s) => s.message.kind === 'dial-retry')).toHaveLength(1);
    await deliver({ kind: 'dial-result', id: 'c1', data: { outcome: 'answered', attempt: 1 } });
    expect((await callbacks.get('c1'))?.state).toBe('ROUTING');
  });

  it('drops a dial result without a valid outcome', async () => {
    await deliver({ kind: 'dial-result', id: 'c1', data: { outcome: 'maybe' } });
    expect((await callbacks.get('c1'))?.state).toBe('ROUTING');
  });

  it('a dial with no result by its deadline: the tick frees the agent and requeues the callback at once', async () => {
    clock.advance(119);
    await recoverReservations(deps);
    expect((await routing.getAgent('a1'))?.phase).toBe('dialing');
    clock.advance(2);
    sent.length = 0;
    // Two ticks at once (a retried invocation): one recovery.
    await Promise.all([recoverReservations(deps), recoverReservations(deps)]);
    const record = await callbacks.get('c1');
    expect(record).toMatchObject({ state: 'QUEUED', dialAttempts: 1, version: 3 });
    expect(record?.agentId).toBeUndefined();
    expect(await routing.getAgent('a1')).toMatchObject({ state: 'READY' });
    expect((await routing.getAgent('a1'))?.callbackId).toBeUndefined();
    expect([...routing.waiting.values()]).toMatchObject([{ callbackId: 'c1', queuedAt: record!.queuedAt }]);
    expect(sent.map((m) => m.message)).toEqual([
      { kind: 'agent-ready', id: 'a1' },
      { kind: 'route-callback', id: 'c1' },
    ]);
    // No retry wait: the next reservation dials the next attempt right away.
    await deliver(sent[1]!.message);
    expect(await routing.getAgent('a1')).toMatchObject({ state: 'RESERVED', phase: 'dialing', attempt: 2 });
    expect(dials.map((d) => d.attempt)).toEqual([1, 2]);
  });

  it('a late result for the recovered attempt changes nothing; the current attempt still counts', async () => {
    clock.advance(121);
    await recoverReservations(deps);
    await routeCallback(deps, 'c1');
    const before = await callbacks.get('c1');
    const agentBefore = await routing.getAgent('a1');
    expect(agentBefore).toMatchObject({ phase: 'dialing', attempt: 2 });
    for (const outcome of ['answered', 'busy'] as const) {
      await deliver({ kind: 'dial-result', id: 'c1', data: { outcome, attempt: 1, agentId: 'a1' } });
    }
    expect(await callbacks.get('c1')).toEqual(before);
    expect(await routing.getAgent('a1')).toEqual(agentBefore);
    expect(sent.filter((m) => m.message.kind === 'dial-retry')).toEqual([]);
    await deliver({ kind: 'dial-result', id: 'c1', data: { outcome: 'answered', attempt: 2 } });
    expect((await callbacks.get('c1'))?.state).toBe('PROCESSING');
  });

  it('a result racing the recovery: whichever writes first wins, the other changes nothing', async () => {
    await deliver({ kind: 'dial-result', id: 'c1', data: { outcome: 'answered', attempt: 1 } });
    clock.advance(121);
    await recoverReservations(deps);
    expect((await callbacks.get('c1'))?.state).toBe('PROCESSING');
    expect((await routing.getAgent('a1'))?.state).toBe('BUSY');
  });

  it('the last attempt lost: FAIL_CALL_TO_CUSTOMER and the agent free', async () => {
    services.cb!._max_dial_attempts = '2';
    clock.advance(121);
    await recoverReservations(deps);
    await routeCallback(deps, 'c1');
    clock.advance(121);
    await recoverReservations(deps);
    expect(dials.map((d) => d.attempt)).toEqual([1, 2]);
    expect(await callbacks.get('c1')).toMatchObject({ state: 'COMPLETED', reason: 'FAIL_CALL_TO_CUSTOMER' });
    expect(callbacks.counters.get('dedup#c1')).toBe(0);
    expect(await routing.getAgent('a1')).toMatchObject({ state: 'READY' });
  });

  it('drops a dial result without its attempt', async () => {
    await deliver({ kind: 'dial-result', id: 'c1', data: { outcome: 'answered' } });
    expect((await callbacks.get('c1'))?.state).toBe('ROUTING');
  });
});

describe('offers', () => {
  beforeEach(() => {
    services.cb!._userterminated_first_connect_party = 'AGENT';
  });

  it('AGENT first: the agent accepts, then the customer is dialled', async () => {
    await agent('a1', true);
    await queued('c1');
    await routeCallback(deps, 'c1');
    expect(await routing.getAgent('a1')).toMatchObject({ state: 'RESERVED', phase: 'offered' });
    expect(dials).toHaveLength(0);
    await acceptOffer(deps, 'a1');
    expect(dials).toHaveLength(1);
    await expect(acceptOffer(deps, 'a1')).rejects.toBeInstanceOf(ConflictError);
  });

  it('reject: back to the queue (after a short backoff), agent NOT_READY, rejects counted', async () => {
    await agent('a1', true);
    await queued('c1');
    await routeCallback(deps, 'c1');
    await rejectOffer(deps, 'a1');
    expect((await callbacks.get('c1'))?.state).toBe('QUEUED');
    expect((await callbacks.get('c1'))?.agentId).toBeUndefined();
    expect(await routing.getAgent('a1')).toMatchObject({ state: 'NOT_READY', rejects: 1 });
    expect([...routing.waiting.values()][0]).toMatchObject({ callbackId: 'c1', rejects: 1 });
    expect(sent.at(-1)).toEqual({ message: { kind: 'route-callback', id: 'c1' }, delayMs: 2000 });

    await agent('a2', true);
    await serveAgent(deps, 'a2');
    expect((await callbacks.get('c1'))?.state).toBe('QUEUED');
    clock.advance(2);
    await serveAgent(deps, 'a2');
    expect(await callbacks.get('c1')).toMatchObject({ state: 'ROUTING', agentId: 'a2' });
  });

  it('reject keeps the attempt numbers the reservation used: the next dial never repeats one', async () => {
    await agent('a1', true);
    await queued('c1', { dialAttempts: 1 });
    await routeCallback(deps, 'c1');
    // A reservation that got as far as attempt 2 before going back to the queue.
    const offered = (await routing.getAgent('a1'))!;
    expect(offered.phase).toBe('offered');
    expect(
      await routing.saveAgent({ ...offered, attempt: 2, version: offered.version + 1 }, offered.version),
    ).toBe(true);
    await rejectOffer(deps, 'a1');
    expect(await callbacks.get('c1')).toMatchObject({ state: 'QUEUED', dialAttempts: 2 });

    await agent('a2', true);
    clock.advance(2);
    await serveAgent(deps, 'a2');
    await acceptOffer(deps, 'a2');
    expect(dials.map((d) => d.attempt)).toEqual([3]);
  });

  it('completes after _max_agent_rejects rejects', async () => {
    services.cb!._max_agent_rejects = '1';
    await agent('a1', true);
    await queued('c1');
    await routeCallback(deps, 'c1');
    await rejectOffer(deps, 'a1');
    expect(await callbacks.get('c1')).toMatchObject({
      state: 'COMPLETED',
      reason: 'AGENT_PREVIEW_CANCEL_AFTER_1REJECTS',
    });
    expect(routing.waiting.size).toBe(0);
  });

  it('an offer nobody answers goes back to the queue and the agent becomes NOT_READY (tick)', async () => {
    await agent('a1', true);
    await queued('c1');
    await routeCallback(deps, 'c1');
    clock.advance(AGENT_ACCEPT_TIMEOUT_MS / 1000 - 1);
    await recoverReservations(deps);
    expect((await callbacks.get('c1'))?.state).toBe('ROUTING');
    clock.advance(2);
    await recoverReservations(deps);
    expect((await callbacks.get('c1'))?.state).toBe('QUEUED');
    expect(await routing.getAgent('a1')).toMatchObject({ state: 'NOT_READY', rejects: 0 });
  });
});

describe('tick', () => {
  it('expires callbacks waiting past their deadline with FAIL_TIMEOUT_TTL', async () => {
    await queued('c1', { expiresAt: clock.now() + 60_000 });
    await routeCallback(deps, 'c1');
    clock.advance(61);
    await sweepWaitingQueue(deps);
    expect(await callbacks.get('c1')).toMatchObject({ state: 'COMPLETED', reason: 'FAIL_TIMEOUT_TTL' });
    expect(routing.waiting.size).toBe(0);
  });

  it('expires QUEUED and SCHEDULED callbacks past expiresAt outside the waiting queue, giving back their guards', async () => {
    const UO_IMMEDIATE = { ...UT_IMMEDIATE, direction: 'USERORIGINATED' as const };
    await queued('uoi', { scenario: UO_IMMEDIATE, expiresAt: clock.now() + 5_000 });
    await routeCallback(deps, 'uoi'); // no call yet: not in the waiting queue
    expect(routing.waiting.size).toBe(0);
    await queued('sched', { state: 'SCHEDULED', expiresAt: clock.now() + 5_000 });
    await queued('routing', { state: 'ROUTING', agentId: 'a1', expiresAt: clock.now() + 5_000 });
    await queued('later', { scenario: UO_IMMEDIATE, expiresAt: clock.now() + 60_000 });
    clock.advance(6);
    await expireCallbacks(deps);
    // The tick hands each expiry shard to a worker.
    for (const { message } of sent.filter((m) => m.message.kind === 'expire-shard'))
      await expireShard(deps, message);
    for (const id of ['uoi', 'sched']) {
      expect(await callbacks.get(id)).toMatchObject({
        state: 'COMPLETED',
        reason: 'FAIL_TIMEOUT_TTL',
        guards: [],
      });
      expect(callbacks.counters.get(`dedup#${id}`)).toBe(0);
    }
    expect((await callbacks.get('routing'))?.state).toBe('ROUTING');
    expect((await callbacks.get('later'))?.state).toBe('QUEUED');
  });

  it('re-offers waiting callbacks to READY agents (a lost message) and drops entries of cancelled callbacks', async () => {
    await queued('gone');
    await queued('c1', { queuedAt: clock.now() + 1 });
    await routeCallback(deps, 'gone');
    await routeCallback(deps, 'c1');
    callbacks.records.set('gone', {
      ...callbacks.records.get('gone')!,
      state: 'COMPLETED',
      reason: 'CANCELLED',
    });
    await agent('a1', true);
    await sweepWaitingQueue(deps);
    expect(await callbacks.get('c1')).toMatchObject({ state: 'ROUTING', agentId: 'a1' });
    expect(routing.waiting.size).toBe(0);
  });

  it('frees an agent whose callback was cancelled while reserved', async () => {
    services.cb!._userterminated_first_connect_party = 'AGENT';
    await agent('a1', true);
    await queued('c1');
    await routeCallback(deps, 'c1');
    callbacks.records.set('c1', { ...callbacks.records.get('c1')!, state: 'COMPLETED', reason: 'CANCELLED' });
    await deliver({ kind: 'callback-ended', id: 'c1' });
    expect((await routing.getAgent('a1'))?.state).toBe('READY');
  });
});

describe('callback events', () => {
  /** Each published change as `from -> to`, its version, and whether reports count it. */
  const moves = () =>
    published.map(
      (e) =>
        `${e.before?.state ?? 'new'} -> ${e.after.state} v${e.after.version}${e.statusOnly ? ' (status only)' : ''}`,
    );

  it('each write publishes its change once, after it; the reservation as a status notification only', async () => {
    await agent('a1', true);
    await queued('c1');
    await routeCallback(deps, 'c1');
    await routeCallback(deps, 'c1');
    await deliver({ kind: 'dial-result', id: 'c1', data: { outcome: 'answered', attempt: 1 } });
    await deliver({ kind: 'dial-result', id: 'c1', data: { outcome: 'answered', attempt: 1 } });
    await completeWork(deps, 'a1', 'READY');
    expect(moves()).toEqual([
      'QUEUED -> ROUTING v2 (status only)',
      'ROUTING -> PROCESSING v3',
      'PROCESSING -> COMPLETED v4',
    ]);
    expect(published.map((e) => e.after)).toEqual([
      expect.objectContaining({ agentId: 'a1' }),
      expect.objectContaining({ agentId: 'a1' }),
      await callbacks.get('c1'),
    ]);
  });

  it('a lost dial given back is a status notification only; a rejected offer is counted', async () => {
    await agent('a1', true);
    await queued('c1');
    await routeCallback(deps, 'c1');
    clock.advance(121_000);
    await recoverReservations(deps);
    expect(moves()).toEqual(['QUEUED -> ROUTING v2 (status only)', 'ROUTING -> QUEUED v3 (status only)']);

    published.length = 0;
    services.cb!._userterminated_first_connect_party = 'AGENT';
    await queued('c2');
    await agent('a2', true);
    await routeCallback(deps, 'c2');
    await rejectOffer(deps, (await callbacks.get('c2'))!.agentId!);
    expect(moves()).toEqual(['QUEUED -> ROUTING v2 (status only)', 'ROUTING -> QUEUED v3']);
  });
});

describe('route-callback carrying the callback as its sender wrote it', () => {
  const carrying = (record: CallbackRecord): WorkMessage => ({
    kind: 'route-callback',
    id: record.id,
    version: record.version,
    data: { callback: queuedCallbackOf(record) },
  });

  it('queues from the copy and reserves the READY agent with the stored record', async () => {
    await agent('billing', true, { groups: ['Billing'] });
    const record = await queued('c1', { target: 'Billing@StatServer.GA' });

    await deliver(carrying(record));

    expect(callbacks.records.get('c1')).toMatchObject({ state: 'ROUTING', agentId: 'billing' });
    expect(dials).toHaveLength(1);
    expect(routing.waiting.size).toBe(0);
    expect(routing.reservations).toBe(1);
  });

  it('queues a copy once however often the message comes, with no agent READY', async () => {
    const record = await queued('c1', { target: 'Billing@StatServer.GA' });

    await deliver(carrying(record));
    await deliver(carrying(record));
    await Promise.all([deliver(carrying(record)), deliver(carrying(record))]);

    expect([...routing.waiting.values()].map((e) => e.callbackId)).toEqual(['c1']);
    expect((await routing.queueTotals('Billing@StatServer.GA')).issued).toBe(1);
  });

  it('a stale copy (the callback cancelled since) queues nothing', async () => {
    const record = await queued('c1', { target: 'Billing@StatServer.GA' });
    callbacks.records.set('c1', { ...record, state: 'COMPLETED', reason: 'CANCELLED', version: 2 });

    await deliver(carrying(record));

    expect(routing.waiting.size).toBe(0);
    expect(callbacks.records.get('c1')).toMatchObject({ state: 'COMPLETED', version: 2 });
  });

  it('a copy that no longer matches its message is ignored: the stored record decides', async () => {
    const record = await queued('c1', { target: 'Billing@StatServer.GA' });
    const message = carrying(record);

    await deliver({ ...message, version: 7 });

    // Routed from the stored record (QUEUED at version 1), as a message without a copy.
    expect([...routing.waiting.values()].map((e) => e.callbackId)).toEqual(['c1']);
  });
});

describe('the agent-available push across a crash', () => {
  const DELAYED = { ...UT_IMMEDIATE, waitForAgent: true, waitForUserConfirm: true };

  it('is recorded with the reservation and forgotten once posted', async () => {
    await agent('a1', true);
    await queued('c1', { scenario: DELAYED });
    await routeCallback(deps, 'c1');
    expect(pushes).toHaveLength(1);
    expect(routing.pushes.size).toBe(0);
  });

  it('a post that never happened stays pending: the tick posts it once, after its grace, with the same id and the confirm time again', async () => {
    await agent('a1', true);
    await queued('c1', { scenario: DELAYED });
    const notify = deps.push.notify;
    deps.push.notify = async () => {
      throw new Error('died (test)');
    };
    await routeCallback(deps, 'c1');
    deps.push.notify = notify;
    expect(pushes).toHaveLength(0);
    const pending = routing.pushes.get('c1');
    expect(pending).toMatchObject({ callbackId: 'c1', agentId: 'a1', phaseMs: 30_000 });

    // Within the grace the tick leaves it; past the confirm time the reservation is not timed out.
    clock.advance(PENDING_PUSH_GRACE_MS / 1000 - 1);
    await recoverPendingPushes(deps);
    await recoverReservations(deps);
    expect(pushes).toHaveLength(0);
    expect((await callbacks.get('c1'))?.state).toBe('ROUTING');

    clock.advance(2);
    await recoverPendingPushes(deps);
    await recoverReservations(deps);
    expect(pushes).toEqual([{ target: pending!.target, notification: pending!.notification }]);
    expect(pushes[0]!.notification.id).toBe(pending!.notification.id);
    expect(routing.pushes.size).toBe(0);
    expect(await routing.getAgent('a1')).toMatchObject({
      state: 'RESERVED',
      phase: 'awaiting-customer',
      deadline: clock.now() + 30_000,
    });
    await recoverPendingPushes(deps);
    expect(pushes).toHaveLength(1);

    // Told, the customer that never confirms times out as before.
    clock.advance(31);
    await recoverReservations(deps);
    expect(await callbacks.get('c1')).toMatchObject({ state: 'COMPLETED', reason: 'FAIL_USER_NO_CONFIRM' });
  });

  it("looks up the push's recipients while the reservation commits, and posts to those", async () => {
    await agent('a1', true);
    await queued('c1', { scenario: DELAYED });
    const order: string[] = [];
    const reserve = routing.reserve.bind(routing);
    routing.reserve = async (reservation) => {
      order.push('reservation sent');
      const done = await reserve(reservation);
      order.push('reservation committed');
      return done;
    };
    const looked: PushRecipients = { subscribers: ['conn-1'], cometUser: 'u1' };
    deps.push.recipients = async (sessionId) => {
      order.push(`recipients of ${sessionId} looked up`);
      return looked;
    };
    let given: PushRecipients | undefined;
    deps.push.notify = async (target, notification, recipients) => {
      order.push('posted');
      given = await recipients;
      pushes.push({ target, notification });
    };

    await routeCallback(deps, 'c1');

    expect(order).toEqual([
      'recipients of c1 looked up',
      'reservation sent',
      'reservation committed',
      'posted',
    ]);
    expect(given).toBe(looked);
    expect(pushes).toHaveLength(1);
  });

  it('a reservation that loses its race posts nothing and leaves a failed lookup unawaited, unreported', async () => {
    await agent('a1', true);
    await queued('c1', { scenario: DELAYED });
    routing.reserve = async () => false;
    let lookups = 0;
    deps.push.recipients = async () => {
      lookups++;
      throw new Error('connections table unreachable (test)');
    };

    expect(await routeCallback(deps, 'c1')).toBe(false);
    // An unhandled rejection would fail this file's run (vitest reports it as an error).
    await new Promise((r) => setTimeout(r, 10));
    expect(lookups).toBe(1);
    expect(pushes).toEqual([]);
    expect((await callbacks.get('c1'))?.state).toBe('QUEUED');
  });

  it('a pending push whose reservation ended is forgotten, not posted', async () => {
    await agent('a1', true);
    await queued('c1', { scenario: DELAYED });
    const notify = deps.push.notify;
    deps.push.notify = async () => {
      throw new Error('died (test)');
    };
    await routeCallback(deps, 'c1');
    deps.push.notify = notify;
    const record = await callbacks.get('c1');
    callbacks.records.set('c1', { ...record!, state: 'COMPLETED', version: record!.version + 1 });
    clock.advance(PENDING_PUSH_GRACE_MS / 1000 + 1);
    await recoverPendingPushes(deps);
    expect(pushes).toHaveLength(0);
    expect(routing.pushes.size).toBe(0);
  });
});
