import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { freePort } from '../../functions/local/dynamodb-local.js';

/** `npm start` (functions/local/main.ts) as a child process, with its output kept. */
export interface StartedProcess {
  child: ChildProcessWithoutNullStreams;
  exited: Promise<number | null>;
  output(): string;
  waitFor(text: string | RegExp): Promise<string>;
  /** Ctrl-C, then the exit code. */
  stop(): Promise<number | null>;
}

export function startMain(args: string[], env: NodeJS.ProcessEnv = process.env): StartedProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'functions/local/main.ts', ...args], { env });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const waitFor = async (text: string | RegExp) => {
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      if (typeof text === 'string' ? out.includes(text) : text.test(out)) return out;
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`Did not see ${text} in:\n${out}`);
  };
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGINT');
    return exited;
  };
  return { child, exited, output: () => out, waitFor, stop };
}

/**
 * `npm start` on the tests' shared DynamoDB Local (so no second Java process starts) with fresh
 * tables unless `tablePrefix` is given: main.ts's own start path, demo configuration included.
 */
export async function startNpmStart(
  extra: string[] = [],
  tablePrefix = `n${randomBytes(4).toString('hex')}-`,
): Promise<StartedProcess & { origin: string; tablePrefix: string }> {
  const port = await freePort();
  const run = startMain([
    '--port',
    String(port),
    '--dynamodb-endpoint',
    inject('dynamoEndpoint'),
    '--table-prefix',
    tablePrefix,
    ...extra,
  ]);
  await run.waitFor('GMS is ready');
  return { ...run, origin: `http://127.0.0.1:${port}`, tablePrefix };
}
