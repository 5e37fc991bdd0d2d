import { callbackOptions } from '../callback-options.js';
import { ms, stats, type BenchContext } from '../harness.js';
import { concurrently, createCallback, customer, sleep } from '../workload.js';

/**
 * 4. A scheduled callback becomes QUEUED within about a second of `_desired_time`. The floor is
 * what the process's own timers manage under the same load: a timer set when each create is sent,
 * for the same instant.
 */
export async function scheduling({ rt, api, put, report }: BenchContext): Promise<void> {
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
  report.check('scheduling: p95 lateness minus the timer floor p95', cb.p95 - floor.p95, 1000, {
    unit: ' ms',
    source: 'DESIGN.md: "queued within about a second of _desired_time"',
  });
}
