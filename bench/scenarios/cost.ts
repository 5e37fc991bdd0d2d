/**
 * Cost per lifecycle and the heat figure (`npm run bench`): each scenario's lifecycles run against
 * the local runtime with every DynamoDB call metered (`capacity-meter.ts`), and every API request,
 * Lambda invocation, SQS send, EventBridge event and WebSocket message counted at the port it goes
 * through; then priced with `prices.ts`. docs/cost.md explains the model.
 */
import type { SQSEvent } from 'aws-lambda';
import { ALL_ROUTES } from '../../functions/routes/index.js';
import { Router } from '../../functions/http/router.js';
import { lambdaContext } from '../../functions/local/lambda-context.js';
import type { LocalRuntime } from '../../functions/local/local-runtime.js';
import type { CallbackState } from '../../functions/domain/callback/callback-record.js';
import { createDeps } from '../../functions/composition/full.js';
import type { BenchContext, BenchReport } from '../harness.js';
import { CapacityMeter, subtractTotals, sumTotals, totalOf, type CapacityTotals } from '../capacity-meter.js';
import { LAMBDA_MEMORY_GB, PRICES } from '../prices.js';
import { callbackOptions } from '../callback-options.js';
import { codeShardCounts } from '../shard-counts.js';
import { writeHeat, PARTITION_WCU_PER_SECOND } from '../write-heat.js';

/** Lifecycles per scenario (half on each of its two services). */
const LIFECYCLES = 10;
/** The stated bounds (issue 9). */
const UT_SCHEDULED_BOUND_USD = 30;
const PER_SERVICE_BOUND = 1_000;
const ACROSS_BOUND = 10_000;

