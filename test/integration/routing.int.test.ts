import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultServiceOptions } from '../../functions/domain/service-template.js';
import { builtinTemplate } from '../../functions/domain/templates/index.js';
import { jsonBody, startTestServer, type TestResponse, type TestServer } from '../support/test-server.js';

/**
 * The built-in router end to end through HTTP: agents played through the agent API, callbacks
 * created through the Callback Services API, dials answered by the local dialer simulator, and
 * the real work queue in between.
 */
describe('built-in router, agent API, dialer and queue position', () => {
  let s: TestServer;
  let n = 0;
  const nextNumber = () => `5552${String(++n).padStart(6, '0')}`;

  const dialer = (init?: RequestInit) =>
    fetch(`http://127.0.0.1:${s.port}/genesys/local/dialer`, init) as Promise<TestResponse>;
  const agentPost = (id: string, action: string, body: unknown = {}) =>
    s.admin(`/agents/${id}/${action}`, jsonBody(body));
  const agentGet = async (id: string) => (await s.admin(`/agents/${id}`)).json();
  const callback = async (id: string) => {
    const [view] = await (await s.fetch(`/service/callback?_id=${id}`)).json();
    return view as Record<string, string>;
  };
  const create = async (service: string, body: Record<string, string> = {}): Promise<string> => {
    const res = await s.fetch(
      `/service/callback/${service}`,
      jsonBody({ _customer_number: nextNumber(), ...body }),
    );
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json())._id as string;
  };
  /** Polls until `check` holds (work runs on the queue); fails with the last value seen. */
  async function until<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
    let value = await read();
    for (let i = 0; i < 200 && !check(value); i++) {
      await new Promise((r) => setTimeout(r, 50));
      value = await read();
    }
    expect(check(value), JSON.stringify(value)).toBe(true);
    return value;
  }

  beforeAll(async () => {
    s = await startTestServer();
    const template = builtinTemplate('callback')!;
    const put = async (name: string, preset: string, extra: Record<string, string>) => {
      const res = await s.admin(
        `/admin/services/${name}`,
        jsonBody({ ...defaultServiceOptions(template, preset), ...extra }, 'PUT'),
      );
      expect(res.status, await res.clone().text()).toBe(200);
    };
    await put('rt-uti', 'User-Terminated-Immediate', {
      _target: 'Billing@StatServer.GA',
      _dial_retry_timeout: '0',
      _max_dial_attempts: '3',
    });
    await put('rt-race', 'User-Terminated-Immediate', { _target: 'Race@StatServer.GA' });
    await put('rt-copy', 'User-Terminated-Delayed', { _target: 'Copy@StatServer.GA' });
    await put('rt-pos', 'User-Terminated-Immediate', {
      _target: 'English=20&Loans=2@StatServer.GA',
      _urs_virtual_queue: 'VQ_POS',
    });
    expect((await dialer(jsonBody({ delay_ms: 0 }))).status).toBe(200);
  });
  afterAll(async () => {
    await s?.stop();
  });

  describe('agent API', () => {
    it('logs an agent in, makes it READY and NOT_READY, lists it', async () => {
      const login = await agentPost('ann', 'login', {
        name: 'Ann',
        groups: 'Nobody,Other',
        skills: 'English=30',
      });
      expect(login.status, await login.clone().text()).toBe(200);
      expect(await login.json()).toMatchObject({
        id: 'ann',
        name: 'Ann',
        state: 'NOT_READY',
        groups: ['Nobody', 'Other'],
        skills: { English: 30 },
        handled: 0,
      });
      expect((await (await agentPost('ann', 'ready')).json()).state).toBe('READY');
      expect((await (await agentPost('ann', 'not-ready')).json()).state).toBe('NOT_READY');
      const list = await (await s.admin('/agents')).json();
      expect(list.map((a: { id: string }) => a.id)).toContain('ann');
      expect((await (await agentPost('ann', 'logout')).json()).state).toBe('LOGGED_OUT');
      expect((await agentPost('ann', 'ready')).status).toBe(409);
    });

    it('refuses bad input naming the parameter, unknown agents and anonymous callers', async () => {
      const skills = await agentPost('bob', 'login', { skills: 'English=high' });
      expect(skills.status).toBe(400);
      expect((await skills.json()).parameter).toBe('skills');
      const ready = await agentPost('bob', 'login', { ready: 'perhaps' });
      expect(ready.status).toBe(400);
      expect((await ready.json()).parameter).toBe('ready');
      const id = await agentPost('bad%20id', 'login');
      expect(id.status).toBe(400);
      expect((await id.json()).parameter).toBe('agentId');
      expect((await s.admin('/agents/nobody-here')).status).toBe(404);
      expect((await agentPost('nobody-here', 'accept')).status).toBe(404);
      expect((await s.fetch('/agents')).status).toBe(401);
      const idle = await agentPost('idle', 'login', { ready: true, groups: ['Idle'] });
      expect(idle.status).toBe(200);
      const accept = await agentPost('idle', 'accept');
      expect(accept.status).toBe(409);
      expect((await accept.json()).message).toContain('holds no callback');
    });
  });

  describe("the waiting entry's copy of its callback", () => {
    it('reserves from the copy, and from the callback as stored once it changed while it waited', async () => {
      expect((await agentPost('cora', 'login', { groups: ['Copy'] })).status).toBe(200);
      const fresh = await create('rt-copy', { _device_os: 'comet', _device_notification_id: 'dev-1' });
      const changed = await create('rt-copy', { _device_os: 'comet', _device_notification_id: 'dev-1' });
      for (const id of [fresh, changed]) {
        const entry = await until(
          () => s.deps.routing.getWaiting(id),
          (e) => e !== undefined,
        );
        const stored = await s.deps.callbacks.get(id);
        expect(entry!.copy).toEqual({
          version: stored!.version,
          scenario: stored!.scenario,
          deviceOs: 'comet',
          deviceNotificationId: 'dev-1',
        });
      }
      // The second one changes while it waits: its entry's copy is stale from then on.
      const put = await s.fetch(
        `/service/callback/rt-copy/${changed}`,
        jsonBody({ _device_notification_id: 'dev-2' }, 'PUT'),
      );
      expect(put.status, await put.clone().text()).toBe(200);
      const versions = new Map<string, number>();
      for (const id of [fresh, changed]) versions.set(id, (await s.deps.callbacks.get(id))!.version);

      // Each READY takes the head: the first from its copy, the second after the copy's
      // transaction failed its version condition on DynamoDB, from the callback as read.
      for (const id of [fresh, changed]) {
        expect((await agentPost('cora', 'ready')).status).toBe(200);
        const routed = await s.deps.callbacks.get(id);
        expect(routed).toMatchObject({ state: 'ROUTING', agentId: 'cora', version: versions.get(id)! + 1 });
        expect(await s.deps.routing.getWaiting(id)).toBeUndefined();
        expect(await s.deps.routing.pendingPush(id)).toBeUndefined(); // posted, then forgotten
        const done = await agentPost('cora', 'reject');
        expect(done.status, await done.clone().text()).toBe(200);
        const cancel = await s.fetch(`/service/callback/rt-copy/${id}`, { method: 'DELETE' });
        expect(cancel.status, await cancel.clone().text()).toBe(200);
      }
      expect((await s.deps.callbacks.get(changed))!.properties._device_notification_id).toBe('dev-2');
    });
  });

  describe('user-terminated immediate', () => {
    it('routes to a READY agent, dials, connects on answer and completes with AGENT_CONNECTED', async () => {
      expect((await agentPost('bill', 'login', { groups: ['Billing'], ready: true })).status).toBe(200);
      const id = await create('rt-uti');
      const busy = await until(
        () => agentGet('bill'),
        (a) => a.state === 'BUSY',
      );
      expect(busy).toMatchObject({ phase: 'connected', dial_attempt: 1 });
      expect(busy.callback).toMatchObject({
        _id: id,
        _callback_state: 'PROCESSING',
        _service_name: 'rt-uti',
      });
      expect((await callback(id))._callback_state).toBe('PROCESSING');
      const calls = (await (await dialer()).json()).calls;
      expect(calls.filter((c: { callbackId: string }) => c.callbackId === id)).toEqual([
        expect.objectContaining({ agentId: 'bill', attempt: 1, outcome: 'answered' }),
      ]);

      const done = await agentPost('bill', 'complete', { ready: false });
      expect(done.status, await done.clone().text()).toBe(200);
      expect(await done.json()).toMatchObject({ state: 'NOT_READY', handled: 1 });
      expect(await callback(id)).toMatchObject({
        _callback_state: 'COMPLETED',
        _callback_reason: 'AGENT_CONNECTED',
      });
    });

    it('busy three times: FAIL_CALL_TO_CUSTOMER after _max_dial_attempts, the agent free again', async () => {
      const number = nextNumber();
      const scripted = await dialer(jsonBody({ number, outcomes: ['busy', 'no-answer', 'busy'] }));
      expect(scripted.status).toBe(200);
      expect((await agentPost('bill', 'ready')).status).toBe(200);
      const id = await create('rt-uti', { _customer_number: number });
      const failed = await until(
        () => callback(id),
        (c) => c._callback_state === 'COMPLETED',
      );
      expect(failed._callback_reason).toBe('FAIL_CALL_TO_CUSTOMER');
      const calls = (await (await dialer()).json()).calls.filter(
        (c: { callbackId: string }) => c.callbackId === id,
      );
      expect(calls.map((c: { attempt: number; outcome: string }) => [c.attempt, c.outcome])).toEqual([
        [1, 'busy'],
        [2, 'no-answer'],
        [3, 'busy'],
      ]);
      const freed = await until(
        () => agentGet('bill'),
        (a) => a.state === 'READY',
      );
      expect(freed.phase).toBeUndefined();
      expect(freed.callback).toBeUndefined();
      expect((await agentPost('bill', 'not-ready')).status).toBe(200);
    });

    it('refuses a dialer script with a bad outcome, naming it', async () => {
      const res = await dialer(jsonBody({ number: '1', outcomes: ['maybe'] }));
      expect(res.status).toBe(400);
      expect((await res.json()).parameter).toContain('outcomes');
    });
  });

  describe('races', () => {
    it('two agents racing ready for one callback: exactly one reservation', async () => {
      expect((await dialer(jsonBody({ default: 'busy' }))).status).toBe(200);
      for (const id of ['r1', 'r2'])
        expect((await agentPost(id, 'login', { groups: ['Race'] })).status).toBe(200);
      const id = await create('rt-race');
      await until(
        () => callback(id),
        (c) => c._callback_state === 'QUEUED',
      );
      const [a, b] = await Promise.all([agentPost('r1', 'ready'), agentPost('r2', 'ready')]);
      expect([a.status, b.status]).toEqual([200, 200]);
      const agents = await until(
        async () => [await agentGet('r1'), await agentGet('r2')],
        (list) => list.some((x) => x.state === 'RESERVED'),
      );
      const holders = agents.filter((x) => x.callback?._id === id);
      expect(holders).toHaveLength(1);
      expect(agents.map((x) => x.state).sort()).toEqual(['READY', 'RESERVED']);
      expect((await callback(id))._callback_state).toBe('ROUTING');
      expect((await dialer(jsonBody({ default: 'answered' }))).status).toBe(200);
    });
  });

  describe('queue position', () => {
    const ids: string[] = [];

    it('answers position, total, eta n/a and the threshold for three waiting callbacks', async () => {
      // Each create queues its callback through the work queue: each joins before the next is
      // created, so the three join one after the other (overlapping joins may share a ticket:
      // docs/ARCHITECTURE.md, built-in router).
      for (let i = 0; i < 3; i++) {
        ids.push(await create('rt-pos'));
        await until(
          () => s.deps.routing.getWaiting(ids[i]!),
          (entry) => entry !== undefined,
        );
      }
      for (const [i, id] of ids.entries()) {
        const res = await s.fetch(`/service/${id}/check-queue-position`, { method: 'POST' });
        expect(await res.json()).toEqual({
          _position: i + 1,
          _eta: 'n/a',
          _total_waiting: 3,
          _agent_ready_threshold_passed: true,
          _agent_ready_threshold_passed_reason: 'eta n/a',
        });
      }
      const get = await s.fetch(`/service/${ids[2]}/check-queue-position`);
      expect((await get.json())._position).toBe(3);
      expect((await s.fetch('/service/no-such-callback/check-queue-position')).status).toBe(404);
    });

    it('serves a higher _priority first and moves the others up', async () => {
      const vip = await create('rt-pos', { _priority: '10' });
      const res = await until(
        () => s.fetch(`/service/${vip}/check-queue-position`),
        (r) => r.status === 200,
      );
      expect(await res.json()).toMatchObject({ _position: 1, _total_waiting: 4 });
      expect((await (await s.fetch(`/service/${ids[0]}/check-queue-position`)).json())._position).toBe(2);

      // The skill expression: English >= 20 and Loans >= 2.
      expect(
        (await agentPost('junior', 'login', { skills: { English: 25, Loans: 1 }, ready: true })).status,
      ).toBe(200);
      expect((await agentGet('junior')).state).toBe('READY');
      expect(
        (await agentPost('senior', 'login', { skills: { English: 20, Loans: 2 }, ready: true })).status,
      ).toBe(200);
      const senior = await until(
        () => agentGet('senior'),
        (a) => a.state !== 'READY',
      );
      expect(senior.callback._id).toBe(vip);
      const next = await (await s.fetch(`/service/${ids[0]}/check-queue-position`)).json();
      expect(next).toMatchObject({ _position: 1, _total_waiting: 3 });
      expect((await s.fetch(`/service/${vip}/check-queue-position`)).status).toBe(200);
    });
  });
});
