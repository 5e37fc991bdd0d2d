import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { callbackOptions } from '../callback-options.js';
import { callCounter } from '../call-counter.js';
import { ms, type BenchContext } from '../harness.js';
import { cpuPer, processCpu, type CpuSample } from '../process-cpu.js';
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

/**
 * 6. Create throughput. Floor: the one transaction every immediate create must commit, made raw
 * with the same concurrency and the same conflict retries: the callback item (with the attributes
 * its three indexes carry) and the four counters its rules take (queue limit, two service
 * throttles, the number's daily throttle), three of them shared by every create.
 */
export async function createCallbackThroughput({ rt, api, put, report }: BenchContext): Promise<void> {
  const total = 500;
  const clients = 20;
  console.log(`\n6. Create-callback throughput: ${total} creates, ${clients} concurrent clients`);
  await put('/admin/services/bench-tp', callbackOptions('User-Terminated-Immediate', 'BenchTp'));
  const cpu = processCpu();
  // Warm-up: the floor below runs after over a thousand creates, on a DynamoDB Local whose JIT
  // has compiled the paths they take; run alone, the creates measured first would also pay that
  // compilation (measured: about 50 ms of CPU per create, bench process and DynamoDB Local
  // together, after 100 warm-up creates; about 33 after 600). In a whole bench run the earlier
  // scenarios have warmed it already.
  const warmUp = 500;
  console.log(`  warm-up: ${warmUp} creates, not measured`);
  await concurrently(clients, warmUp, async (i) => {
    await createCallback(api, 'bench-tp', { _customer_number: customer('5554', i) });
  });
  await rt.queue.idle();
  let c0 = cpu.sample();
  let t = performance.now();
  await concurrently(clients, total, async (i) => {
    await createCallback(api, 'bench-tp', { _customer_number: customer('5556', i) });
  });
  const created = total / ((performance.now() - t) / 1000);
  await rt.queue.idle();
  const createdCpu = cpuPer(c0, cpu.sample(), total);

  // The same creates with the work queue held: the router's worker (another Lambda function in
  // AWS, with its own CPU) does not run on these cores meanwhile; what it is handed waits, and is
  // routed before the floor is measured.
  rt.queue.pause();
  c0 = cpu.sample();
  t = performance.now();
  let aloneCpu: CpuSample;
  try {
    await concurrently(clients, total, async (i) => {
      await createCallback(api, 'bench-tp', { _customer_number: customer('5558', i) });
    });
  } finally {
    aloneCpu = cpuPer(c0, cpu.sample(), total);
    rt.queue.resume();
  }
  const createdAlone = total / ((performance.now() - t) / 1000);
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
  c0 = cpu.sample();
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
  const rawCpu = cpuPer(c0, cpu.sample(), total);
  const cores = (c: CpuSample) =>
    `(CPU per operation: this process ${ms(c.own)}, DynamoDB Local ${ms(c.children)})`;
  console.log(
    `  creates over HTTP (router working alongside):  ${created.toFixed(0)} /s  ${cores(createdCpu)}`,
  );
  console.log(
    `  creates over HTTP (work queue held):            ${createdAlone.toFixed(0)} /s  ${cores(aloneCpu)}`,
  );
  console.log(`  floor, raw TransactWrite (1 put + 4 counters):  ${raw.toFixed(0)} /s  ${cores(rawCpu)}`);
  report.figure(
    'create-callback: raw transactions / creates (throughput)',
    `${(raw / created).toFixed(2)}x`,
    'How many of the one transaction every create must commit fit in the time of one create over HTTP. ' +
      'A create also parses and validates the request, reads the service and its rule resources, writes the ' +
      'session and hands the callback to the router, whose worker reserves and writes on the same DynamoDB ' +
      'Local while the run goes on, all on the same cores.',
  );
  report.figure(
    'create-callback: raw transactions / creates with the work queue held (throughput)',
    `${(raw / createdAlone).toFixed(2)}x`,
    "The create's own share: the same creates while the router's worker waits (in AWS it is another " +
      'function, with its own CPU). Besides the transaction a create writes its session and two report ' +
      'counts (service access, callback created).',
  );
  report.check('create-callback: raw TransactWrite throughput / create throughput', raw / created, 2, {
    unit: 'x',
    source: 'issue 11',
  });
}
