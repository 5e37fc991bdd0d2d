import { beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../../../../functions/domain/errors.js';
import type { AgentRecord } from '../../../../functions/domain/routing/agent.js';
import type { DialRequest } from '../../../../functions/ports/dialer.js';
import type { WorkMessage } from '../../../../functions/ports/work-queue.js';
import { AgentHintCache } from '../../../../functions/adapters/agent-hint-cache.js';
import {
  becomeReady,
  changeAvailability,
  logIn,
  type AgentAvailabilityPorts,
} from '../../../../functions/use-cases/routing/agent-availability.js';
import { currentAgent, listAgents, readAgent } from '../../../../functions/use-cases/routing/agent-view.js';
import { routeCallback } from '../../../../functions/use-cases/routing/route-callback.js';
import { callbackRecord, UT_IMMEDIATE } from '../../../support/callback-fixture.js';
import { InMemoryCallbackStore } from '../../../support/in-memory-callback-store.js';
import { InMemoryRoutingStore } from '../../../support/in-memory-routing-store.js';
import { ManualClock } from '../../../support/manual-clock.js';

let clock: ManualClock;
let callbacks: InMemoryCallbackStore;
let routing: InMemoryRoutingStore;
let dials: DialRequest[];
let ports: AgentAvailabilityPorts;
let hints: AgentHintCache;

beforeEach(() => {
  clock = new ManualClock();
  callbacks = new InMemoryCallbackStore();
  routing = new InMemoryRoutingStore(callbacks);
  dials = [];
  hints = new AgentHintCache();
  const service = { _type: 'ors', _service: 'callback' };
  ports = {
    clock,
    callbacks,
    routing,
    queue: { send: async (_m: WorkMessage) => undefined, sendBatch: async () => undefined },
    dialer: { dial: async (r: DialRequest) => void dials.push(r) },
    push: { notify: async () => undefined, recipients: async () => ({ subscribers: [] }) },
    callbackEvents: { publish: async () => undefined },
    agentHints: hints,
    config: {
      get: async (_kind: string, name: string) =>
        name === 'cb' ? { kind: 'service', name, options: service, updatedAt: 0 } : undefined,
    },
  } as unknown as AgentAvailabilityPorts;
});

async function waiting(id: string, target = 'Sales@StatServer.GA'): Promise<void> {
  const record = callbackRecord({
    id,
    service: 'cb',
    state: 'QUEUED',
    scheduled: false,
    desiredTime: clock.now(),
    queuedAt: clock.now(),
    expiresAt: clock.now() + 3_600_000,
    customerNumber: '+33100000001',
    scenario: UT_IMMEDIATE,
    target,
  });
  callbacks.records.set(id, record);
  await routeCallback(ports, id);
}

/** The agent API's own flows over in-memory ports: login, availability, the agent as shown. */
describe('agent availability', () => {
  it('logs an agent in NOT_READY by default, and READY takes the waiting callback it serves', async () => {
    await waiting('c1');
    await logIn(ports, 'ann', { groups: ['Sales'] });
    expect((await currentAgent(ports, 'ann')).state).toBe('NOT_READY');
    expect(dials).toEqual([]);

    await changeAvailability(ports, 'ann', 'READY');
    expect(await readAgent(ports, 'ann')).toMatchObject({
      id: 'ann',
      state: 'RESERVED',
      phase: 'dialing',
      dial_attempt: 1,
      callback: { _id: 'c1', _service_name: 'cb', _callback_state: 'ROUTING' },
    });
    expect(dials.map((d) => d.callbackId)).toEqual(['c1']);
  });

  it('an agent logging in READY is offered the waiting callback at once', async () => {
    await waiting('c1');
    await logIn(ports, 'bob', { groups: ['Sales'], ready: true });
    expect((await currentAgent(ports, 'bob')).state).toBe('RESERVED');
  });

  it('refuses to log out an agent that holds a callback, and 404s an unknown agent', async () => {
    await waiting('c1');
    await logIn(ports, 'cat', { groups: ['Sales'], ready: true });
    await expect(changeAvailability(ports, 'cat', 'LOGGED_OUT')).rejects.toBeInstanceOf(ConflictError);
    await expect(readAgent(ports, 'nobody')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('READY with the agent as read: the queue heads are read while it is written READY, and the callback taken', async () => {
    await waiting('c1');
    await logIn(ports, 'dan', { groups: ['Sales'] });
    const read = await currentAgent(ports, 'dan');
    await changeAvailability(ports, 'dan', 'READY', read);
    expect(await readAgent(ports, 'dan')).toMatchObject({
      state: 'RESERVED',
      callback: { _id: 'c1', _callback_state: 'ROUTING' },
    });
    expect(dials.map((d) => d.callbackId)).toEqual(['c1']);
  });

  it('a callback that joins after the early read of the heads is still taken: the heads are read again', async () => {
    await logIn(ports, 'eve', { groups: ['Sales'] });
    const read = await currentAgent(ports, 'eve');
    // The early read sees no queue; the callback joins right after it, and its own routing step
    // (run before the agent's READY write, so it finds no READY agent) leaves it waiting.
    const queues = routing.activeQueues.bind(routing);
    let joined = false;
    routing.activeQueues = async () => {
      const out = await queues();
      if (!joined) {
        joined = true;
        const ready = routing.readyAgents.bind(routing);
        routing.readyAgents = async () => [];
        await waiting('c2');
        routing.readyAgents = ready;
      }
      return out;
    };
    await changeAvailability(ports, 'eve', 'READY', read);
    expect(joined).toBe(true);
    expect(await readAgent(ports, 'eve')).toMatchObject({
      state: 'RESERVED',
      callback: { _id: 'c2', _callback_state: 'ROUTING' },
    });
  });

  it('a stale read agent costs a retry, not a lost change: the READY write re-reads and still serves', async () => {
    await waiting('c3');
    await logIn(ports, 'fay', { groups: ['Sales'] });
    const stale = await currentAgent(ports, 'fay');
    await logIn(ports, 'fay', { groups: ['Sales'], name: 'Fay' }); // version moves on
    await changeAvailability(ports, 'fay', 'READY', stale);
    expect(await readAgent(ports, 'fay')).toMatchObject({
      name: 'Fay',
      state: 'RESERVED',
      callback: { _id: 'c3' },
    });
  });

  it('lists every agent that ever logged in, across pages', async () => {
    for (let i = 0; i < 230; i++) await logIn(ports, `a${String(i).padStart(3, '0')}`, {});
    const all = await listAgents(ports);
    expect(all).toHaveLength(230);
    expect(new Set(all.map((a) => a.id)).size).toBe(230);
  });

  it('READY from NOT_READY with a callback waiting reserves in the one transaction: no READY write first', async () => {
    await waiting('c1');
    await logIn(ports, 'ann', { groups: ['Sales'] });
    const read = await currentAgent(ports, 'ann');
    expect(read.state).toBe('NOT_READY');
    const saves: string[] = [];
    const save = routing.saveAgent.bind(routing);
    routing.saveAgent = async (agent, expected) => {
      saves.push(agent.state);
      return save(agent, expected);
    };
    const stored = await routing.getAgent('ann');
    await changeAvailability(ports, 'ann', 'READY', stored);
    expect(saves).toEqual([]);
    const after = await routing.getAgent('ann');
    expect(after).toMatchObject({ state: 'RESERVED', callbackId: 'c1', version: stored!.version + 1 });
    expect(after!.stateSince).toBe(clock.now());
    expect(await callbacks.get('c1')).toMatchObject({ state: 'ROUTING', agentId: 'ann' });
    expect(routing.reservations).toBe(1);
  });

  it('READY from NOT_READY whose reservation loses its race is written READY, then served from the queues read after', async () => {
    await waiting('c1');
    await logIn(ports, 'ann', { groups: ['Sales'] });
    const stored = await routing.getAgent('ann');
    // c1 changes (version + 1) right after it was read for the reservation: the transaction's
    // version condition fails; the agent is written READY and takes c1 as it is now.
    const get = callbacks.get.bind(callbacks);
    let bumped = false;
    callbacks.get = async (id) => {
      const record = await get(id);
      if (id === 'c1' && record && !bumped) {
        bumped = true;
        callbacks.records.set(id, { ...record, version: record.version + 1 });
      }
      return record;
    };
    const saves: string[] = [];
    const save = routing.saveAgent.bind(routing);
    routing.saveAgent = async (agent, expected) => {
      saves.push(agent.state);
      return save(agent, expected);
    };
    await changeAvailability(ports, 'ann', 'READY', stored);
    expect(bumped).toBe(true);
    expect(saves).toEqual(['READY']);
    expect(await routing.getAgent('ann')).toMatchObject({ state: 'RESERVED', callbackId: 'c1' });
    expect(await callbacks.get('c1')).toMatchObject({ state: 'ROUTING', agentId: 'ann' });
    expect(routing.reservations).toBe(1);
  });

  it('READY from NOT_READY takes the next head when another agent took the first meanwhile', async () => {
    await waiting('c1');
    await waiting('c2');
    await logIn(ports, 'ann', { groups: ['Sales'] });
    await logIn(ports, 'bob', { groups: ['Sales'] });
    const ann = await routing.getAgent('ann');
    const bob = await routing.getAgent('bob');
    // Both read the same heads; one transaction wins c1, the other moves on to c2.
    await Promise.all([
      changeAvailability(ports, 'ann', 'READY', ann),
      changeAvailability(ports, 'bob', 'READY', bob),
    ]);
    const holders = [await routing.getAgent('ann'), await routing.getAgent('bob')];
    expect(holders.map((a) => a!.state)).toEqual(['RESERVED', 'RESERVED']);
    expect(new Set(holders.map((a) => a!.callbackId))).toEqual(new Set(['c1', 'c2']));
    expect(routing.reservations).toBe(2);
  });

  it('READY from NOT_READY with nothing waiting writes the agent READY', async () => {
    await logIn(ports, 'ann', { groups: ['Sales'] });
    const stored = await routing.getAgent('ann');
    await changeAvailability(ports, 'ann', 'READY', stored);
    expect(await routing.getAgent('ann')).toMatchObject({ state: 'READY', version: stored!.version + 1 });
    expect(routing.reservations).toBe(0);
  });
});

/** READY from what this process last saw of the agent (`AgentHints`, `becomeReady`). */
describe('READY with a hint of the agent', () => {
  /** Starts of the routing reads, in order: `agent` (the agent's read) and `queues` (the heads' first read). */
  function tracedReads(): string[] {
    const order: string[] = [];
    const getAgent = routing.getAgent.bind(routing);
    const queues = routing.activeQueues.bind(routing);
    routing.getAgent = (id) => (order.push('agent'), getAgent(id));
    routing.activeQueues = () => (order.push('queues'), queues());
    return order;
  }

  it('reads the queue heads while it reads the agent, once, and takes the waiting callback', async () => {
    await waiting('c1');
    await logIn(ports, 'ann', { groups: ['Sales'] });
    const order = tracedReads();
    await becomeReady(ports, 'ann');
    expect(order).toEqual(['queues', 'agent']);
    expect(await routing.getAgent('ann')).toMatchObject({ state: 'RESERVED', callbackId: 'c1' });
    expect(dials.map((d) => d.callbackId)).toEqual(['c1']);
  });

  it('an agent this process never saw reads itself first, then the heads; one never logged in is a 404', async () => {
    await waiting('c1');
    await logIn({ ...ports, agentHints: new AgentHintCache() }, 'cat', { groups: ['Sales'] }); // another instance
    const order = tracedReads();
    await becomeReady(ports, 'cat');
    expect(order).toEqual(['agent', 'queues']);
    expect(await routing.getAgent('cat')).toMatchObject({ state: 'RESERVED', callbackId: 'c1' });
    await expect(becomeReady(ports, 'nobody')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('an agent whose groups changed since the hint is served from the heads of its new groups', async () => {
    await waiting('sales', 'Sales@StatServer.GA');
    await waiting('support', 'Support@StatServer.GA');
    await logIn(ports, 'ann', { groups: ['Sales'] });
    // Another instance logs ann in again with other groups: this process's hint is stale.
    await logIn({ ...ports, agentHints: new AgentHintCache() }, 'ann', { groups: ['Support'] });
    expect(hints.recall('ann')!.groups).toEqual(['Sales']);
    const saves: string[] = [];
    const save = routing.saveAgent.bind(routing);
    routing.saveAgent = async (agent, expected) => (saves.push(agent.state), save(agent, expected));
    await becomeReady(ports, 'ann');
    // The stale hint's heads are not used: the heads of Support are read for the reservation,
    // which takes the agent from NOT_READY in its one transaction (no READY write first).
    expect(saves).toEqual([]);
    expect(await routing.getAgent('ann')).toMatchObject({ state: 'RESERVED', callbackId: 'support' });
    expect(hints.recall('ann')!.groups).toEqual(['Support']);
    expect(await callbacks.get('sales')).toMatchObject({ state: 'QUEUED' });
  });

  it('a callback that joins after the hinted heads read empty is taken once the agent is READY', async () => {
    await logIn(ports, 'eve', { groups: ['Sales'] });
    const getAgent = routing.getAgent.bind(routing);
    let joined = false;
    routing.getAgent = async (id) => {
      if (!joined) {
        // The hinted heads were read (empty); the callback joins now, before the agent is READY,
        // so its own routing step finds no READY agent and leaves it waiting.
        joined = true;
        await waiting('c2');
      }
      return getAgent(id);
    };
    await becomeReady(ports, 'eve');
    expect(joined).toBe(true);
    expect(await routing.getAgent('eve')).toMatchObject({ state: 'RESERVED', callbackId: 'c2' });
  });
});

describe('AgentHintCache', () => {
  const agent = (id: string, groups: string[] = []): AgentRecord => ({
    id,
    name: id,
    state: 'NOT_READY',
    groups,
    queues: [],
    skills: {},
    stateSince: 0,
    handled: 0,
    rejects: 0,
    version: 1,
  });

  it('recalls the last record remembered for each agent and forgets the oldest beyond its bound', () => {
    const cache = new AgentHintCache(2);
    cache.remember(agent('a', ['x']));
    cache.remember(agent('b'));
    cache.remember(agent('a', ['y'])); // a is now the newest
    cache.remember(agent('c'));
    expect(cache.recall('a')?.groups).toEqual(['y']);
    expect(cache.recall('b')).toBeUndefined();
    expect(cache.recall('c')?.id).toBe('c');
  });
});
