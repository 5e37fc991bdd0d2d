import type { BenchContext } from '../harness.js';
import { ms } from '../harness.js';
import { pool } from '../workload.js';

/** The pools of 10 and 10,000 numbers the allocation and throughput scenarios share, and `bench-ri` over the large one. */
export async function sharedPools({ put }: BenchContext): Promise<void> {
  console.log('Creating pools of 10 and 10,000 numbers...');
  await put('/admin/resources/P10', pool('1', 10));
  const t = performance.now();
  await put('/admin/resources/P10000', pool('2', 10_000));
  console.log(`  10,000-number pool created in ${ms(performance.now() - t)}`);
  await put('/admin/services/bench-ri', {
    _type: 'builtin',
    _service: 'request-interaction',
    _resource_group: 'P10000',
  });
}
