import type { BenchContext } from '../harness.js';

/** Needs `bench-ri` of `shared-pools.ts`. */
export async function throughput({ api, report }: BenchContext): Promise<void> {
  // 2. Throughput with 50 concurrent HTTP clients.
  console.log('\n2. request-interaction throughput, 50 concurrent clients, 2,000 requests, pool of 10,000');
  let sent = 0;
  let ok = 0;
  const total = 2000;
  const t = performance.now();
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
  report.check('throughput: allocations that succeeded (of 2,000, pool of 10,000)', ok, total, {
    lowerIsBetter: false,
    decimals: 0,
    source: 'a pool that never runs short must never refuse',
  });
}
