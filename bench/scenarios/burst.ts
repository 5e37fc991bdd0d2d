/**
 * Burst scheduling (issue 9, item 3): 10,000 callbacks due within one minute all leave SCHEDULED
 * on time. Stated bound: p99 of (QUEUED time - `_desired_time`) over the timer floor <= 1 s.
 *
 * The callbacks are written straight to the callback store (the create API's cost is measured by
 * its own case; 10,000 HTTP creates would take minutes on a small machine), for a minute ten
 * minutes ahead. The runtime's clock is then moved forward so that minute starts 5 s later, and
 * one tick runs: everything after that is the product as it runs (tick fan-out, shard workers,
 * delayed activations, the router), on its own tables in the bench's DynamoDB Local.
 */
import { defaultServiceOptions } from '../../functions/domain/service-template.js';
import { builtinTemplate } from '../../functions/domain/templates/index.js';
import type { CallbackRecord } from '../../functions/domain/callback/callback-record.js';
import { startLocalRuntime } from '../../functions/local/local-runtime.js';
import type { Clock } from '../../functions/ports/clock-and-ids.js';
import type { QueuedWork } from '../../functions/ports/work-queue.js';
import { callbackRecord } from '../../test/support/callback-fixture.js';
import { cpuPer, processCpu } from '../process-cpu.js';
import { CapacityMeter } from '../capacity-meter.js';
import type { BenchContext } from '../harness.js';
import { codeShardCounts } from '../shard-counts.js';
import { writeHeat } from '../write-heat.js';

