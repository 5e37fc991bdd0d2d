import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { rmSync } from 'node:fs';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Server {
  child: ChildProcessWithoutNullStreams;
  exited: Promise<void>;
  output(): string;
}

const started: Server[] = [];
const dirs: string[] = [];

/** `npm start` in its own process group, so a SIGKILL of the group takes DynamoDB Local's java with it. */
export async function startServer(port: number, dataDir: string, config: string): Promise<Server> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'functions/local/main.ts',
      '--port',
      String(port),
      '--data-dir',
      dataDir,
      '--config',
      config,
    ],
    { detached: true },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const server = { child, exited, output: () => out };
  started.push(server);
  const deadline = Date.now() + 45_000;
  while (!out.includes('GMS is ready')) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`The server did not start:\n${out}`);
    await sleep(50);
  }
  return server;
}

/** Live (not zombie) processes of a process group, as `pid command` lines. */
export function liveProcessesOf(group: number): string[] {
  const ps = execFileSync('ps', ['-e', '-o', 'pid=,pgid=,stat=,args='], { encoding: 'utf8' });
  return ps
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([, pgid, stat]) => Number(pgid) === group && !stat?.startsWith('Z'))
    .map(([pid, , , ...args]) => `${pid} ${args.join(' ')}`);
}

export function killGroup(server: Server): void {
  try {
    process.kill(-server.child.pid!, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** A directory removed by `cleanUp`. */
export function removeLater(dir: string): void {
  dirs.push(dir);
}

/** For `afterEach`: kills every server started here and removes the directories. */
export async function cleanUp(): Promise<void> {
  const servers = started.splice(0);
  for (const s of servers) killGroup(s);
  await Promise.all(servers.map((s) => s.exited));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}
