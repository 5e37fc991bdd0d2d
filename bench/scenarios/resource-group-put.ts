import { eachWithConcurrency } from '../../functions/domain/bounded-concurrency.js';
import { batchWriteItems, type WriteRequest } from '../../functions/adapters/dynamodb/batch-items.js';
import { ADMIN, ms, type BenchContext } from '../harness.js';
import { pool } from '../workload.js';

const SIZE = 10_000;
/** Each side is measured this often, alternately; the faster run counts (the machine is shared). */
const RUNS = 2;
/** As many batches in flight as the access-number store's group sync. */
const PARALLEL_BATCHES = 16;

/**
 * 9. PUT of a 10,000-number resource group over HTTP: validation, the group's access-number items
 * (10,000 puts in BatchWriteItem batches), the configuration item and the counts of the answer.
 * Floor: the same 10,000 items written raw in batches of 25, as many in flight, in the same run
 * (under another group, removed afterwards). The bound (issue 11) is absolute: at most 2 s.
 */
export async function resourceGroupPut({ rt, api, put, report }: BenchContext): Promise<void> {
  console.log(`\n9. PUT of a ${SIZE.toLocaleString('en')}-number resource group vs its raw batched writes`);
  const table = rt.deps.runtime.tables.resources!;
  const itemsOf = (group: string, numbers: string[]): WriteRequest[] =>
    numbers.map((number) => ({
      PutRequest: {
        Item: {
          pk: `group#${group}`,
          sk: number,
          number,
          group,
          freeGroup: group,
          freeOrder: Math.floor(Math.random() * 1_000_000_000),
        },
      },
    }));
  const numbersOf = (options: Record<string, string>) =>
    Object.entries(options)
      .filter(([key]) => !key.startsWith('_'))
      .map(([, n]) => n);
  /** Writes (or with `remove`, deletes) `group`'s items for `numbers`, raw. */
  const raw = (group: string, numbers: string[], remove = false) =>
    batchWriteItems(
      rt.deps.doc,
      table,
      remove
        ? numbers.map((sk) => ({ DeleteRequest: { Key: { pk: `group#${group}`, sk } } }))
        : itemsOf(group, numbers),
      PARALLEL_BATCHES,
    );
  const timed = async (work: () => Promise<void>) => {
    const start = performance.now();
    await work();
    return performance.now() - start;
  };

  // Warm up both paths (DynamoDB Local's first large writes are slow) with a small group.
  await put('/admin/resources/bench-rg-warm', pool('40', 1_000));
  const warm = numbersOf(pool('41', 1_000));
  await raw('bench-rg-warm-raw', warm);
  await raw('bench-rg-warm-raw', warm, true);

  const puts: number[] = [];
  const floors: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const options = pool(`4${run + 2}`, SIZE);
    const numbers = numbersOf(options);
    floors.push(await timed(() => raw(`bench-rg-floor-${run}`, numbers)));
    puts.push(await timed(() => put(`/admin/resources/bench-rg-${run}`, options)));
    // The floor's items go again, so each number belongs to one group, as the product keeps them.
    await raw(`bench-rg-floor-${run}`, numbers, true);
  }
  await removeGroups(api, ['bench-rg-warm', ...puts.map((_, run) => `bench-rg-${run}`)]);

  const best = Math.min(...puts);
  const floor = Math.min(...floors);
  console.log(`  PUT over HTTP:         ${puts.map(ms).join(', ')}`);
  console.log(
    `  raw batched writes:    ${floors.map(ms).join(', ')} (${PARALLEL_BATCHES} batches of 25 in flight)`,
  );
  report.figure(
    'resource group PUT (10,000 numbers) / its raw batched writes',
    `${(best / floor).toFixed(2)}x (${ms(best)} vs ${ms(floor)})`,
    'what the PUT adds to writing its items: reading the group, the configuration item, the answer',
  );
  report.check('resource group PUT of 10,000 numbers', best, 2_000, {
    unit: ' ms',
    decimals: 0,
    source: 'issue 11: batched writes, at most 2 s',
  });
}

/** Deletes the bench's groups (and so their numbers) over HTTP, a few at a time. */
async function removeGroups(api: string, groups: string[]): Promise<void> {
  await eachWithConcurrency(groups, 2, async (group) => {
    const res = await fetch(`${api}/admin/resources/${group}`, {
      method: 'DELETE',
      headers: { authorization: ADMIN },
    });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`DELETE ${group}: ${res.status}`);
  });
}
