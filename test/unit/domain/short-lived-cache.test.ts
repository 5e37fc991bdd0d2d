import { describe, expect, it } from 'vitest';
import { ShortLivedCache } from '../../../functions/domain/short-lived-cache.js';

function setup() {
  let now = 1_000;
  let reads = 0;
  let next: () => Promise<string> = async () => `v${++reads}`;
  const cache = new ShortLivedCache<string>(() => now);
  return {
    cache,
    read: () => next(),
    reads: () => reads,
    advance: (ms: number) => (now += ms),
    failNext: () => {
      next = async () => {
        reads++;
        next = async () => `v${++reads}`;
        throw new Error('down');
      };
    },
  };
}

describe('ShortLivedCache', () => {
  it('reads once per maxAge, and again once it is older', async () => {
    const t = setup();
    for (let i = 0; i < 10; i++) expect(await t.cache.get('k', 1_000, t.read)).toBe('v1');
    t.advance(999);
    expect(await t.cache.get('k', 1_000, t.read)).toBe('v1');
    t.advance(1);
    expect(await t.cache.get('k', 1_000, t.read)).toBe('v2');
    expect(t.reads()).toBe(2);
  });

  it('concurrent callers share one read', async () => {
    const t = setup();
    const answers = await Promise.all(Array.from({ length: 20 }, () => t.cache.get('k', 1_000, t.read)));
    expect(new Set(answers)).toEqual(new Set(['v1']));
    expect(t.reads()).toBe(1);
  });

  it('keeps keys apart', async () => {
    const t = setup();
    expect(await t.cache.get('a', 1_000, t.read)).toBe('v1');
    expect(await t.cache.get('b', 1_000, t.read)).toBe('v2');
    expect(await t.cache.get('a', 1_000, t.read)).toBe('v1');
  });

  it('does not keep a failed read: the next caller reads again', async () => {
    const t = setup();
    t.failNext();
    await expect(t.cache.get('k', 1_000, t.read)).rejects.toThrow('down');
    expect(await t.cache.get('k', 1_000, t.read)).toBe('v2');
  });

  it('read() reads now and keeps the answer for get()', async () => {
    const t = setup();
    expect(await t.cache.get('k', 1_000, t.read)).toBe('v1');
    expect(await t.cache.read('k', t.read)).toBe('v2');
    expect(await t.cache.get('k', 1_000, t.read)).toBe('v2');
  });

  it('forget() drops what is kept, and a read running at the time is not kept', async () => {
    const t = setup();
    expect(await t.cache.get('k', 1_000, t.read)).toBe('v1');
    let release!: () => void;
    const slow = t.cache.read('k', () => new Promise<string>((r) => (release = () => r('old'))));
    t.cache.forget();
    release();
    expect(await slow).toBe('old');
    expect(await t.cache.get('k', 1_000, t.read)).toBe('v2');
  });

  it('a clock that went back makes what is kept stale', async () => {
    const t = setup();
    await t.cache.get('k', 1_000, t.read);
    t.advance(-5);
    expect(await t.cache.get('k', 1_000, t.read)).toBe('v2');
  });

  it('keeps at most maxEntries keys, dropping the oldest kept first', async () => {
    let reads = 0;
    const cache = new ShortLivedCache<string>(() => 1_000, 2);
    const read = async () => `v${++reads}`;
    expect(await cache.get('a', 1_000, read)).toBe('v1');
    expect(await cache.get('b', 1_000, read)).toBe('v2');
    expect(await cache.get('c', 1_000, read)).toBe('v3');
    // 'a' went to make room; 'b' and 'c' are still kept.
    expect(await cache.get('b', 1_000, read)).toBe('v2');
    expect(await cache.get('c', 1_000, read)).toBe('v3');
    expect(await cache.get('a', 1_000, read)).toBe('v4');
    expect(await cache.get('b', 1_000, read)).toBe('v5');
  });
});
