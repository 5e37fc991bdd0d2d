/**
 * The bench's harness: starts the local runtime on its own DynamoDB Local (in memory), runs the
 * scenarios in order against it, and reports. Each figure is measured against a floor measured in
 * the same run, so a noisy machine moves both sides together. The run exits 1 only when a bound the
 * project states is missed (a `check`); every other ratio is a `figure`, printed with what it means.
 * LOG_LEVEL (default WARN here) sets the product's log level.
 */
import { startLocalRuntime, type LocalRuntime } from '../functions/local/local-runtime.js';
import { logger } from '../functions/observability.js';

// The product logs INFO lines per request in AWS; here they would bury the figures.
logger.setLogLevel((process.env.LOG_LEVEL as 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | undefined) ?? 'WARN');

export const ADMIN = `Basic ${Buffer.from('default:password').toString('base64')}`;

export function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return {
    median: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: sorted[sorted.length - 1]!,
    mean: samples.reduce((a, b) => a + b, 0) / samples.length,
  };
}

export const ms = (n: number) => `${n.toFixed(2)} ms`;

/** How a scenario reports: stated bounds (`check`) and figures against their floor (`figure`). */
export interface BenchReport {
  check(
    name: string,
    value: number,
    limit: number,
    opts: { unit?: string; lowerIsBetter?: boolean; decimals?: number; source: string },
  ): void;
  figure(name: string, value: string, meaning?: string): void;
}

/** An admin PUT of a JSON body; throws on a non-2xx answer. */
export type Put = (path: string, body: unknown) => Promise<void>;

/** What every scenario gets: the runtime, its API base URL, an admin PUT, and the report. */
export interface BenchContext {
  rt: LocalRuntime;
  api: string;
  put: Put;
  report: BenchReport;
}

export type Scenario = (ctx: BenchContext) => Promise<void>;

/**
 * A scenario that needs no runtime (it measures fresh processes of its own). It runs before the
 * runtime starts: DynamoDB Local's JVM compiles and collects for seconds after its start, and on
 * 2 cores that would share the CPU with what is being timed.
 */
export type StandaloneScenario = (ctx: Pick<BenchContext, 'report'>) => Promise<void>;

/**
 * What a run reports. A `check` is a bound the project states (docs/ARCHITECTURE.md,
 * ../shared/DESIGN.md) and decides the exit code; a `figure` is measured against its floor in the
 * same run and explained, but the project states no bound for it, so it never fails the run.
 */
type Outcome =
  | { kind: 'check'; name: string; value: string; bound: string; source: string; ok: boolean }
  | { kind: 'figure'; name: string; value: string; meaning: string };

const outcomes: Outcome[] = [];

/** A stated bound: PASS or FAIL, with where the project states it. */
function check(
  name: string,
  value: number,
  limit: number,
  opts: { unit?: string; lowerIsBetter?: boolean; decimals?: number; source: string },
) {
  const lower = opts.lowerIsBetter ?? true;
  const ok = lower ? value <= limit : value >= limit;
  const unit = opts.unit ?? '';
  const outcome: Outcome = {
    kind: 'check',
    name,
    value: `${value.toFixed(opts.decimals ?? 2)}${unit}`,
    bound: `${lower ? 'at most' : 'at least'} ${limit}${unit}`,
    source: opts.source,
    ok,
  };
  outcomes.push(outcome);
  console.log(`  ${ok ? 'PASS' : 'FAIL'}  ${name}: ${outcome.value} (${outcome.bound}; ${opts.source})`);
}

/** A figure against its floor, with what it means; no stated bound, so informational. */
function figure(name: string, value: string, meaning?: string) {
  outcomes.push({ kind: 'figure', name, value, meaning: meaning ?? '' });
  console.log(`  INFO  ${name}: ${value}`);
  if (meaning) console.log(`        ${meaning}`);
}

/** Every figure and check again, grouped, so the result reads without scrolling through the sections. */
function summary(): number {
  const checks = outcomes.filter((o) => o.kind === 'check');
  const figures = outcomes.filter((o) => o.kind === 'figure');
  const width = Math.max(...outcomes.map((o) => o.name.length));
  console.log('\nSummary');
  console.log('  Stated bounds (these decide the exit code):');
  for (const c of checks)
    console.log(`    ${c.ok ? 'PASS' : 'FAIL'}  ${c.name.padEnd(width)}  ${c.value}  (${c.bound})`);
  console.log('  Figures against their floor (no bound stated; compare across runs on one machine):');
  for (const f of figures) console.log(`    INFO  ${f.name.padEnd(width)}  ${f.value}`);
  const failed = checks.filter((c) => !c.ok).length;
  console.log(
    `\n${checks.length - failed} of ${checks.length} stated bounds met${failed ? `, ${failed} FAILED` : ''}`,
  );
  return failed;
}

async function runScenarios(
  standalone: readonly StandaloneScenario[],
  scenarios: readonly Scenario[],
): Promise<void> {
  for (const scenario of standalone) await scenario({ report: { check, figure } });
  if (scenarios.length === 0) process.exit(summary() === 0 ? 0 : 1);
  console.log('Starting the local runtime (DynamoDB Local, in memory)...');
  const rt = await startLocalRuntime({ inMemory: true, port: 0, tablePrefix: 'bench-' });
  const api = `http://127.0.0.1:${rt.port}/genesys/1`;
  const put: Put = async (path, body) => {
    const res = await fetch(`${api}${path}`, {
      method: 'PUT',
      headers: { authorization: ADMIN, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  };
  try {
    for (const scenario of scenarios) await scenario({ rt, api, put, report: { check, figure } });
  } finally {
    await rt.stop();
  }
  process.exit(summary() === 0 ? 0 : 1);
}

/**
 * Runs the standalone scenarios, then the others in order on one runtime, prints the summary, and
 * exits 1 on a missed bound or an error. Scenario names given on the command line (`npm run bench
 * -- resourceGroupPut`) run only those; a scenario that measures another's setup (allocation:
 * `sharedPools`) needs it named too.
 */
export function runBench(standalone: readonly StandaloneScenario[], scenarios: readonly Scenario[]): void {
  const only = process.argv.slice(2);
  const known = [...standalone, ...scenarios].map((s) => s.name);
  const unknown = only.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    console.error(`Unknown scenario ${unknown.join(', ')}; known: ${known.join(', ')}`);
    process.exit(1);
  }
  const pick = <T extends { name: string }>(list: readonly T[]) =>
    only.length > 0 ? list.filter((s) => only.includes(s.name)) : list;
  runScenarios(pick(standalone), pick(scenarios)).catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
