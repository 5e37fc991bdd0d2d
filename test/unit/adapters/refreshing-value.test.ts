import { describe, expect, it } from 'vitest';
import { refreshingValue } from '../../../functions/adapters/refreshing-value.js';

/** A reader answering the queued values (or errors) in turn, counting its calls. */
function reader(...answers: (string | Error)[]) {
  const r = {
    calls: 0,
    read: () => {
      const next = answers[Math.min(r.calls++, answers.length - 1)]!;
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    },
  };
  return r;
}

describe('refreshingValue', () => {
  it('reads once within the time to live, then again: a rotated secret is picked up without a restart', async () => {
    let t = 0;
    const r = reader('old', 'new');
    const get = refreshingValue(r.read, 1_000, () => t);
    expect(await get()).toBe('old');
    t = 999;
    expect(await get()).toBe('old');
    expect(r.calls).toBe(1);
    t = 1_000;
    expect(await get()).toBe('new');
    expect(r.calls).toBe(2);
  });

  it('shares one read among concurrent callers', async () => {
    const r = reader('v');
    const get = refreshingValue(r.read, 1_000, () => 0);
    expect(await Promise.all([get(), get(), get()])).toEqual(['v', 'v', 'v']);
    expect(r.calls).toBe(1);
  });

  it('keeps the previous value when a refresh fails, and retries on the next call', async () => {
    let t = 0;
    const r = reader('old', new Error('throttled'), 'new');
    const get = refreshingValue(r.read, 1_000, () => t);
    expect(await get()).toBe('old');
    t = 5_000;
    expect(await get()).toBe('old');
    expect(await get()).toBe('new');
    expect(r.calls).toBe(3);
  });

  it('throws when the first read fails (nothing to fall back on), and reads again next time', async () => {
    const r = reader(new Error('AccessDenied'), 'v');
    const get = refreshingValue(r.read, 1_000, () => 0);
    await expect(get()).rejects.toThrow('AccessDenied');
    expect(await get()).toBe('v');
  });
});