/** Partition keys of one callback, agent, session, chat, connection or customer (`table pk`). */
const ENTITY_KEY =
  /^(\S+ (?:cb|agent|session|chat|conn|sub|storage|token|dedup|idem|wcb)#|callbacks\/byCustomerKeys )/;

const ADMIN = `Basic ${Buffer.from('default:password').toString('base64')}`;
const sleep = (n: number) => new Promise((r) => setTimeout(r, n));

/** Counts at the ports: what DynamoDB's meter does not see. */
interface Counters {
  /** API Gateway requests by function (area). */
  api: Record<string, number>;
  invocations: Record<string, number>;
  durationMs: Record<string, number>;
  /** SQS SendMessage / SendMessageBatch calls, and the messages they carried. */
  sqsSendCalls: number;
  sqsMessages: number;
  /** Dial requests (one EventBridge PutEvents entry each). */
  events: number;
  /** WebSocket frames posted to connections (API Gateway WebSocket messages). */
  wsMessages: number;
  ticks: number;
}

const emptyCounters = (): Counters => ({
  api: {},
  invocations: {},
  durationMs: {},
  sqsSendCalls: 0,
  sqsMessages: 0,
  events: 0,
  wsMessages: 0,
  ticks: 0,
});

const bump = (r: Record<string, number>, k: string, n = 1) => (r[k] = (r[k] ?? 0) + n);

function addCounters(a: Counters, b: Counters): Counters {
  const out = emptyCounters();
  for (const c of [a, b]) {
    for (const [k, v] of Object.entries(c.api)) bump(out.api, k, v);
    for (const [k, v] of Object.entries(c.invocations)) bump(out.invocations, k, v);
    for (const [k, v] of Object.entries(c.durationMs)) bump(out.durationMs, k, v);
    out.sqsSendCalls += c.sqsSendCalls;
    out.sqsMessages += c.sqsMessages;
    out.events += c.events;
    out.wsMessages += c.wsMessages;
    out.ticks += c.ticks;
  }
  return out;
}

/** `a` without `times` times `b`, never below zero (the idle tick's share of a run). */
function subtractCounters(a: Counters, b: Counters, times: number): Counters {
  const out = addCounters(a, emptyCounters());
  const less = (r: Record<string, number>, from: Record<string, number>) => {
    for (const [k, v] of Object.entries(from)) r[k] = Math.max(0, (r[k] ?? 0) - v * times);
  };
  less(out.api, b.api);
  less(out.invocations, b.invocations);
  less(out.durationMs, b.durationMs);
  out.sqsSendCalls = Math.max(0, out.sqsSendCalls - b.sqsSendCalls * times);
  out.sqsMessages = Math.max(0, out.sqsMessages - b.sqsMessages * times);
  out.events = Math.max(0, out.events - b.events * times);
  out.wsMessages = Math.max(0, out.wsMessages - b.wsMessages * times);
  return out;
}

interface Measured {
  counters: Counters;
  capacity: CapacityTotals;
}

/** Every count at once, restarting from zero. */
class Instruments {
  counters = emptyCounters();
  /** Puts the runtime's ports back and stops metering. */
  restore: () => void = () => undefined;
  constructor(readonly meter: CapacityMeter) {}
  take(): Measured {
    const counters = this.counters;
    this.counters = emptyCounters();
    return { counters, capacity: this.meter.take() };
  }
}

function instrument(rt: LocalRuntime): Instruments {
  const meter = new CapacityMeter(rt.deps.runtime.tables);
  meter.attach(rt.deps.doc);
  const ins = new Instruments(meter);
  const deps = rt.deps;

  // Every work message goes through the one queue object (the dialer simulator's results too, as
  // the telephony integration's SendMessage would in AWS).
  const queue = rt.queue as unknown as Record<string, unknown>;
  for (const name of Object.keys(Object.getPrototypeOf(rt.queue) as object)
    .concat(Object.getOwnPropertyNames(Object.getPrototypeOf(rt.queue)))
    .filter((n, i, all) => /^send/.test(n) && all.indexOf(n) === i)) {
    const original = (queue[name] as (...a: unknown[]) => Promise<unknown>).bind(rt.queue);
    queue[name] = (...args: unknown[]) => {
      ins.counters.sqsSendCalls++;
      ins.counters.sqsMessages += Array.isArray(args[0]) ? args[0].length : 1;
      return original(...args);
    };
  }
  const dialer = deps.dialer;
  deps.dialer = {
    dial: (request) => {
      ins.counters.events++;
      return dialer.dial(request);
    },
  };
  const sockets = deps.sockets;
  deps.sockets = {
    send: (id, data) => {
      ins.counters.wsMessages++;
      return sockets.send(id, data);
    },
  };
  const ticks = deps.ticks;
  ins.restore = () => {
    meter.detach(deps.doc);
    Object.assign(deps, { dialer, sockets, ticks });
  };
  deps.ticks = {
    record: (tick) => {
      ins.counters.ticks++;
      return ticks.record(tick);
    },
    last: () => ticks.last(),
    recordScheduled: (window) => ticks.recordScheduled(window),
    lastScheduled: () => ticks.lastScheduled(),
    forgetScheduled: () => ticks.forgetScheduled(),
    recordQueuedSweep: (window) => ticks.recordQueuedSweep(window),
    lastQueuedSweep: () => ticks.lastQueuedSweep(),
    forgetQueuedSweep: () => ticks.forgetQueuedSweep(),
  };
  return ins;
}

/** The worker as the local runtime runs it, counted and timed per invocation (one SQS batch). */
async function countWorker(rt: LocalRuntime, ins: Instruments): Promise<void> {
  const { handler: worker } = await import('../../functions/handlers/callback-worker.js');
  rt.queue.start(async (event: SQSEvent) => {
    const start = performance.now();
    try {
      return await worker(event, lambdaContext('worker', 'gms-local-worker'));
    } finally {
      bump(ins.counters.invocations, 'worker');
      bump(ins.counters.durationMs, 'worker', performance.now() - start);
    }
  });
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** One lifecycle of a scenario on one of its two services. */
interface Scenario {
  name: string;
  /** Set up service `svc` (index 0 or 1) and its agent; not metered. */
  setup(svc: 0 | 1): Promise<void>;
  run(svc: 0 | 1, i: number): Promise<void>;
}

export async function cost({ rt, report }: BenchContext): Promise<void> {
  console.log(
    `\nCost per lifecycle and write heat: ${LIFECYCLES} lifecycles per scenario over two services, every DynamoDB call metered`,
  );
  const api = `http://127.0.0.1:${rt.port}/genesys/1`;
  const router = new Router(ALL_ROUTES);
  const ins = instrument(rt);
  await countWorker(rt, ins);
  // Reads for waiting on states go through a client of their own, so the meter never sees them.
  const watch = createDeps(rt.deps.runtime);

  const login = await fetch(`${api}/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'default', password: 'password' }),
  });
  if (!login.ok) throw new Error(`admin/login: ${login.status} ${await login.text()}`);
  const agentToken = ((await login.json()) as { token: string }).token;

  const request = async (method: string, path: string, body?: unknown, admin = false): Promise<Json> => {
    const url = new URL(`${api}${path}`);
    const match = router.match(method, url.pathname);
    const area = match && 'route' in match ? match.route.area : 'system';
    const start = performance.now();
    const res = await fetch(url, {
      method,
      headers: {
        'content-type': 'application/json',
        // Agents' desktops hold a bearer token (a Basic header costs a password check per call).
        ...(admin ? { authorization: `Bearer ${agentToken}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    bump(ins.counters.api, area);
    bump(ins.counters.invocations, area);
    bump(ins.counters.durationMs, area, performance.now() - start);
    if (res.status !== 200) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return JSON.parse(text) as Json;
  };
  const setupRequest = async (method: string, path: string, body: unknown) => {
    const res = await fetch(`${api}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: ADMIN },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  };
  const stateOf = async (id: string, states: CallbackState[]) => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const record = await watch.callbacks.get(id);
      if (record && states.includes(record.state)) return record;
      if (Date.now() > deadline) throw new Error(`Callback ${id} not ${states.join('|')}: ${record?.state}`);
      await sleep(20);
    }
  };
  const agentBusy = async (agentId: string) => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const agent = await watch.routing.getAgent(agentId);
      if (agent?.state === 'BUSY') return;
      if (Date.now() > deadline)
        throw new Error(`Agent ${agentId} not BUSY: ${agent?.state}/${agent?.phase}`);
      await sleep(20);
    }
  };
  let n = 0;
  const customer = () => `5558${String(++n).padStart(6, '0')}`;
  const pool = (prefix: string) =>
    Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => [`n${i}`, `${prefix}${String(i).padStart(4, '0')}`]),
    );

  const callbackService = async (
    name: string,
    preset: string,
    group: string,
    extra: Record<string, string> = {},
  ) => setupRequest('PUT', `/admin/services/${name}`, { ...callbackOptions(preset, group), ...extra });
  const agentReady = (id: string, group: string) =>
    setupRequest('POST', `/agents/${id}/login`, { groups: [group], ready: true });

  const names = (scenario: string, svc: 0 | 1) => ({
    service: `cost-${scenario}-${'ab'[svc]}`,
    group: `Cost${scenario.replace(/-/g, '')}${'AB'[svc]}`,
    agent: `cost-${scenario}-agent-${'ab'[svc]}`,
    pool: `CostPool${scenario.replace(/-/g, '')}${'AB'[svc]}`,
  });
  const callbackScenario = (
    name: string,
    preset: string,
    run: (x: ReturnType<typeof names>, i: number) => Promise<void>,
    needsPool = false,
  ): Scenario => ({
    name,
    setup: async (svc) => {
      const x = names(name, svc);
      if (needsPool) await setupRequest('PUT', `/admin/resources/${x.pool}`, pool(`65${svc}${name.length}`));
      await callbackService(x.service, preset, x.group, needsPool ? { _resource_group: x.pool } : {});
      await agentReady(x.agent, x.group);
    },
    run: (svc, i) => run(names(name, svc), i),
  });
  // The worker connects the agent after the callback moved: complete only once it is BUSY.
  const complete = async (agent: string) => {
    await agentBusy(agent);
    return request('POST', `/agents/${agent}/complete`, {}, true);
  };

  const scenarios: Scenario[] = [
    callbackScenario('ut-scheduled', 'User-Terminated-Scheduled', async (x) => {
      const desired = Math.ceil((Date.now() + 1_500) / 1000) * 1000;
      const { _id: id } = await request('POST', `/service/callback/${x.service}`, {
        _customer_number: customer(),
        _desired_time: new Date(desired).toISOString(),
      });
      await rt.tick();
      await stateOf(id, ['PROCESSING']);
      await complete(x.agent);
    }),
    callbackScenario('ut-immediate', 'User-Terminated-Immediate', async (x) => {
      const { _id: id } = await request('POST', `/service/callback/${x.service}`, {
        _customer_number: customer(),
      });
      await stateOf(id, ['PROCESSING']);
      await complete(x.agent);
    }),
    callbackScenario(
      'uo-immediate',
      'User-Originated-Immediate',
      async (x) => {
        const number = customer();
        const created = await request('POST', `/service/callback/${x.service}`, { _customer_number: number });
        await request('POST', '/service/match-interaction', {
          _access_number: created._access_number,
          _phone_number: number,
        });
        await stateOf(created._id, ['ROUTING']);
        await request('POST', `/agents/${x.agent}/accept`, {}, true);
        await complete(x.agent);
      },
      true,
    ),
    callbackScenario(
      'uo-delayed',
      'User-Originated-Delayed',
      async (x) => {
        const number = customer();
        const { _id: id } = await request('POST', `/service/callback/${x.service}`, {
          _customer_number: number,
        });
        await stateOf(id, ['ROUTING']);
        const dial = await request('POST', `/service/${id}/connect`);
        await request('POST', '/service/match-interaction', {
          _access_number: dial._access_number,
          _phone_number: number,
        });
        await stateOf(id, ['PROCESSING']);
        await complete(x.agent);
      },
      true,
    ),
    callbackScenario('chat', 'Chat-Immediate', async (x) => {
      const { _id: id } = await request('POST', `/service/callback/${x.service}`, {
        _customer_number: customer(),
        subject: 'Loans',
      });
      await request('POST', `/service/${id}/ixn/chat`, { firstName: 'Ann', lastName: 'Lee' });
      await stateOf(id, ['ROUTING']);
      await request('POST', `/agents/${x.agent}/accept`, {}, true);
      const sent = await request('POST', `/service/${id}/ixn/chat/send`, { message: 'Hello' });
      await request(
        'POST',
        `/agents/${x.agent}/chats/${id}/send`,
        { message: 'Hi Ann', transcriptPosition: sent.transcriptPosition },
        true,
      );
      await complete(x.agent);
    }),
    {
      name: 'request-interaction',
      setup: async (svc) => {
        const x = names('request-interaction', svc);
        await setupRequest('PUT', `/admin/resources/${x.pool}`, pool(`66${svc}0`));
        await setupRequest('PUT', `/admin/services/${x.service}`, {
          _type: 'builtin',
          _service: 'request-interaction',
          _resource_group: x.pool,
        });
      },
      run: async (svc) => {
        const x = names('request-interaction', svc);
        const number = customer();
        const got = await request('POST', `/service/${x.service}`, { _phone_number: number });
        await request('POST', '/service/match-interaction', {
          _access_number: got._access_number,
          _phone_number: number,
        });
      },
    },
  ];

  for (const s of scenarios) {
    await s.setup(0);
    await s.setup(1);
    // One lifecycle per service first, not metered: what a process does once (a queue joins the
    // registry of active queues, caches fill) is not a lifecycle's cost in a warm system.
    await s.run(0, -1);
    await s.run(1, -2);
  }
  await rt.queue.idle();
  // The tick's fixed work (sweeps, gauges): what one tick costs with nothing due, taken off each
  // scenario per tick it ran (in AWS the tick runs once a minute whatever the traffic). The first
  // tick of a minute also samples every service's and group's report gauges, and one may find
  // work left by the setup: each lifecycle is charged its ticks less the cheapest of three idle
  // ticks (a lifecycle's tick that samples stays in its count: an overestimate, never an
  // underestimate), and the monthly figure takes the dearest (in AWS every tick starts a minute).
  ins.take();
  const idleTicks: Measured[] = [];
  for (let i = 0; i < 3; i++) {
    await rt.tick();
    await rt.queue.idle();
    idleTicks.push(ins.take());
  }
  const callsOf = (m: Measured) => totalOf(m.capacity.calls);
  const idleTick = idleTicks.reduce((a, b) => (callsOf(b) < callsOf(a) ? b : a));
  const fullTick = idleTicks.reduce((a, b) => (callsOf(b) > callsOf(a) ? b : a));

  const results: { name: string; perLifecycle: PerLifecycle; runs: Measured[] }[] = [];
  for (const s of scenarios) {
    const runs: Measured[] = [
      { counters: emptyCounters(), capacity: sumTotals([]) },
      { counters: emptyCounters(), capacity: sumTotals([]) },
    ];
    for (let i = 0; i < LIFECYCLES; i++) {
      const svc = (i % 2) as 0 | 1;
      if (process.env.BENCH_CAPACITY_TRACE === '1') console.log(`    ${s.name} lifecycle ${i + 1}:`);
      await s.run(svc, i);
      await rt.queue.idle();
      const m = ins.take();
      const ticks = m.counters.ticks;
      const capacity = subtractTotals(m.capacity, idleTick.capacity, ticks);
      // The tick's invocation and its fan-out (a message and a worker invocation per index shard) are
      // a fixed cost (once a minute), not a lifecycle's: only its work per due callback counts.
      const counters = subtractCounters(m.counters, idleTick.counters, ticks);
      runs[svc] = {
        counters: addCounters(runs[svc]!.counters, counters),
        capacity: sumTotals([runs[svc]!.capacity, capacity]),
      };
    }
    const all: Measured = {
      counters: addCounters(runs[0]!.counters, runs[1]!.counters),
      capacity: sumTotals([runs[0]!.capacity, runs[1]!.capacity]),
    };
    // Per measure: the three maps share their keys (table names), so one merged map would hide some.
    const below = (['calls', 'readUnits', 'writeUnits'] as const).flatMap((measure) =>
      Object.entries(all.capacity[measure])
        .filter(([, v]) => v < -1e-9)
        .map(([k, v]) => [`${measure} ${k}`, v] as const),
    );
    if (below.length > 0) {
      // A metering error, not a cheap lifecycle: the idle tick taken off did more than the
      // lifecycle's own ticks. Better no figure than a bound passed on a negative count.
      throw new Error(
        `cost: ${s.name} metered below zero after the idle ticks were taken off (${below
          .map(([k, v]) => `${k} ${v.toFixed(1)}`)
          .join(', ')})`,
      );
    }
    results.push({ name: s.name, perLifecycle: perLifecycle(all, LIFECYCLES), runs });
  }

  printCosts(results, report);
  const tickMonthly = monthlyTickCost(fullTick);
  report.figure(
    'cost: the one-minute tick with nothing due (fixed, per month)',
    `$${tickMonthly.toFixed(2)} a month`,
    'The tick runs 43,200 times a month whatever the traffic: its invocation and fixed DynamoDB work (sweeps, gauge ' +
      'samples) are not counted per lifecycle; what it does per due callback is.',
  );

  const uts = results.find((r) => r.name === 'ut-scheduled')!;
  // The callbacks table's other items are the guard counters of the service's configured limits
  // (time buckets, throttles, queue limit): per service and exempt, so limits stay exact.
  const guard = (key: string) => key.startsWith('callbacks ') && !key.startsWith('callbacks cb#');
  // Keys of one callback, agent, session, chat or connection: a thousand lifecycles a second are a
  // thousand of them, each written at the pace of its own lifecycle (an agent takes one call at a
  // time), so they never gather a service's traffic. Shown apart, not in the ceiling.
  const entity = (key: string) => ENTITY_KEY.test(key);
  const heat = writeHeat(
    uts.runs.map((r) => ({ keyWriteUnits: r.capacity.keyWriteUnits, lifecycles: LIFECYCLES / 2 })),
    100,
    (k) => guard(k) || entity(k),
    codeShardCounts,
  );
  if (heat) {
    console.log(
      '\n  Write heat, UT scheduled lifecycles of two services (WCU per 1,000 lifecycles on one partition key):',
    );
    const line = (label: string, l?: { key: string; perLifecycle: number; shards: number }) =>
      l &&
      console.log(
        `    ${label.padEnd(22)} ${l.key}${l.shards > 1 ? ` (${l.shards} shards, one shard's share)` : ''}: ${(l.perLifecycle * 1000).toFixed(0)} WCU`,
      );
    line('hottest key:', heat.hottest);
    line('hottest per-service:', heat.hottestPerService);
    line('hottest shared:', heat.hottestShared);
    const guards = writeHeat(
      uts.runs.map((r) => ({ keyWriteUnits: r.capacity.keyWriteUnits, lifecycles: LIFECYCLES / 2 })),
      100,
      (k) => !guard(k),
    );
    line('exempt guard counter:', guards?.hottest);
    const entities = Object.entries(uts.runs[0]!.capacity.keyWriteUnits).filter(([k]) => entity(k));
    const byKind = new Map<string, number>();
    for (const [k, u] of entities) {
      const kind = ENTITY_KEY.exec(k)![1]!;
      byKind.set(kind, Math.max(byKind.get(kind) ?? 0, u));
    }
    console.log(
      `    per entity (most on one key of a kind, over ${LIFECYCLES / 2} lifecycles of one service): ` +
        [...byKind].map(([k, u]) => `${k}… ${u.toFixed(1)} WCU`).join(', '),
    );
    console.log('    the ten hottest keys and families:');
    for (const l of heat.loads.slice(0, 10)) {
      console.log(
        `      ${(l.perLifecycle * 1000).toFixed(0).padStart(6)}  ${l.key}${l.shards > 1 ? ` (per shard of ${l.shards})` : ''}${l.shared ? ', shared' : ''}`,
      );
    }
    report.figure(
      'heat: hottest partition key, WCU per 1,000 UT-scheduled lifecycles of one service',
      `${(heat.hottest.perLifecycle * 1000).toFixed(0)} WCU on ${heat.hottest.key}${heat.hottest.shared ? ' (shared by services)' : ''}`,
      `Ceiling = ${PARTITION_WCU_PER_SECOND} WCU/s per partition / WCU per lifecycle on the hottest key; across ${heat.services} ` +
        "services a shared key takes every service's lifecycles. Measured on the UT-scheduled lifecycles above; the " +
        'burst case can feed the same meter (bench/capacity-meter.ts, bench/write-heat.ts).',
    );
    report.check(
      'heat: modelled lifecycles per second, one service',
      heat.perServiceCeiling,
      PER_SERVICE_BOUND,
      {
        lowerIsBetter: false,
        decimals: 0,
        unit: '/s',
        source: 'issue 9 item 5',
      },
    );
    report.check(
      `heat: modelled lifecycles per second across ${heat.services} services`,
      heat.acrossCeiling,
      ACROSS_BOUND,
      { lowerIsBetter: false, decimals: 0, unit: '/s', source: 'issue 9 item 5' },
    );
  }
  report.check(
    'cost: $ per million UT-scheduled lifecycles',
    uts.perLifecycle.usd.total * 1_000_000,
    UT_SCHEDULED_BOUND_USD,
    { unit: '', decimals: 2, source: 'issue 9 item 4' },
  );
  // Leave nothing behind for the sections after this one.
  for (const s of scenarios) {
    if (s.name === 'request-interaction') continue;
    for (const svc of [0, 1] as const)
      await setupRequest('POST', `/agents/${names(s.name, svc).agent}/logout`, {});
  }
  ins.restore();
}

interface PerLifecycle {
  api: number;
  invocations: Record<string, number>;
  gbSeconds: number;
  sqsRequests: number;
  sqsSends: number;
  events: number;
  wsMessages: number;
  wru: number;
  rru: number;
  indexWru: number;
  estimated: { wru: number; rru: number };
  dynamoCalls: number;
  wruByTable: Record<string, number>;
  usd: {
    dynamo: number;
    api: number;
    lambda: number;
    sqs: number;
    events: number;
    ws: number;
    total: number;
  };
}

function perLifecycle(m: Measured, n: number): PerLifecycle {
  const c = m.counters;
  const invocations = Object.fromEntries(Object.entries(c.invocations).map(([k, v]) => [k, v / n]));
  const totalInvocations = totalOf(invocations);
  const gbSeconds = (totalOf(c.durationMs) / 1000 / n) * LAMBDA_MEMORY_GB;
  const worker = invocations.worker ?? 0;
  // The event source mapping receives each batch it delivers and deletes it in one batch call.
  const sqsSends = c.sqsSendCalls / n;
  const sqsRequests = sqsSends + 2 * worker;
  const wru = totalOf(m.capacity.writeUnits) / n;
  const rru = totalOf(m.capacity.readUnits) / n;
  const indexWru =
    Object.entries(m.capacity.writeUnits)
      .filter(([k]) => k.includes('/'))
      .reduce((a, [, v]) => a + v, 0) / n;
  const wruByTable: Record<string, number> = {};
  for (const [k, v] of Object.entries(m.capacity.writeUnits)) bump(wruByTable, k, v / n);
  const usd = {
    dynamo: wru * PRICES.dynamoWriteUnit.usd + rru * PRICES.dynamoReadUnit.usd,
    api: (totalOf(c.api) / n) * PRICES.httpApiRequest.usd,
    lambda: totalInvocations * PRICES.lambdaRequest.usd + gbSeconds * PRICES.lambdaArmGbSecond.usd,
    sqs: sqsRequests * PRICES.sqsRequest.usd,
    events: (c.events / n) * PRICES.eventBridgeEvent.usd,
    ws: (c.wsMessages / n) * PRICES.websocketMessage.usd,
    total: 0,
  };
  usd.total = usd.dynamo + usd.api + usd.lambda + usd.sqs + usd.events + usd.ws;
  return {
    api: totalOf(c.api) / n,
    invocations,
    gbSeconds,
    sqsRequests,
    sqsSends,
    events: c.events / n,
    wsMessages: c.wsMessages / n,
    wru,
    rru,
    indexWru,
    estimated: { wru: m.capacity.estimatedWriteUnits / n, rru: m.capacity.estimatedReadUnits / n },
    dynamoCalls: totalOf(m.capacity.calls) / n,
    wruByTable,
    usd,
  };
}

function monthlyTickCost(idle: Measured): number {
  const perTick =
    totalOf(idle.capacity.writeUnits) * PRICES.dynamoWriteUnit.usd +
    totalOf(idle.capacity.readUnits) * PRICES.dynamoReadUnit.usd +
    PRICES.lambdaRequest.usd +
    (totalOf(idle.counters.durationMs) / 1000) * LAMBDA_MEMORY_GB * PRICES.lambdaArmGbSecond.usd;
  return perTick * 43_200;
}

const perM = (usd: number) => `$${(usd * 1_000_000).toFixed(2)}`;
const f1 = (n: number) => (Math.round(n * 10) / 10).toString();

function printCosts(results: { name: string; perLifecycle: PerLifecycle }[], report: BenchReport): void {
  console.log('\n  Per lifecycle (mean of the runs):');
  console.log(
    '    scenario              API  Lambda (by function)                         SQS req  events  WS   DDB calls  WRU (index)     RRU',
  );
  for (const { name, perLifecycle: p } of results) {
    const fns = Object.entries(p.invocations)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k} ${f1(v)}`)
      .join(', ');
    console.log(
      `    ${name.padEnd(20)} ${f1(p.api).padStart(4)}  ${`${f1(totalOf(p.invocations))}: ${fns}`.padEnd(44)} ${f1(p.sqsRequests).padStart(7)} ${f1(p.events).padStart(7)} ${f1(p.wsMessages).padStart(4)} ${f1(p.dynamoCalls).padStart(10)}  ${`${f1(p.wru)} (${f1(p.indexWru)})`.padEnd(14)} ${f1(p.rru).padStart(5)}`,
    );
  }
  console.log('\n  Write units per lifecycle by table and index:');
  for (const { name, perLifecycle: p } of results) {
    const parts = Object.entries(p.wruByTable)
      .sort(([, a], [, b]) => b - a)
      .map(([k, v]) => `${k} ${f1(v)}`)
      .join(', ');
    console.log(`    ${name.padEnd(20)} ${parts}`);
    if (p.estimated.wru + p.estimated.rru > 0)
      console.log(
        `    ${''.padEnd(20)} (computed, not reported: ${f1(p.estimated.wru)} WRU, ${f1(p.estimated.rru)} RRU)`,
      );
  }
  console.log('\n  Dollars per million lifecycles (us-east-1 list prices, bench/prices.ts):');
  console.log('    scenario              total     DynamoDB  API GW   Lambda   SQS      Events   WebSocket');
  for (const { name, perLifecycle: p } of results) {
    const u = p.usd;
    console.log(
      `    ${name.padEnd(20)} ${perM(u.total).padStart(8)}  ${perM(u.dynamo).padStart(8)} ${perM(u.api).padStart(7)} ${perM(u.lambda).padStart(8)} ${perM(u.sqs).padStart(7)} ${perM(u.events).padStart(8)} ${perM(u.ws).padStart(8)}`,
    );
    report.figure(
      `cost: $ per million ${name} lifecycles`,
      `${perM(u.total)} (DynamoDB ${((u.dynamo / u.total) * 100).toFixed(0)}%: ${f1(p.wru)} WRU, ${f1(p.rru)} RRU; ` +
        `Lambda ${((u.lambda / u.total) * 100).toFixed(0)}%, ${f1(p.gbSeconds * 1000)} GB-ms)`,
    );
  }
  const estimated = results.reduce(
    (a, r) => a + r.perLifecycle.estimated.wru + r.perLifecycle.estimated.rru,
    0,
  );
  console.log(
    `\n  Units computed rather than reported (failed conditional writes, empty reads): ${f1(estimated)} over all scenarios per lifecycle.` +
      '\n  Lambda GB-s from the local wall time of each invocation (HTTP: the client round trip) at 512 MB: an upper bound.',
  );
}
