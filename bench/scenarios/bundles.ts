import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TABLES, tableEnvVar } from '../../functions/adapters/dynamodb/table-definitions.js';
import { FUNCTION_IDS } from '../../lib/area-permissions.js';
import { BUNDLE_LIMIT_BYTES, bundleEveryFunction } from '../../lib/function-bundle.js';
import { PROJECT_ROOT } from '../../lib/project-paths.js';
import { ms, stats, type StandaloneScenario } from '../harness.js';

/**
 * Paired imports per bundle: the bound is on the median of these many differences. A single
 * start on this shared 2-core machine moves by tens of milliseconds (15 pairs of one bundle:
 * quartiles 24 and 46 ms); with 7 the median of one bundle moved from 28 to 55 ms between runs.
 */
const RUNS = 15;

/** Inside the project, so the bundles' external `@aws-sdk/*` imports resolve as in Lambda's runtime. */
const OUT = path.join(PROJECT_ROOT, 'cdk.out', 'bench-bundles');

/**
 * As in Lambda: a function name (so the entry composes its ports at import, as it does at a cold
 * start, and source-mapped stacks are installed), every table named, the production log level.
 * Tracing stays off without a daemon address.
 */
const LAMBDA_ENV: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  AWS_REGION: 'eu-west-1',
  AWS_LAMBDA_FUNCTION_NAME: 'bench',
  LOG_LEVEL: 'ERROR',
  // Lambda runs Node 22; on this machine's Node 20 the SDK would print a support warning in every
  // process that creates a client (the bundles do, the floor does not).
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  ...Object.fromEntries(TABLES.map((t) => [tableEnvVar(t.id), `bench-${t.id}`])),
};

/** Milliseconds one fresh `node` process spends in `await import(...)` of `specifiers`, in order. */
function importMs(specifiers: string[], nodeOptions: string[] = []): number {
  const script =
    'const t = performance.now();' +
    specifiers.map((s) => `await import(${JSON.stringify(s)});`).join('') +
    'process.stdout.write(String(performance.now() - t));';
  const out = execFileSync(process.execPath, [...nodeOptions, '--input-type=module', '-e', script], {
    cwd: PROJECT_ROOT,
    env: LAMBDA_ENV,
    encoding: 'utf8',
  });
  return Number(out);
}

/**
 * 0. Lambda bundles: each function bundled as the stack bundles it (lib/function-bundle.ts), its
 * static closure (`index.mjs` and the chunks it imports statically, what a cold start loads)
 * against issue 11's 150 KB, and its module init: `import` of `index.mjs` in a fresh process
 * against the floor of importing `@aws-sdk/client-dynamodb` and `@aws-sdk/lib-dynamodb` alone:
 * the median of 15 differences, each import paired with a floor import next to it (bound: at most
 * 50 ms over it). The same import with `--enable-source-maps` is printed next to it (every other
 * pair). It runs before the bench starts its runtime (a standalone scenario).
 */
export const bundles: StandaloneScenario = async ({ report }) => {
  console.log(`\n0. Lambda bundles: static closure and module init (fresh process, median of ${RUNS})`);
  rmSync(OUT, { recursive: true, force: true });
  const closures = bundleEveryFunction(OUT);
  const floorSamples: number[] = [];
  const floor = () => {
    const t = importMs(['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb']);
    floorSamples.push(t);
    return t;
  };
  floor();
  // Each import of a bundle is paired with a floor import next to it (before and after in turn, so
  // neither side is always the second): the machine's pace drifts over the minute this takes, and
  // a difference within a pair moves with it, where a bundle against the run's median floor would
  // carry whatever the machine did meanwhile. The bundles take turns, pair by pair: a slow spell of
  // this shared machine (seconds long) then lands on a pair or two of every bundle instead of on
  // all 15 pairs of one, whose median it decided (2026-12-04: admin measured 64 ms over the floor
  // in a run, 31 ms in 15 pairs of its own minutes later, the same bundle).
  const init = new Map<string, { plain: number[]; maps: number[]; over: number[] }>();
  const entries = FUNCTION_IDS.map(
    (id) => [id, pathToFileURL(path.join(OUT, id, 'index.mjs')).href] as const,
  );
  for (const [id, entry] of entries) {
    importMs([entry]); // warm the file system cache
    init.set(id, { plain: [], maps: [], over: [] });
  }
  for (let i = 0; i < RUNS; i++) {
    for (const [id, entry] of entries) {
      const samples = init.get(id)!;
      const before = i % 2 === 1 ? floor() : undefined;
      const plain = importMs([entry]);
      samples.plain.push(plain);
      samples.over.push(plain - (before ?? floor()));
      if (i % 2 === 0) samples.maps.push(importMs([entry], ['--enable-source-maps']));
    }
  }
  const base = stats(floorSamples).median;
  console.log(`  floor: import of client-dynamodb + lib-dynamodb alone: median ${ms(base)}`);
  console.log(
    `  ${'function'.padEnd(16)} ${'static KB'.padStart(10)} ${'on-demand KB'.padStart(13)} ${'init'.padStart(11)} ${'over floor'.padStart(11)} ${'--enable-source-maps'.padStart(21)}`,
  );
  for (const id of FUNCTION_IDS) {
    const closure = closures.get(id)!;
    const samples = init.get(id)!;
    const plain = stats(samples.plain).median;
    const maps = stats(samples.maps).median;
    const over = stats(samples.over).median;
    console.log(
      `  ${id.padEnd(16)} ${(closure.staticBytes / 1024).toFixed(1).padStart(10)} ${(closure.onDemandBytes / 1024).toFixed(1).padStart(13)} ${ms(plain).padStart(11)} ${ms(over).padStart(11)} ${ms(maps).padStart(21)}`,
    );
    report.check(
      `bundle ${id}: static closure (index.mjs + static chunks)`,
      closure.staticBytes / 1024,
      BUNDLE_LIMIT_BYTES / 1024,
      {
        unit: ' KB',
        decimals: 1,
        source: 'issue 11',
      },
    );
    report.check(`bundle ${id}: module init over the client-dynamodb + lib-dynamodb floor`, over, 50, {
      unit: ' ms',
      decimals: 1,
      source: 'issue 11',
    });
    report.figure(
      `bundle ${id}: module init with --enable-source-maps / without`,
      `${(maps / plain).toFixed(2)}x (${ms(maps)} / ${ms(plain)})`,
      'what NODE_OPTIONS=--enable-source-maps costs at start with the same bundle',
    );
  }
};
