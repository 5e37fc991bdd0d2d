import { eachWithConcurrency } from '../../functions/domain/bounded-concurrency.js';
import { batchWriteItems, type WriteRequest } from '../../functions/adapters/dynamodb/batch-items.js';
import { chunkItems } from '../../functions/adapters/dynamodb/access-number-store.js';
import { ADMIN, ms, type BenchContext } from '../harness.js';
import { requestBreakdown } from '../request-breakdown.js';
import { pool } from '../workload.js';

const SIZE = 10_000;
/** Each side is measured this often, alternately; the faster run counts (the machine is shared). */
const RUNS = 2;
/** As many batches in flight as the access-number store's group sync. */
const PARALLEL_BATCHES = 16;

/**
 * 9. PUT of a 10,000-number resource group over HTTP: validation, the group's access numbers (100
 * chunk items of 100 numbers each and the pool item, in BatchWriteItem batches), the configuration
 * item and the counts of the answer. Floor: the same chunk and pool items written raw in batches
 * of 25, as many in flight, in the same run (under another group, removed afterwards). The bound
 * (issue 11) is absolute: at most 2 s. The 10,000 one-item-per-number writes the PUT made before
 * chunks are still measured, as a figure: no layout with one item per number can meet the bound
 * on DynamoDB Local here (about 2 s for the raw writes alone).
 */
export async function resourceGroupPut({ rt, api, put, report }: BenchContext): Promise<void> {
  console.log(`\n9. PUT of a ${SIZE.toLocaleString('en')}-number resource group vs its raw batched writes`);
  const table = rt.deps.runtime.tables.resources!;
  /** The items the PUT writes: chunks of 100 numbers (all free, random order) and the pool item. */
  const chunksOf = (group: string, numbers: string[]): WriteRequest[] => [
    ...chunkItems(
      group,
      numbers,
      () => true,
      () => Math.floor(Math.random() * 1_000_000_000),
    ).map((Item) => ({ PutRequest: { Item } })),
    {
      PutRequest: {
        Item: {
          pk: `pool#${group}`,
          sk: 'pool',
          total: numbers.length,
          chunks: Math.ceil(numbers.length / 100),
        },
      },
    },
  ];
  /** One item per number, as the PUT wrote before chunks. */
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
  /** Writes (or with `remove`, deletes) the items `layout` gives `group` for `numbers`, raw. */
  const raw = (layout: typeof chunksOf, group: string, numbers: string[], remove = false) => {
    const puts = layout(group, numbers);
    return batchWriteItems(
      rt.deps.doc,
      table,
      remove
        ? puts.flatMap((r) =>
            'PutRequest' in r
              ? [{ DeleteRequest: { Key: { pk: r.PutRequest.Item.pk, sk: r.PutRequest.Item.sk } } }]
              : [],
          )
        : puts,
      PARALLEL_BATCHES,
    );
  };
  const timed = async (work: () => Promise<void>) => {
    const start = performance.now();
    await work();
    return performance.now() - start;
  };

  // Warm up every path (DynamoDB Local's first large writes are slow) with a small group.
  await put('/admin/resources/bench-rg-warm', pool('40', 1_000));
  const warm = numbersOf(pool('41', 1_000));
  for (const layout of [chunksOf, itemsOf]) {
    await raw(layout, 'bench-rg-warm-raw', warm);
    await raw(layout, 'bench-rg-warm-raw', warm, true);
  }

  const puts: number[] = [];
  const floors: number[] = [];
  const perNumber: number[] = [];
  // Where the PUT's time goes: the handler's phases, the config write and the DynamoDB calls.
  const breakdown = requestBreakdown(rt);
  for (let run = 0; run < RUNS; run++) {
    const options = pool(`4${run + 2}`, SIZE);
    const numbers = numbersOf(options);
    floors.push(await timed(() => raw(chunksOf, `bench-rg-floor-${run}`, numbers)));
    const sent = await breakdown.measure(
      () =>
        fetch(`${api}/admin/resources/bench-rg-${run}`, {
          method: 'PUT',
          headers: { authorization: ADMIN, 'content-type': 'application/json' },
          body: JSON.stringify(options),
        }),
      true,
    );
    if (sent.status !== 200) throw new Error(`PUT bench-rg-${run}: ${sent.status}`);
    puts.push(sent.ms);
    perNumber.push(await timed(() => raw(itemsOf, `bench-rg-items-${run}`, numbers)));
    // The raw items go again, so each number belongs to one group, as the product keeps them.
    await raw(chunksOf, `bench-rg-floor-${run}`, numbers, true);
    await raw(itemsOf, `bench-rg-items-${run}`, numbers, true);
  }
  breakdown.close();
  await removeGroups(api, ['bench-rg-warm', ...puts.map((_, run) => `bench-rg-${run}`)]);

  const best = Math.min(...puts);
  const floor = Math.min(...floors);
  const items = Math.min(...perNumber);
  console.log(`  PUT over HTTP:                  ${puts.map(ms).join(', ')}`);
  console.log(
    `  its raw batched writes:         ${floors.map(ms).join(', ')} (${SIZE / 100 + 1} items, ${PARALLEL_BATCHES} batches of 25 in flight)`,
  );
  console.log(`  one item per number, raw:       ${perNumber.map(ms).join(', ')} (the layout before chunks)`);
  breakdown.print();
  report.figure(
    'resource group PUT (10,000 numbers) / its raw batched writes',
    `${(best / floor).toFixed(2)}x (${ms(best)} vs ${ms(floor)})`,
    'what the PUT adds to writing its items: reading the group, the configuration item, the answer',
  );
  report.figure(
    'resource group PUT (10,000 numbers) / 10,000 items written raw',
    `${(best / items).toFixed(2)}x (${ms(best)} vs ${ms(items)})`,
    'the PUT against the writes of the layout before chunks (one item per number), same run',
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
