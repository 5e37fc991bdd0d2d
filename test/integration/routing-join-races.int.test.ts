import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultServiceOptions } from '../../functions/domain/service-template.js';
import { builtinTemplate } from '../../functions/domain/templates/index.js';
import { jsonBody, startTestServer, type TestServer } from '../support/test-server.js';

/**
 * A new callback's routing step reads the READY set only when someone who could serve its target
 * is logged in (`readyAgents(..., { onlyIfServing })`, after its waiting entry is written). These
 * race agents logging in READY against creates over HTTP, with the minute tick and the dialer held
 * off, so only the two paths themselves (the callback's routing step, the agent's look at the
 * queue heads) can pair them: every callback must be reserved, none twice, no agent left READY.
 */
describe('new callbacks racing agents that log in READY', () => {
  let s: TestServer;
  let n = 0;
  const nextNumber = () => `5553${String(++n).padStart(6, '0')}`;
  const template = builtinTemplate('callback')!;

  const putService = async (name: string, target: string) => {
    const res = await s.admin(
      `/admin/services/${name}`,
      jsonBody({ ...defaultServiceOptions(template, 'User-Terminated-Immediate'), _target: target }, 'PUT'),
    );
    expect(res.status, await res.clone().text()).toBe(200);
  };
  const create = async (service: string): Promise<string> => {
    const res = await s.fetch(`/service/callback/${service}`, jsonBody({ _customer_number: nextNumber() }));
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json())._id as string;
  };
  const login = async (id: string, profile: Record<string, unknown>) => {
    const res = await s.admin(`/agents/${id}/login`, jsonBody({ ...profile, ready: true }));
    expect(res.status, await res.clone().text()).toBe(200);
  };
  const agent = async (id: string) => (await s.admin(`/agents/${id}`)).json();
  const state = async (id: string) => {
    const [view] = await (await s.fetch(`/service/callback?_id=${id}`)).json();
    return (view as Record<string, string>)._callback_state;
  };

  beforeAll(async () => {
    // No tick (its sweep would route what the race left behind) and no dial answer (reservations stay).
    s = await startTestServer({ tickIntervalMs: 3_600_000, dialDelayMs: 3_600_000 });
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('every callback is reserved by exactly one agent, agents READY first or logging in meanwhile', async () => {
    const ROUNDS = 6;
    const PAIRS = 4;
    for (let round = 0; round < ROUNDS; round++) {
      // A target of its own each round: nobody serving it is logged in when the round starts.
      const service = `jr-${round}`;
      const group = `JoinRace${round}`;
      await putService(service, `${group}@StatServer.GA`);
      const agents = Array.from({ length: PAIRS }, (_, i) => `jr-${round}-${i}`);
      const created: Promise<string>[] = [];
      const loggedIn: Promise<void>[] = [];
      if (round % 3 === 0) {
        // Every agent READY first: each callback's own routing step must find one.
        await Promise.all(agents.map((a) => login(a, { groups: [group] })));
        for (let i = 0; i < PAIRS; i++) created.push(create(service));
      } else {
        for (let i = 0; i < PAIRS; i++) {
          // Interleaved, in a different order each round.
          const first = (i + round) % 2 === 0;
          if (first) created.push(create(service));
          loggedIn.push(login(agents[i]!, { groups: [group] }));
          if (!first) created.push(create(service));
        }
      }
      const ids = await Promise.all(created);
      await Promise.all(loggedIn);
      await s.queue.idle();

      const views = await Promise.all(agents.map(agent));
      const held = views.map((a) => a.callback?._id as string | undefined);
      expect(
        views.map((a) => a.state),
        `round ${round}: ${JSON.stringify(views)}`,
      ).toEqual(Array(PAIRS).fill('RESERVED'));
      expect(new Set(held).size, `round ${round}: an agent per callback`).toBe(PAIRS);
      expect([...held].sort()).toEqual([...ids].sort());
      expect(await Promise.all(ids.map(state))).toEqual(Array(PAIRS).fill('ROUTING'));
    }
  }, 120_000);

  it('a skill expression target: a READY agent with the skills takes a new callback at once', async () => {
    await putService('jr-skills', 'Welsh=20&Loans=2@StatServer.GA');
    await login('jr-skilled', { skills: 'Welsh=30,Loans=5' });
    const id = await create('jr-skills');
    await s.queue.idle();
    expect((await agent('jr-skilled')).callback?._id).toBe(id);
    expect(await state(id)).toBe('ROUTING');
  });

  it('nobody logged in: the callback waits, and the first agent to log in READY takes it', async () => {
    await putService('jr-later', 'JoinLater@StatServer.GA');
    const id = await create('jr-later');
    await s.queue.idle();
    expect(await state(id)).toBe('QUEUED');
    await login('jr-later-agent', { groups: ['JoinLater'] });
    await s.queue.idle();
    expect((await agent('jr-later-agent')).callback?._id).toBe(id);
    expect(await state(id)).toBe('ROUTING');
  });
});
