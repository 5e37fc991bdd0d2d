/**
 * `npm run bench`: figures measured in one run, each against a floor measured in the same run,
 * so a noisy machine moves both sides together. Runs on its own DynamoDB Local (in memory).
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { WebSocket } from 'ws';
import { allocateAccessNumber } from '../functions/domain/allocation.js';
import { defaultServiceOptions } from '../functions/domain/service-template.js';
import { builtinTemplate } from '../functions/domain/templates/index.js';
import { startLocalRuntime, type LocalRuntime } from '../functions/local/local-runtime.js';

const ADMIN = `Basic ${Buffer.from('default:password').toString('base64')}`;

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return {
    median: at(0.5),
    p95: at(0.95),
    max: sorted[sorted.length - 1]!,
    mean: samples.reduce((a, b) => a + b, 0) / samples.length,
  };
}

const ms = (n: number) => `${n.toFixed(2)} ms`;

/** A push should reach the device within about a second of the change, as scheduling must. */
const PUSH_BUDGET_MS = 1000;
/**
 * A create also reads the service and the rule resources, writes the session and hands the
 * callback to the router (more writes on the same DynamoDB Local): four times the cost of its
 * transaction alone is the budget.
 */
const CREATE_THROUGHPUT_RATIO = 4;

function verdict(name: string, value: number, limit: number, lowerIsBetter = true) {
  const ok = lowerIsBetter ? value <= limit : value >= limit;
  console.log(
    `  ${ok ? 'PASS' : 'FAIL'}  ${name}: ${value.toFixed(2)} (${lowerIsBetter ? 'at most' : 'at least'} ${limit})`,
  );
  return ok;
}

function pool(prefix: string, size: number): Record<string, string> {
  const options: Record<string, string> = {
    _allocation_strategy: 'random',
    _booking_expiration_timeout: '600',
  };
  for (let i = 0; i < size; i++) options[`n${i}`] = `${prefix}${String(i).padStart(6, '0')}`;
  return options;
}

type Put = (path: string, body: unknown) => Promise<void>;

const sleep = (n: number) => new Promise((r) => setTimeout(r, n));

/** A callback service from a template preset, with limits no bench run reaches. */
function callbackOptions(preset: string, group: string): Record<string, string> {
  return {
    ...defaultServiceOptions(builtinTemplate('callback')!, preset),
    _target: `${group}@StatServer.GA`,
    _max_request_by_time_bucket: '1000000',
    _max_queued_callbacks_per_service: '1000000',
    _throttle_callbacks_per_service_1: '1000000',
    _throttle_callbacks_per_service_2: '1000000',
    _throttle_request_parameters_limit: '1000000',
    _enable_in_queue_checking: 'false',
  };
}

