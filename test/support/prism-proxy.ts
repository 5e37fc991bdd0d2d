import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

/**
 * Stoplight Prism in proxy mode in front of an upstream server: it forwards each request and
 * checks the request and the response against an OpenAPI document. With `--errors` a violation
 * turns the answer into an error (422 for the request, 500 for the response) with an
 * `sl-violations` header; without it the answer passes unchanged and only the header tells.
 */
export interface PrismProxy {
  /** Origin of the proxy, e.g. `http://127.0.0.1:4712`. */
  url: string;
  stop(): Promise<void>;
}

const prismCli = () => {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@stoplight/prism-cli/package.json')), 'dist', 'index.js');
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

export async function startPrismProxy(
  documentFile: string,
  upstream: string,
  { errors = true, startTimeoutMs = 60_000 } = {},
): Promise<PrismProxy> {
  const port = await freePort();
  const args = ['proxy', documentFile, upstream, '--port', String(port), '--host', '127.0.0.1'];
  if (errors) args.push('--errors');
  const child = spawn(process.execPath, [prismCli(), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => {
    // Only the start-up lines matter (for the error message); the per-request log is dropped.
    if (output.length < 200_000) output += chunk.toString();
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const stop = async () => {
    child.kill('SIGTERM');
    await exited(child);
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`Prism did not start in ${startTimeoutMs} ms:\n${output}`)),
        startTimeoutMs,
      );
      const listening = () => {
        if (output.includes('Prism is listening')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', listening);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`Prism exited (${code}) before listening:\n${output}`));
      });
    });
  } catch (e) {
    await stop();
    throw e;
  }
  return { url: `http://127.0.0.1:${port}`, stop };
}
