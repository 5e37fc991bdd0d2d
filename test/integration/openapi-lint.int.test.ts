import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';

interface Problem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: { pointer?: string }[];
}

/** The rules whose warnings docs/openapi.md justifies: the `- \`rule\`` items of its "Justified warnings" section. */
async function justifiedRules(): Promise<string[]> {
  const doc = await readFile(new URL('../../docs/openapi.md', import.meta.url), 'utf8');
  const section = doc.split(/^## Justified warnings$/m)[1]?.split(/^## /m)[0] ?? '';
  return [...section.matchAll(/^- `([a-z0-9-]+)`/gm)].map((m) => m[1]!);
}

/** `redocly lint` (recommended ruleset) on the document the server serves at GET /genesys/1/openapi.json. */
describe('OpenAPI document lint (redocly, recommended)', () => {
  let s: TestServer;
  let dir: string;
  let problems: Problem[];

  beforeAll(async () => {
    s = await startTestServer();
    dir = await mkdtemp(join(tmpdir(), 'gms-lint-'));
    const file = join(dir, 'openapi.json');
    await writeFile(file, await (await s.fetch('/openapi.json')).text());
    const require = createRequire(import.meta.url);
    const cli = join(dirname(require.resolve('@redocly/cli/package.json')), 'bin', 'cli.js');
    // Exit code 1 means "errors found": the JSON report on stdout says which, so it is read either way.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [cli, 'lint', file, '--extends', 'recommended', '--format', 'json'],
      {
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
        maxBuffer: 32 * 1024 * 1024,
      },
    ).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }));
    problems = (JSON.parse(stdout) as { problems: Problem[] }).problems;
  }, 90_000);

  afterAll(async () => {
    await s?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('reports no error', () => {
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('reports only warnings docs/openapi.md justifies', async () => {
    const justified = await justifiedRules();
    expect(justified.length).toBeGreaterThan(0);
    const unjustified = problems.filter((p) => p.severity !== 'error' && !justified.includes(p.ruleId));
    expect(unjustified.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
  });
});
