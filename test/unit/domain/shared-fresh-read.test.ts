import { describe, expect, it } from 'vitest';
import { SharedFreshRead } from '../../../functions/domain/shared-fresh-read.js';

/** A read whose answer is the number of reads started so far, finished when the test says. */
function reads() {
  let started = 0;
  const finish: ((ok: boolean) => void)[] = [];
  const read = () =>
    new Promise<number>((resolve, reject) => {
      const n = ++started;
      finish.push((ok) => (ok ? resolve(n) : reject(new Error(`read ${n} failed`))));
    });
  return { read, started: () => started, finish: (i: number, ok = true) => finish[i]!(ok) };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('SharedFreshRead', () => {
  it('callers arriving during a read share the next read, started after the running one ends', async () => {
    const shared = new SharedFreshRead<number>();
    const r = reads();
    const first = shared.read('k', r.read);
    const second = shared.read('k', r.read);
    const third = shared.read('k', r.read);
    expect(r.started()).toBe(1);
    r.finish(0);
    expect(await first).toBe(1);
    await tick();
    // The second and third asked while read 1 ran: they get read 2, which started after they asked.
    expect(r.started()).toBe(2);
    r.finish(1);
    expect(await second).toBe(2);
    expect(await third).toBe(2);
    expect(r.started()).toBe(2);
  });

  it('keys do not share, and a failed read fails only the callers it serves', async () => {
    const shared = new SharedFreshRead<number>();
    const r = reads();
    const a = shared.read('a', r.read);
    const b = shared.read('b', r.read);
    const a2 = shared.read('a', r.read);
    expect(r.started()).toBe(2);
    r.finish(0, false);
    await expect(a).rejects.toThrow('read 1 failed');
    r.finish(1);
    expect(await b).toBe(2);
    await tick();
    r.finish(2);
    expect(await a2).toBe(3);
  });

  it('a caller after a read ended starts a new one', async () => {
    const shared = new SharedFreshRead<number>();
    const r = reads();
    const first = shared.read('k', r.read);
    r.finish(0);
    expect(await first).toBe(1);
    await tick();
    const later = shared.read('k', r.read);
    expect(r.started()).toBe(2);
    r.finish(1);
    expect(await later).toBe(2);
  });
});
