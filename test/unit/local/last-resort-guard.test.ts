import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The guard installs process-wide handlers, so it runs in a child process of its own: vitest's
 * own handlers would report the very errors the guard is there to absorb.
 */
describe('last-resort guard', () => {
  let child: ChildProcess;
  let base = '';
  beforeAll(async () => {
    child = spawn(process.execPath, ['--import', 'tsx', 'test/support/last-resort-guard-server.ts'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LOG_LEVEL: 'SILENT' },
    });
    const port = await new Promise<string>((resolve, reject) => {
      child.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim()));
      child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
    });
    base = `http://127.0.0.1:${port}/genesys/1`;
  }, 30_000);
  afterAll(() => {
    child?.kill();
  });

  it('an unheard stream error answers 500 to its request and the process keeps serving', async () => {
    const res = await fetch(`${base}/service/x`, { method: 'POST' });
    expect(res.status).toBe(500);
    expect(res.headers.get('connection')).toBe('close');
    expect(await res.json()).toMatchObject({ code: 500, exception: expect.any(String) });
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect(child.exitCode).toBeNull();
  });

  it('an unhandled rejection is attributed to its request too: 500, and the process keeps serving', async () => {
    const res = await fetch(`${base}/storage/30`, { method: 'POST' });
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ code: 500 });
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect(child.exitCode).toBeNull();
  });
});
