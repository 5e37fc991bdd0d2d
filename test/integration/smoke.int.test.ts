import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';

const STEPS = [
  'health',
  'admin login',
  'management round trip',
  'request-interaction + match',
  'callback create + query',
  'WebSocket notification',
  'callback cancel',
];

interface SmokeRun {
  code: number | null;
  lines: string[];
  stderr: string;
}

/** `npm run smoke` as a cloud team runs it, as a child process against the local runtime. */
function smoke(args: string[], env: Record<string, string> = {}): Promise<SmokeRun> {
  return new Promise((resolve) => {
    execFile(
      'npx',
      ['tsx', 'scripts/smoke/smoke.ts', ...args],
      { env: { ...process.env, GMS_SMOKE_USER: '', GMS_SMOKE_PASSWORD: '', ...env }, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, lines: stdout.split('\n').filter(Boolean), stderr });
      },
    );
  });
}

const outcome = (run: SmokeRun, step: string) =>
  run.lines
    .find((l) => new RegExp(`^(PASS|FAIL|SKIP) ${step.replace(/[+]/g, '\\+')}( |:|$)`).test(l))
    ?.split(' ')[0];

describe('npm run smoke against the local runtime', () => {
  let s: TestServer;

  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(async () => {
    await s?.stop();
  });

  /** What the smoke test made and must have removed again. */
  const leftovers = async () => {
    const names = async (path: string) =>
      ((await (await s.admin(path)).json()) as { name: string }[]).map((x) => x.name);
    return [...(await names('/admin/services')), ...(await names('/admin/resources'))].filter((n) =>
      n.startsWith('smoke-'),
    );
  };

  it('passes every step with timings, exit 0, and leaves nothing behind', async () => {
    const run = await smoke(['--url', s.url]);
    expect(run.code, run.lines.join('\n') + run.stderr).toBe(0);
    for (const step of STEPS)
      expect(run.lines, step).toContainEqual(
        expect.stringMatching(new RegExp(`^PASS ${step.replace('+', '\\+')} \\(\\d+ ms\\)`)),
      );
    expect(run.lines.filter((l) => /^(FAIL|SKIP) /.test(l))).toEqual([]);
    expect(run.lines.filter((l) => l.startsWith('PASS clean-up: ')).length).toBeGreaterThanOrEqual(4);
    expect(run.lines.at(-1)).toBe(
      `Smoke test PASSED: ${run.lines.filter((l) => l.startsWith('PASS ')).length} steps`,
    );
    expect(await leftovers()).toEqual([]);
    // It logged out: its bearer token is gone from the store.
    const { ScanCommand } = await import('@aws-sdk/lib-dynamodb');
    const tokens = await s.deps.doc.send(new ScanCommand({ TableName: s.deps.runtime.tables.tokens }));
    expect(tokens.Items ?? []).toEqual([]);
  });

  it('a wrong password fails the login step (exit 1) and skips what needs it', async () => {
    const run = await smoke(['--url', s.url, '--user', 'default', '--password', 'not-the-password']);
    expect(run.code).toBe(1);
    expect(outcome(run, 'health')).toBe('PASS');
    expect(run.lines).toContainEqual(
      expect.stringMatching(/^FAIL admin login \(\d+ ms\): .*401.*Wrong username or password/),
    );
    expect(outcome(run, 'management round trip')).toBe('SKIP');
    expect(run.lines.join('\n')).not.toContain('not-the-password');
    expect(run.lines.at(-1)).toMatch(/^Smoke test FAILED: admin login, /);
  });

  it('a step that fails midway still cleans up everything the run created', async () => {
    // Nothing listens on port 9: the push step fails after the callback and the services exist.
    const run = await smoke(
      ['--url', s.url, '--ws-url', 'ws://127.0.0.1:9/genesys/1/notifications', '--timeout', '5'],
      {
        GMS_SMOKE_USER: 'default',
        GMS_SMOKE_PASSWORD: 'password',
      },
    );
    expect(run.code).toBe(1);
    expect(run.lines).toContainEqual(expect.stringMatching(/^FAIL WebSocket notification \(\d+ ms\): /));
    expect(outcome(run, 'callback create + query')).toBe('PASS');
    expect(outcome(run, 'callback cancel')).toBe('PASS');
    expect(run.lines.filter((l) => l.startsWith('FAIL clean-up'))).toEqual([]);
    expect(await leftovers()).toEqual([]);
  });

  it('refuses to guess credentials for a stack that is not local (exit 2)', async () => {
    const run = await smoke(['--url', 'https://gms.example.com']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--user and --password');
  });
});
