import { ListTablesCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { TABLES } from '../../functions/adapters/dynamodb/table-definitions.js';
import { defaultServiceOptions } from '../../functions/domain/service-template.js';
import { builtinTemplate } from '../../functions/domain/templates/index.js';
import { freePort } from '../../functions/local/dynamodb-local.js';

/**
 * `npm start -- --dynamodb-endpoint URL --table-prefix P` as a user runs it: a child process on
 * the integration run's DynamoDB Local (standing in for "another DynamoDB Local" or a dev
 * account's endpoint), which it must not start one of its own for.
 */
const children: ChildProcessWithoutNullStreams[] = [];

function start(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'functions/local/main.ts', ...args]);
  children.push(child);
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const waitFor = async (text: string) => {
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      if (out.includes(text)) return;
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`Did not see ${text} in:\n${out}`);
  };
  return { child, exited, waitFor, output: () => out };
}

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

async function tablesNamed(endpoint: string, prefix: string): Promise<string[]> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const names: string[] = [];
  let start: string | undefined;
  do {
    const page = await client.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
    names.push(...(page.TableNames ?? []));
    start = page.LastEvaluatedTableName;
  } while (start);
  client.destroy();
  return names.filter((n) => n.startsWith(prefix)).sort();
}

describe('npm start -- --dynamodb-endpoint URL --table-prefix P', () => {
  it('serves from an existing endpoint, creates exactly the prefixed tables, finds them and the data again', async () => {
    const endpoint = inject('dynamoEndpoint');
    const prefix = `ep${randomBytes(3).toString('hex')}-`;
    const dir = mkdtempSync(join(tmpdir(), 'gms-endpoint-'));
    const config = join(dir, 'gms.json');
    const template = builtinTemplate('callback')!;
    writeFileSync(
      config,
      JSON.stringify({
        services: {
          'ep-cb': {
            ...defaultServiceOptions(template, 'User-Terminated-Immediate'),
            _target: 'Nobody@StatServer.GA',
          },
        },
      }),
    );
    const port = await freePort();
    const base = `http://127.0.0.1:${port}/genesys/1`;
    const args = ['--port', String(port), '--dynamodb-endpoint', endpoint, '--table-prefix', prefix];

    const first = start([...args, '--config', config]);
    await first.waitFor('GMS is ready');
    expect(first.output()).toContain(`Using DynamoDB at ${endpoint} (region `);
    expect(first.output()).toContain(`Tables ${prefix}*: ${TABLES.length} created, 0 found.`);
    // Its own DynamoDB Local was never started.
    expect(first.output()).not.toContain('Starting DynamoDB Local');
    expect(await tablesNamed(endpoint, prefix)).toEqual(TABLES.map((t) => `${prefix}${t.id}`).sort());

    expect((await fetch(`${base}/health`)).status).toBe(200);
    const stored = await fetch(`${base}/storage/3600`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'note=kept+in+the+endpoint',
    });
    expect(stored.status).toBe(200);
    const storageId = ((await stored.json()) as { id: string }).id;
    expect(await (await fetch(`${base}/storage/${storageId}/note`)).text()).toBe('kept in the endpoint');
    const created = await fetch(`${base}/service/callback/ep-cb`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ _customer_number: '5554000001' }),
    });
    expect(created.status, await created.clone().text()).toBe(200);
    const callbackId = ((await created.json()) as { _id: string })._id;

    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('Stopped.');

    // Same endpoint and prefix, no config: the tables are found, not made, and the data is there.
    const second = start(args);
    await second.waitFor('GMS is ready');
    expect(second.output()).toContain(`Tables ${prefix}*: 0 created, ${TABLES.length} found.`);
    expect(await tablesNamed(endpoint, prefix)).toHaveLength(TABLES.length);
    expect(await (await fetch(`${base}/storage/${storageId}/note`)).text()).toBe('kept in the endpoint');
    const [view] = (await (await fetch(`${base}/service/callback?_id=${callbackId}`)).json()) as {
      _id: string;
      _service_name: string;
    }[];
    expect(view).toMatchObject({ _id: callbackId, _service_name: 'ep-cb' });
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 180_000);

  it('fails fast in one line, naming the URL, when the endpoint does not answer', async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    const run = start(['--port', String(await freePort()), '--dynamodb-endpoint', dead]);
    expect(await run.exited).toBe(1);
    const errorLines = run
      .output()
      .split('\n')
      .filter((l) => l.startsWith('Cannot start'));
    expect(errorLines).toEqual([expect.stringMatching(`^Cannot start: Cannot reach DynamoDB at ${dead}: `)]);
    expect(run.output()).toContain('ECONNREFUSED');
    expect(run.output()).not.toMatch(/^\s+at /m); // no stack trace
    expect(run.output()).not.toContain('Creating tables');
  });

  it('refuses a bad URL or prefix as a usage error naming the option; --help lists both', async () => {
    const url = start(['--dynamodb-endpoint', 'localhost:8000']);
    expect(await url.exited).toBe(2);
    expect(url.output()).toContain("Invalid --dynamodb-endpoint 'localhost:8000'");
    const prefix = start(['--dynamodb-endpoint', 'http://127.0.0.1:8000', '--table-prefix', 'my tables/']);
    expect(await prefix.exited).toBe(2);
    expect(prefix.output()).toContain("Invalid --table-prefix 'my tables/'");
    const both = start(['--dynamodb-endpoint', 'http://127.0.0.1:8000', '--in-memory']);
    expect(await both.exited).toBe(2);
    expect(both.output()).toContain('--in-memory do not apply');
    const help = start(['--help']);
    expect(await help.exited).toBe(0);
    expect(help.output()).toContain('--dynamodb-endpoint URL');
    expect(help.output()).toContain('--table-prefix P');
  });
});
