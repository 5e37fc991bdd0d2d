import { allocateAccessNumber } from '../../functions/domain/allocation.js';
import { ms, stats, type BenchContext } from '../harness.js';

/** Needs the pools of `shared-pools.ts`. */
export async function allocation({ rt, report }: BenchContext): Promise<void> {
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
  report.check('allocation: median latency, pool 10,000 / pool 10', s10k.median / s10.median, 1.5, {
    unit: 'x',
    source: 'ARCHITECTURE.md: "cost does not depend on pool size"; 1.5 allows for noise',
  });
}
