import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../functions/local/dynamodb-local.js';
import { ADMIN_AUTH } from '../support/test-server.js';
import { startMain } from '../support/npm-start-process.js';

const children: ChildProcessWithoutNullStreams[] = [];

/** Pids of running DynamoDB Local (java) processes whose command line names `dir` (`-dbPath`). */
function javaProcessesUsing(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let args: string[];
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // gone meanwhile
    }
    if (/(^|\/)java$/.test(args[0] ?? '') && args.includes(dir)) pids.push(Number(entry));
  }
  return pids;
}

function start(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const started = startMain(args, env);
  children.push(started.child);
  return started;
}

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

describe('npm start (functions/local/main.ts)', () => {
  it('starts with --port, --data-dir and --config, prints the URL, keeps data across restarts, stops on Ctrl-C', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gms-start-'));
    const config = join(dir, 'gms.yaml');
    writeFileSync(
      config,
      [
        'resources:',
        '  DNIS:',
        '    _allocation_strategy: random',
        '    dnis1: "6504664131"',
        'services:',
        '  iPhoneService:',
        '    _type: builtin',
        '    _service: request-interaction',
        '    _resource_group: DNIS',
        'patterns:',
        '  g1:',
        '    Pattern1: \\d{3}',
        'users:',
        '  sup:',
        '    password: supervisor-pw',
        '    roles: [Supervisor]',
      ].join('\n'),
    );
    const port = await freePort();
    const dataDir = join(dir, 'data');
    const first = start(['--port', String(port), '--data-dir', dataDir, '--config', config]);
    await first.waitFor(`GMS is ready on http://127.0.0.1:${port}/genesys`);
    expect(first.output()).toContain('Applied 1 services, 1 resource groups, 1 pattern groups, 1 users.');
    const base = `http://127.0.0.1:${port}/genesys/1`;
    expect((await fetch(`${base}/health`)).status).toBe(200);
    const created = await fetch(`${base}/service/iPhoneService`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '_phone_number=6504669999',
    });
    expect(await created.json()).toMatchObject({ _access_number: '6504664131' });

    expect(javaProcessesUsing(dataDir)).toHaveLength(1); // this run's DynamoDB Local
    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('Stopped.');
    await expect(fetch(`${base}/health`)).rejects.toThrow();
    // Ctrl-C stops DynamoDB Local too: no java process of this run is left behind.
    expect(javaProcessesUsing(dataDir)).toEqual([]);

    // Same data dir, no config: what was stored is still there (the lock too).
    const second = start(['--data-dir', dataDir], { ...process.env, PORT: String(port) });
    await second.waitFor('GMS is ready');
    const group = (await (
      await fetch(`${base}/admin/resources/DNIS`, { headers: { authorization: ADMIN_AUTH } })
    ).json()) as object;
    expect(group).toMatchObject({ resource_total: 1, resource_available: 0 });
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(javaProcessesUsing(dataDir)).toEqual([]);
  }, 180_000);

  it('says clearly when the port is taken', async () => {
    const blocker: Server = createServer();
    const port = await freePort();
    await new Promise<void>((r) => blocker.listen(port, '127.0.0.1', () => r()));
    try {
      const run = start(['--port', String(port), '--in-memory']);
      expect(await run.exited).toBe(1);
      expect(run.output()).toContain(`Port ${port} on 127.0.0.1 is already in use`);
      expect(run.output()).toContain('--port');
      // Said before anything started: DynamoDB Local was never launched, no tables were made.
      expect(run.output()).not.toContain('Starting DynamoDB Local');
      expect(run.output()).not.toContain('Creating tables');
    } finally {
      blocker.close();
    }
  });

  it('says what to install when Java is missing', async () => {
    const run = start(['--in-memory', '--port', String(await freePort())], {
      ...process.env,
      PATH: '/nonexistent',
    });
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/Java was not found\. DynamoDB Local needs Java 17 or newer/);
  });

  it('rejects a bad config file with the entry at fault', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gms-bad-'));
    const config = join(dir, 'bad.json');
    writeFileSync(config, JSON.stringify({ resources: { DNIS: { dnis1: 'not a number' } } }));
    const run = start(['--in-memory', '--port', String(await freePort()), '--config', config]);
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('resources.DNIS');
    expect(run.output()).toContain("Resource 'dnis1' must be an access number");
  });
});