/** `BURST` in the environment runs a smaller burst (a quick comparison while changing the path). */
const BURST = Number(process.env.BURST ?? 10_000);
const WINDOW_MS = 60_000;
const SERVICE = 'bench-burst';
const ADMIN = `Basic ${Buffer.from('default:password').toString('base64')}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Real time plus an offset the case moves forward once (instead of waiting ten minutes). */
class ShiftedClock implements Clock {
  offset = 0;
  now(): number {
    return Date.now() + this.offset;
  }
}

const percentile = (samples: number[], q: number) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};

function record(id: string, desiredTime: number, now: number): CallbackRecord {
  return callbackRecord({
    id,
    service: SERVICE,
    customerNumber: `5557${id.slice(-6)}`,
    desiredTime,
    createdAt: now,
    updatedAt: now,
    expiresAt: desiredTime + 86_400_000,
  });
}

export async function burst({ rt: benchRuntime, report }: BenchContext): Promise<void> {
  // The burst runs a runtime of its own (its clock is moved) on the bench's DynamoDB Local.
  const dynamoEndpoint = benchRuntime.deps.runtime.dynamodbEndpoint!;
  console.log(
    `\n8. Burst scheduling: ${BURST.toLocaleString('en')} callbacks due within one minute, one tick`,
  );
  const clock = new ShiftedClock();
  const rt = await startLocalRuntime({
    dynamoEndpoint,
    tablePrefix: 'burst-',
    port: 0,
    clock,
    // Only the tick this case runs.
    tickIntervalMs: 3_600_000,
  });
  try {
    const api = `http://127.0.0.1:${rt.port}/genesys/1`;
    const res = await fetch(`${api}/admin/services/${SERVICE}`, {
      method: 'PUT',
      headers: { authorization: ADMIN, 'content-type': 'application/json' },
      body: JSON.stringify({
        ...defaultServiceOptions(builtinTemplate('callback')!, 'User-Terminated-Scheduled'),
        _target: 'BenchBurst@StatServer.GA',
        _enable_in_queue_checking: 'false',
      }),
    });
    if (!res.ok) throw new Error(`service: ${res.status} ${await res.text()}`);

    const start = Math.ceil((clock.now() + 10 * 60_000) / 1000) * 1000;
    const desired = Array.from({ length: BURST }, (_, i) => start + Math.floor((i * WINDOW_MS) / BURST));
    const ids = desired.map((_, i) => `burst-${String(i).padStart(6, '0')}`);
    let next = 0;
    const t = performance.now();
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < BURST) {
          const i = next++;
          const written = await rt.deps.callbacks.create(record(ids[i]!, desired[i]!, clock.now()), []);
          if (!written.ok) throw new Error(`create ${ids[i]}: ${written.reason}`);
        }
      }),
    );
    console.log(
      `  written in ${((performance.now() - t) / 1000).toFixed(1)} s; moving the clock to 5 s before the minute`,
    );

    // Write heat from here on: the burst as the product runs it (the creates above were written
    // straight to the store, so they are not what this figure is about).
    const meter = new CapacityMeter(rt.deps.runtime.tables);
    meter.attach(rt.deps.doc);

    // What the tick and the shard workers send.
    const batches: QueuedWork[][] = [];
    const sendBatch = rt.queue.sendBatch.bind(rt.queue);
    rt.queue.sendBatch = (work) => {
      batches.push([...work]);
      return sendBatch(work);
    };
    clock.offset = start - 5_000 - Date.now();
    // The floor: a plain timer per callback, set now for the same instant, in this process under
    // the same load (real time = desired - offset).
    const floor: number[] = [];
    const timers = desired.map(
      (d) =>
        new Promise<void>((resolve) => {
          const at = d - clock.offset;
          setTimeout(() => {
            floor.push(Date.now() - at);
            resolve();
          }, at - Date.now());
        }),
    );
    // Not awaited: the tick's other jobs (routing sweeps) run on while the burst falls due, as the
    // tick Lambda would beside the workers; its scheduling part is the batch of shard messages.
    const cpu = processCpu();
    const cpuAtTick = cpu.sample();
    const ticking = rt.tick();
    await Promise.all(timers);

    // Every callback QUEUED, read in batches; past the deadline the rest counts as missing.
    const lateness = new Map<string, number>();
    const deadline = Date.now() + 60_000;
    while (lateness.size < BURST && Date.now() < deadline) {
      const pending = ids.filter((id) => !lateness.has(id));
      for (const r of await rt.deps.callbacks.getMany(pending))
        if (r.queuedAt !== undefined) lateness.set(r.id, r.queuedAt - r.desiredTime);
      if (lateness.size < BURST) await sleep(1_000);
    }
    const missing = BURST - lateness.size;
    const work = batches.flat();
    const shards = work.filter((w) => w.message.kind === 'schedule-shard').length;
    const activations = work.filter((w) => w.message.kind === 'activate-callback').length;
    const activationRequests = batches.filter((b) => b.some((w) => w.message.kind === 'activate-callback'));
    const sqsRequests = activationRequests.reduce((n, b) => n + Math.ceil(b.length / 10), 0);
    const p99 = missing > 0 ? Number.POSITIVE_INFINITY : percentile([...lateness.values()], 0.99);
    const floorP99 = percentile(floor, 0.99);
    console.log(
      `  tick: ${shards} schedule-shard messages; shard workers sent ${activations} activations ` +
        `in ${activationRequests.length} sendBatch calls (${sqsRequests} SendMessageBatch requests of 10 in AWS)`,
    );
    console.log(
      `  QUEUED time - _desired_time: p50 ${percentile([...lateness.values()], 0.5)} ms  p99 ${p99} ms  ` +
        `(${lateness.size} of ${BURST} QUEUED${missing ? `, ${missing} NOT within 60 s of the window's end` : ''})`,
    );
    console.log(
      `  timer floor: p50 ${percentile(floor, 0.5)} ms  p99 ${floorP99} ms. The floor is how late a plain ` +
        'setTimeout for the same instant fires in this process under this load. The local queue delays ' +
        'messages by exact milliseconds (setTimeout), so this is its floor too. In AWS, SQS DelaySeconds ' +
        'are whole seconds, rounded up: an activation is never early and up to 1 s late on top of this.',
    );
    report.figure(
      'burst: tick fan-out',
      `${shards} shard messages, ${activations} activations in ${sqsRequests} batch requests`,
      'The tick reads no callback; each shard of the due index is read by its own worker.',
    );
    report.check('burst: p99 (QUEUED - _desired_time) minus the timer floor p99', p99 - floorP99, 1000, {
      unit: ' ms',
      decimals: 0,
      source: 'issue 9: 10,000 due in one minute, p99 over the timer floor <= 1 s',
    });
    // The tick's routing sweeps (the waiting queue, the agents) finish before the runtime stops.
    await ticking;
    await rt.queue.idle();
    const spent = cpuPer(cpuAtTick, cpu.sample(), BURST);
    report.figure(
      'burst: CPU per callback, tick to idle',
      `this process ${spent.own.toFixed(2)} ms, DynamoDB Local ${spent.children.toFixed(2)} ms`,
      'Every core-millisecond the burst took, from the tick to an idle work queue (activations, routing enqueues, report counters, and whatever else this process ran meanwhile), per callback. Less sensitive to other load on the machine than the lateness: compare it across runs when changing the path.',
    );
    const heat = writeHeat(
      [{ keyWriteUnits: meter.take().keyWriteUnits, lifecycles: BURST }],
      100,
      (key) =>
        // One callback's own item is written by that callback only (entity, not service traffic).
        /^callbacks cb#/.test(key),
      codeShardCounts,
    );
    meter.detach(rt.deps.doc);
    if (heat) {
      const top = heat.hottest;
      report.figure(
        'burst heat: hottest partition key, WCU per 1,000 burst callbacks of one service',
        `${(top.perLifecycle * 1000).toFixed(0)} WCU on ${top.key}${top.shards > 1 ? ` (one of ${top.shards} shards)` : ''}`,
        'From SCHEDULED to QUEUED and into the waiting queue (no agent takes them here): the tick fan-out, ' +
          'activations, routing enqueues and report counters. Ceiling for this phase: ' +
          `${Math.round(heat.perServiceCeiling)} callbacks/s of one service before that key reaches 1,000 WCU/s.`,
      );
    }
  } finally {
    await rt.stop();
  }
}
