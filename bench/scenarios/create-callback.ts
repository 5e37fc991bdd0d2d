import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { callbackOptions } from '../callback-options.js';
import { callCounter } from '../call-counter.js';
import { ms, type BenchContext } from '../harness.js';
import { processCpu, type CpuSample } from '../process-cpu.js';
import { requestBreakdown } from '../request-breakdown.js';
import { concurrently, createCallback, customer, sleep } from '../workload.js';

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

/** The floor's transaction, made raw: see `createCallbackThroughput`. */
function rawCreate(rt: BenchContext['rt'], id: string, number: string): Promise<void> {
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
  const now = Date.now();
  return withConflictRetry(() =>
    rt.deps.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table,
              Item: {
                pk: `cb#${id}`,
                id,
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
}

/** Wall time and CPU of the operations measured so far, added up round by round. */
class Tally {
  ms = 0;
  operations = 0;
  private cpuOwn = 0;
  private cpuChildren = 0;
  constructor(private readonly cpu: ReturnType<typeof processCpu>) {}
  async measure(operations: number, run: () => Promise<void>): Promise<void> {
    const c0 = this.cpu.sample();
    const t = performance.now();
    await run();
    this.ms += performance.now() - t;
    const c1 = this.cpu.sample();
    this.cpuOwn += c1.own - c0.own;
    this.cpuChildren += c1.children - c0.children;
    this.operations += operations;
  }
  get perSecond(): number {
    return this.operations / (this.ms / 1000);
  }
  get cpuPerOperation(): CpuSample {
    return { own: this.cpuOwn / this.operations, children: this.cpuChildren / this.operations };
  }
}

/**
 * 6. Create throughput. Floor: the one transaction every immediate create must commit, made raw
 * with the same concurrency and the same conflict retries: the callback item (with the attributes
 * its three indexes carry) and the four counters its rules take (queue limit, two service
 * throttles, the number's daily throttle), three of them shared by every create.
 *
 * Creates and the floor take turns, a round of each at a time (in alternating order), and each
 * side's throughput is its operations over its summed time: the create path keeps getting faster
 * for thousands of operations (see the warm-up below), so a floor measured only after all the
 * creates met a warmer engine than they did (this ratio read 2.85x measured that way, in a run
 * where turns after the longer warm-up read 2.07x).
 */
export async function createCallbackThroughput({ rt, api, put, report }: BenchContext): Promise<void> {
  const rounds = 4;
  const perRound = 125;
  const total = rounds * perRound;
  const clients = 20;
  console.log(
    `\n6. Create-callback throughput: ${total} creates, ${clients} concurrent clients, ` +
      `${rounds} rounds taking turns with the floor`,
  );
  await put('/admin/services/bench-tp', callbackOptions('User-Terminated-Immediate', 'BenchTp'));
  const cpu = processCpu();
  // Warm-up, with the router working as in the measured rounds. The create path is far more code
  // than the floor's one SDK call (HTTP server, handler, store, the worker), and this process's JIT
  // and DynamoDB Local's keep making it faster for a couple of thousand creates (measured, rounds of
  // 500 with the router working: 13.0, 7.9, 6.9, 5.7, 5.4, 6.1, 5.3, 5.5 s): measured after 500, as
  // this scenario once did, a create still paid compilation a warm Lambda function no longer does.
  // The rate of each warm-up round is printed, so a run shows whether it had levelled off.
  const warmUpRounds = 8;
  const warmUpRound = 250;
  const rates: string[] = [];
  for (let round = 0; round < warmUpRounds; round++) {
    const t = performance.now();
    await concurrently(clients, warmUpRound, async (i) => {
      await createCallback(api, 'bench-tp', { _customer_number: customer('5554', round * warmUpRound + i) });
    });
    rates.push((warmUpRound / ((performance.now() - t) / 1000)).toFixed(0));
    await rt.queue.idle();
  }
  await concurrently(clients, 100, (i) => rawCreate(rt, `bench-raw-warm-${i}`, customer('5552', i)));
  console.log(
    `  warm-up: ${warmUpRounds * warmUpRound} creates (per round of ${warmUpRound}: ${rates.join(', ')} /s) ` +
      'and 100 raw transactions, not measured',
  );
  await rt.queue.idle();

  // The creates are measured with the router working alongside: each create's message is routed
  // (joins the waiting queue) on the same cores while the round goes on; what is left of it when
  // the round's creates are answered is waited for outside the measured time.
  const created = new Tally(cpu);
  const raw = new Tally(cpu);
  for (let round = 0; round < rounds; round++) {
    const createRound = () =>
      created.measure(perRound, () =>
        concurrently(clients, perRound, async (i) => {
          await createCallback(api, 'bench-tp', { _customer_number: customer('5556', round * perRound + i) });
        }),
      );
    const rawRound = () =>
      raw.measure(perRound, () =>
        concurrently(clients, perRound, (i) => {
          const n = round * perRound + i;
          return rawCreate(rt, `bench-raw-${n}`, customer('5557', n));
        }),
      );
    for (const run of round % 2 === 0 ? [createRound, rawRound] : [rawRound, createRound]) {
      await run();
      await rt.queue.idle();
    }
  }

  // The same creates with the work queue held: the router's worker (another Lambda function in
  // AWS, with its own CPU) does not run on these cores meanwhile; what it is handed waits, and is
  // routed afterwards.
  const alone = new Tally(cpu);
  rt.queue.pause();
  try {
    await alone.measure(total, () =>
      concurrently(clients, total, async (i) => {
        await createCallback(api, 'bench-tp', { _customer_number: customer('5558', i) });
      }),
    );
  } finally {
    rt.queue.resume();
  }
  await rt.queue.idle();

  // The DynamoDB calls of one create and of the worker's handling of its message, creates sent
  // one at a time, each waiting for the worker to finish. The worker starts on the message while
  // the answer is on its way, so a share of its calls falls in the first phase; a minute tick
  // running meanwhile adds its own.
  console.log('  DynamoDB calls per create, one at a time, the router working (40 creates):');
  const calls = callCounter(rt);
  try {
    for (let i = 0; i < 40; i++) {
      calls.phase('until the answer');
      await createCallback(api, 'bench-tp', { _customer_number: customer('5553', i) });
      calls.phase('after it, until the work queue is idle');
      await rt.queue.idle();
      calls.phase(undefined);
    }
  } finally {
    calls.close();
  }
  calls.print(40, '    ');

  // Where one create's time goes, creates sent one at a time, the work queue held as above.
  console.log('  one create at a time (60, the first 10 not kept), work queue held:');
  const breakdown = requestBreakdown(rt);
  rt.queue.pause();
  try {
    for (let i = 0; i < 60; i++) {
      const sent = await breakdown.measure(
        () =>
          fetch(`${api}/service/callback/bench-tp`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ _customer_number: customer('5559', i) }),
          }),
        i >= 10,
      );
      if (sent.status !== 200) throw new Error(`create answered ${sent.status}`);
    }
  } finally {
    breakdown.close();
    rt.queue.resume();
  }
  breakdown.print('    ');
  await rt.queue.idle();

  const cores = (c: CpuSample) =>
    `(CPU per operation: this process ${ms(c.own)}, DynamoDB Local ${ms(c.children)})`;
  console.log(
    `  creates over HTTP (router working alongside):  ${created.perSecond.toFixed(0)} /s  ${cores(created.cpuPerOperation)}`,
  );
  console.log(
    `  creates over HTTP (work queue held):            ${alone.perSecond.toFixed(0)} /s  ${cores(alone.cpuPerOperation)}`,
  );
  console.log(
    `  floor, raw TransactWrite (1 put + 4 counters):  ${raw.perSecond.toFixed(0)} /s  ${cores(raw.cpuPerOperation)}`,
  );
  report.figure(
    'create-callback: raw transactions / creates (throughput)',
    `${(raw.perSecond / created.perSecond).toFixed(2)}x`,
    'How many of the one transaction every create must commit fit in the time of one create over HTTP. ' +
      'A create also parses and validates the request, reads the service and its rule resources, writes the ' +
      'session and hands the callback to the router, whose worker reserves and writes on the same DynamoDB ' +
      'Local while the run goes on, all on the same cores.',
  );
  report.figure(
    'create-callback: raw transactions / creates with the work queue held (throughput)',
    `${(raw.perSecond / alone.perSecond).toFixed(2)}x`,
    "The create's own share: the same creates while the router's worker waits (in AWS it is another " +
      'function, with its own CPU). Besides the transaction a create writes its session and two report ' +
      'counts (service access, callback created).',
  );
  report.check(
    'create-callback: raw TransactWrite throughput / create throughput',
    raw.perSecond / created.perSecond,
    2,
    {
      unit: 'x',
      source: 'issue 11',
    },
  );
}