async function createCallback(api: string, service: string, body: Record<string, string>): Promise<string> {
  const res = await fetch(`${api}/service/callback/${service}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`create on ${service}: ${res.status} ${text}`);
  return (JSON.parse(text) as { _id: string })._id;
}

const customer = (prefix: string, i: number) => `${prefix}${String(i).padStart(6, '0')}`;

/** Runs `total` tasks on `clients` concurrent loops. */
async function concurrently(clients: number, total: number, task: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < total) await task(next++);
    }),
  );
}

/**
 * 4. A scheduled callback becomes QUEUED within about a second of `_desired_time`. The floor is
 * what the process's own timers manage under the same load: a timer set when each create is sent,
 * for the same instant.
 */
async function schedulingPrecision(rt: LocalRuntime, api: string, put: Put): Promise<boolean> {
  console.log(
    '\n4. Scheduling precision: 100 callbacks scheduled 2-4 s ahead over HTTP (10 clients), then the tick',
  );
  await put('/admin/services/bench-sched', callbackOptions('User-Terminated-Scheduled', 'BenchSched'));
  const created: string[] = [];
  const timerLateness: number[] = [];
  const timers: Promise<void>[] = [];
  await concurrently(10, 100, async (i) => {
    const desired = Date.now() + 2_000 + ((i * 37) % 100) * 20;
    timers.push(
      new Promise((r) =>
        setTimeout(() => {
          timerLateness.push(Date.now() - desired);
          r();
        }, desired - Date.now()),
      ),
    );
    created.push(
      await createCallback(api, 'bench-sched', {
        _customer_number: customer('5554', i),
        _desired_time: new Date(desired).toISOString(),
      }),
    );
  });
  await rt.tick();
  await Promise.all(timers);
  const lateness: number[] = [];
  const deadline = Date.now() + 15_000;
  for (const id of created) {
    for (;;) {
      const record = await rt.deps.callbacks.get(id);
      if (record?.queuedAt !== undefined) {
        lateness.push(record.queuedAt - record.desiredTime);
        break;
      }
      if (Date.now() > deadline) throw new Error(`Callback ${id} was not QUEUED 15 s after its time`);
      await sleep(50);
    }
  }
  const cb = stats(lateness);
  const floor = stats(timerLateness);
  const line = (x: ReturnType<typeof stats>) => `p50 ${ms(x.median)}  p95 ${ms(x.p95)}  max ${ms(x.max)}`;
  console.log(`  QUEUED time - _desired_time:    ${line(cb)}`);
  console.log(`  floor, setTimeout lateness:     ${line(floor)}`);
  return verdict('p95 lateness minus the timer floor p95 (ms)', cb.p95 - floor.p95, 1000);
}

/** A WebSocket client that resolves waiters with the arrival time of the first frame they match. */
function frames(socket: WebSocket) {
  const waiters: { match: (f: Record<string, any>) => boolean; resolve: (at: number) => void }[] = []; // eslint-disable-line @typescript-eslint/no-explicit-any
  socket.on('message', (data) => {
    const at = performance.now();
    const frame = JSON.parse(data.toString()) as Record<string, unknown>;
    for (const w of [...waiters]) {
      if (w.match(frame)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(at);
      }
    }
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return (match: (f: Record<string, any>) => boolean, what: string): Promise<number> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`No WebSocket frame: ${what}`)), 10_000);
      waiters.push({
        match,
        resolve: (at) => {
          clearTimeout(timer);
          resolve(at);
        },
      });
    });
}

/**
 * 5. From the state change that pushes to the frame on a subscribed WebSocket. Floor: a WebSocket
 * ping/pong frame round trip on the same server and connection, the transport's own cost.
 */
async function pushLatency(rt: LocalRuntime, api: string, put: Put): Promise<boolean[]> {
  console.log('\n5. Push latency to a subscribed WebSocket (30 rounds each, after 3 to warm up)');
  await put('/admin/services/bench-push', callbackOptions('User-Terminated-Delayed', 'BenchPush'));
  const socket = new WebSocket(rt.deps.runtime.websocketUrl!);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const next = frames(socket);
  const agent = async (id: string, action: string, body: unknown) => {
    const res = await fetch(`${api}/agents/${id}/${action}`, {
      method: 'POST',
      headers: { authorization: ADMIN, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status !== 200) throw new Error(`agent ${id} ${action}: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  };
  try {
    const pings: number[] = [];
    for (let i = 0; i < 220; i++) {
      const start = performance.now();
      const pong = new Promise<void>((r) => socket.once('pong', () => r()));
      socket.ping();
      await pong;
      if (i >= 20) pings.push(performance.now() - start);
    }

    // Agent READY -> the router reserves it for the waiting delayed callback -> agent-available push.
    // A fresh agent per round, so each READY meets exactly one waiting callback.
    const available: number[] = [];
    let session = '';
    for (let i = 0; i < 33; i++) {
      const agentId = `bench-push-${i}`;
      await agent(agentId, 'login', { groups: ['BenchPush'] });
      session = await createCallback(api, 'bench-push', { _customer_number: customer('5555', i) });
      const ack = next(
        (f) => f.type === 'ack' && f.action === 'subscribe' && f.id === session,
        'subscribe ack',
      );
      socket.send(JSON.stringify({ action: 'subscribe', id: session }));
      await ack;
      await rt.queue.idle(); // the callback waits in the router's queue
      const pushed = next(
        (f) => f.type === 'notification' && f.data?.tag === `service.agentavailable.${session}`,
        `agent-available push for ${session}`,
      );
      const start = performance.now();
      await agent(agentId, 'ready', {});
      const at = await pushed;
      if (i >= 3) available.push(at - start);
    }

    // internal-notification: the request itself is the change that pushes.
    const internal: number[] = [];
    for (let i = 0; i < 33; i++) {
      const text = `bench-${i}`;
      const pushed = next(
        (f) => f.type === 'notification' && f.data?.message?._internal_message === text,
        `internal notification ${text}`,
      );
      const start = performance.now();
      const res = await fetch(`${api}/service/${session}/internal-notification`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ _application_message: text }),
      });
      if (res.status !== 200) throw new Error(`internal-notification: ${res.status} ${await res.text()}`);
      const at = await pushed;
      await res.arrayBuffer();
      if (i >= 3) internal.push(at - start);
    }

    const sp = stats(pings);
    const sa = stats(available);
    const si = stats(internal);
    console.log(`  agent READY -> agent-available frame: p50 ${ms(sa.median)}  p95 ${ms(sa.p95)}`);
    console.log(`  internal-notification -> frame:       p50 ${ms(si.median)}  p95 ${ms(si.p95)}`);
    console.log(`  floor, ws ping/pong round trip:       p50 ${ms(sp.median)}  p95 ${ms(sp.p95)}`);
    console.log(
      `  ratios to the floor (p50): agent-available ${(sa.median / sp.median).toFixed(0)}x, internal-notification ${(si.median / sp.median).toFixed(0)}x`,
    );
    return [
      verdict('p95 agent-available push minus the floor p95 (ms)', sa.p95 - sp.p95, PUSH_BUDGET_MS),
      verdict('p95 internal-notification push minus the floor p95 (ms)', si.p95 - sp.p95, PUSH_BUDGET_MS),
    ];
  } finally {
    socket.close();
  }
}

