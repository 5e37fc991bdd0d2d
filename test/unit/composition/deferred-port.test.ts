import { describe, expect, it, vi } from 'vitest';
import { deferredAdapter, deferredPort } from '../../../functions/composition/deferred-port.js';

interface Store {
  get(id: string): Promise<string>;
  list(): readonly string[];
}

class CountingStore {
  constructor(private readonly prefix: string) {}
  get(id: string): Promise<string> {
    return Promise.resolve(`${this.prefix}${id}`);
  }
}

describe('deferredPort', () => {
  it('loads the adapter at the first call, once, and answers through it', async () => {
    const load = vi.fn(async () => ({
      get: (id: string) => Promise.resolve(`got ${id}`),
      list: () => ['a'],
    }));
    const port = deferredPort<Store>(load, { list: () => ['eager'] });
    expect(load).not.toHaveBeenCalled();
    expect(port.list()).toEqual(['eager']);
    const [a, b] = await Promise.all([port.get('1'), port.get('2')]);
    expect([a, b]).toEqual(['got 1', 'got 2']);
    expect(await port.get('3')).toBe('got 3');
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('calls the adapter with itself as this', async () => {
    const port = deferredAdapter(async () => CountingStore, 'p-');
    expect(await port.get('x')).toBe('p-x');
  });

  it('tries the load again after it failed', async () => {
    let attempts = 0;
    const port = deferredAdapter(async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('chunk missing');
      return CountingStore;
    }, '');
    await expect(port.get('x')).rejects.toThrow('chunk missing');
    expect(await port.get('x')).toBe('x');
    expect(attempts).toBe(2);
  });

  it('is not a thenable (await on it gives the port) and a spy set on it wins', async () => {
    const port = deferredAdapter(async () => CountingStore, '');
    expect(await Promise.resolve(port)).toBe(port);
    const spy = vi.spyOn(port, 'get').mockResolvedValue('spied');
    expect(await port.get('x')).toBe('spied');
    spy.mockRestore();
    expect(await port.get('x')).toBe('x');
  });

  it('takes a method assigned to it, again and again', async () => {
    const port = deferredAdapter(async () => CountingStore, '');
    const original = port.get.bind(port);
    port.get = (id: string) => original(`wrapped ${id}`);
    expect(await port.get('x')).toBe('wrapped x');
    port.get = original;
    expect(await port.get('x')).toBe('x');
  });

  it('passes an error of the adapter through unchanged', async () => {
    class Failing {
      get(): Promise<string> {
        return Promise.reject(new RangeError('no such item'));
      }
    }
    const port = deferredAdapter(async () => Failing);
    await expect(port.get()).rejects.toBeInstanceOf(RangeError);
  });
});
