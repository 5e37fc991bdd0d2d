import type { BenchContext } from '../harness.js';
import { pool } from '../workload.js';

const CLIENTS = 20;
const ROUNDS = 6;
const PER_ROUND = 150;

/**
 * One client loop as autocannon runs it: request-interaction, then match-interaction of the
 * number it got (which releases it), until `total` sessions are done. Returns the failures.
 */
async function requestAndMatch(api: string, service: string, total: number): Promise<number> {
  let next = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < total) {
        next++;
        const res = await fetch(`${api}/service/${service}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: '_phone_number=6505550000',
        });
        const body = (await res.json()) as { _access_number?: string };
        if (res.status !== 200 || !body._access_number) {
          failed++;
          continue;
        }
        const match = await fetch(`${api}/service/match-interaction`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: `_access_number=${body._access_number}`,
        });
        if (match.status !== 200) failed++;
        await match.arrayBuffer();
      }
    }),
  );
  return failed;
}

/**
 * 10. Pool size under load: request-interaction + match-interaction with 20 concurrent clients on
 * a pool of 200 and on a pool of 10,000, in alternating rounds of the same run (so machine load
 * moves both). Bound (issue 11): throughput on 10,000 at least 0.8 of throughput on 200.
 */
export async function poolSizeThroughput({ api, put, report }: BenchContext): Promise<void> {
  console.log(
    `\n10. request-interaction + match, ${CLIENTS} concurrent clients: pool of 200 vs pool of 10,000 ` +
      `(${ROUNDS} alternating rounds of ${PER_ROUND} sessions each)`,
  );
  await put('/admin/resources/PS200', pool('7', 200));
  await put('/admin/resources/PS10000', pool('8', 10_000));
  await put('/admin/services/bench-ps200', {
    _type: 'builtin',
    _service: 'request-interaction',
    _resource_group: 'PS200',
  });
  await put('/admin/services/bench-ps10000', {
    _type: 'builtin',
    _service: 'request-interaction',
    _resource_group: 'PS10000',
  });
  // Warm both (connections, JIT, config caches).
  await requestAndMatch(api, 'bench-ps200', 40);
  await requestAndMatch(api, 'bench-ps10000', 40);
  const seconds = { small: 0, large: 0 };
  let failed = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? (['small', 'large'] as const) : (['large', 'small'] as const);
    for (const which of order) {
      const t = performance.now();
      failed += await requestAndMatch(api, which === 'small' ? 'bench-ps200' : 'bench-ps10000', PER_ROUND);
      seconds[which] += (performance.now() - t) / 1000;
    }
  }
  const sessions = ROUNDS * PER_ROUND;
  const small = sessions / seconds.small;
  const large = sessions / seconds.large;
  console.log(`  pool of 200:    ${small.toFixed(1)} sessions/s (request + match)`);
  console.log(`  pool of 10,000: ${large.toFixed(1)} sessions/s (request + match)`);
  report.check('pool size: failed requests or matches (both pools)', failed, 0, {
    decimals: 0,
    source: 'a pool that never runs short must never refuse',
  });
  report.check('pool size: throughput, pool of 10,000 / pool of 200', large / small, 0.8, {
    lowerIsBetter: false,
    source: 'issue 11',
  });
}