/** Concurrent transactions on one counter may be cancelled with TransactionConflict: the store retries them alike. */
async function withConflictRetry(write: () => Promise<unknown>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await write();
      return;
    } catch (e) {
      const conflict =
        e instanceof TransactionCanceledException &&
        (e.CancellationReasons ?? []).some((r) => r.Code === 'TransactionConflict');
      if (!conflict || attempt >= 8) throw e;
      await sleep(Math.random() * 20 * 2 ** Math.min(attempt, 5));
    }
  }
}

/**
 * 6. Create throughput. Floor: the one transaction every immediate create must commit, made raw
 * with the same concurrency and the same conflict retries: the callback item (with the attributes
 * its three indexes carry) and the four counters its rules take (queue limit, two service
 * throttles, the number's daily throttle), three of them shared by every create.
 */
async function createThroughput(rt: LocalRuntime, api: string, put: Put): Promise<boolean> {
  const total = 500;
  const clients = 20;
  console.log(`\n6. Create-callback throughput: ${total} creates, ${clients} concurrent clients`);
  await put('/admin/services/bench-tp', callbackOptions('User-Terminated-Immediate', 'BenchTp'));
  await createCallback(api, 'bench-tp', { _customer_number: customer('5556', 999_999) }); // warm up
  let t = performance.now();
  await concurrently(clients, total, async (i) => {
    await createCallback(api, 'bench-tp', { _customer_number: customer('5556', i) });
  });
  const created = total / ((performance.now() - t) / 1000);

  const table = rt.deps.runtime.tables.callbacks;
  const counter = (pk: string) => ({
    Update: {
      TableName: table,
      Key: { pk },
      UpdateExpression: 'ADD #c :one SET #k = :kind, #t = :ttl',
      ConditionExpression: '(attribute_not_exists(#c) AND :limit > :zero) OR #c < :limit',
      ExpressionAttributeNames: { '#c': 'count', '#k': 'kind', '#t': 'ttl' },
      ExpressionAttributeValues: { ':one': 1, ':zero': 0, ':limit': 1_000_000, ':kind': 'bench', ':ttl': 1 },
    },
  });
  t = performance.now();
  await concurrently(clients, total, async (i) => {
    const now = Date.now();
    const number = customer('5557', i);
    await withConflictRetry(() =>
      rt.deps.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: table,
                Item: {
                  pk: `cb#bench-raw-${i}`,
                  id: `bench-raw-${i}`,
                  service: 'bench-raw',
                  state: 'QUEUED',
                  customerNumber: number,
                  desiredTime: now,
                  scheduled: false,
                  scenario: { mediaType: 'voice', direction: 'USERTERMINATED', waitForAgent: false },
                  properties: { _customer_number: number },
                  target: 'BenchRaw@StatServer.GA',
                  priority: 0,
                  queuedAt: now,
                  guards: [{ key: 'raw#queued', kind: 'queued' }],
                  createdAt: now,
                  updatedAt: now,
                  expiresAt: now + 86_400_000,
                  version: 1,
                  dueShard: 'queued',
                  dueAt: now,
                  ttl: Math.ceil(now / 1000) + 86_400,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            counter('raw#queued'),
            counter('raw#throttle#1'),
            counter('raw#throttle#2'),
            counter(`raw#throttle#number#${number}`),
          ],
        }),
      ),
    );
  });
  const raw = total / ((performance.now() - t) / 1000);
  console.log(`  creates over HTTP:                              ${created.toFixed(0)} /s`);
  console.log(`  floor, raw TransactWrite (1 put + 4 counters):  ${raw.toFixed(0)} /s`);
  return verdict('throughput ratio, raw transactions / creates', raw / created, CREATE_THROUGHPUT_RATIO);
}

async function main() {
  console.log('Starting the local runtime (DynamoDB Local, in memory)...');
  const rt = await startLocalRuntime({ inMemory: true, port: 0, tablePrefix: 'bench-' });
  const api = `http://127.0.0.1:${rt.port}/genesys/1`;
  const put = async (path: string, body: unknown) => {
    const res = await fetch(`${api}${path}`, {
      method: 'PUT',
      headers: { authorization: ADMIN, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  };
  const results: boolean[] = [];
  try {
    console.log('Creating pools of 10 and 10,000 numbers...');
    await put('/admin/resources/P10', pool('1', 10));
    let t = performance.now();
    await put('/admin/resources/P10000', pool('2', 10_000));
    console.log(`  10,000-number pool created in ${ms(performance.now() - t)}`);
    await put('/admin/services/bench-ri', {
      _type: 'builtin',
      _service: 'request-interaction',
      _resource_group: 'P10000',
    });

    // 1. Allocation latency against pool size: lock then release, so both pools stay equally free.
    console.log('\n1. Allocation latency by pool size (allocate + release, 300 rounds each, interleaved)');
    const d = rt.deps;
    const lat: Record<string, number[]> = { P10: [], P10000: [] };
    for (let i = 0; i < 320; i++) {
      for (const group of ['P10', 'P10000']) {
        const sessionId = `bench-${group}-${i}`;
        const start = performance.now();
        const got = await allocateAccessNumber(d, {
          group,
          strategy: 'random',
          sessionId,
          provideCode: false,
          codeLength: 6,
          bookingSeconds: 600,
        });
        const took = performance.now() - start;
        if (i >= 20) lat[group]!.push(took); // first rounds warm the JIT and connections
        await d.accessNumbers.release(group, got.accessNumber, sessionId, d.clock.now(), 'random');
      }
    }
    const s10 = stats(lat.P10!);
    const s10k = stats(lat.P10000!);
    console.log(`  pool 10:     median ${ms(s10.median)}  p95 ${ms(s10.p95)}`);
    console.log(`  pool 10,000: median ${ms(s10k.median)}  p95 ${ms(s10k.p95)}`);
    results.push(verdict('median latency ratio, pool 10,000 / pool 10', s10k.median / s10.median, 1.5));

    // 2. Throughput with 50 concurrent HTTP clients.
    console.log('\n2. request-interaction throughput, 50 concurrent clients, 2,000 requests, pool of 10,000');
    let sent = 0;
    let ok = 0;
    const total = 2000;
    t = performance.now();
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (sent < total) {
          sent++;
          const res = await fetch(`${api}/service/bench-ri`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: '_phone_number=6505550000',
          });
          if (res.status === 200) ok++;
          await res.arrayBuffer();
        }
      }),
    );
    const seconds = (performance.now() - t) / 1000;
    console.log(
      `  ${ok}/${total} allocated in ${seconds.toFixed(2)} s: ${(ok / seconds).toFixed(0)} allocations/s`,
    );
    results.push(verdict('allocations that succeeded', ok, total, false));

    // 3. End-to-end request-interaction vs the raw DynamoDB calls it makes, sequentially.
    console.log('\n3. End-to-end request-interaction vs its raw DynamoDB calls (200 each, interleaved)');
    const e2e: number[] = [];
    const raw: number[] = [];
    const tables = rt.deps.runtime.tables;
    await put('/admin/resources/P3', pool('3', 5000));
    await put('/admin/services/bench-e2e', {
      _type: 'builtin',
      _service: 'request-interaction',
      _resource_group: 'P3',
    });
    for (let i = 0; i < 220; i++) {
      let start = performance.now();
      const res = await fetch(`${api}/service/bench-e2e`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: '_phone_number=6505550000&note=hello',
      });
      await res.arrayBuffer();
      if (i >= 20) e2e.push(performance.now() - start);

      // The same calls, made directly: two index queries, the conditional lock, two puts.
      start = performance.now();
      await d.doc.send(
        new QueryCommand({
          TableName: tables.resources,
          IndexName: 'locked',
          KeyConditionExpression: 'lockedGroup = :g AND lockExpiresAt < :n',
          ExpressionAttributeValues: { ':g': 'P3', ':n': 0 },
          Limit: 5,
        }),
      );
      const free = await d.doc.send(
        new QueryCommand({
          TableName: tables.resources,
          IndexName: 'free',
          KeyConditionExpression: 'freeGroup = :g AND freeOrder >= :s',
          ExpressionAttributeValues: { ':g': 'P3', ':s': Math.floor(Math.random() * 1e9) },
          Limit: 5,
        }),
      );
      const number = free.Items?.[0]?.sk ?? '3000000';
      await d.doc.send(
        new UpdateCommand({
          TableName: tables.resources,
          Key: { pk: 'group#P3', sk: number },
          UpdateExpression: 'SET benchTouched = :t',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':t': i },
        }),
      );
      await d.doc.send(
        new PutCommand({
          TableName: tables.sessions,
          Item: { pk: `storage#raw${i}`, values: { note: 'hello' }, ttl: 1 },
        }),
      );
      await d.doc.send(
        new PutCommand({ TableName: tables.sessions, Item: { pk: `session#raw${i}`, service: 'x', ttl: 1 } }),
      );
      if (i >= 20) raw.push(performance.now() - start);
    }
    const se = stats(e2e);
    const sr = stats(raw);
    console.log(`  end to end over HTTP: median ${ms(se.median)}  p95 ${ms(se.p95)}`);
    console.log(`  raw DynamoDB calls:   median ${ms(sr.median)}  p95 ${ms(sr.p95)}`);
    results.push(verdict('median ratio, end to end / raw DynamoDB calls', se.median / sr.median, 2.0));

    results.push(await schedulingPrecision(rt, api, put));
    results.push(...(await pushLatency(rt, api, put)));
    results.push(await createThroughput(rt, api, put));
  } finally {
    await rt.stop();
  }
  const failed = results.filter((r) => !r).length;
  console.log(`\n${results.length - failed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
