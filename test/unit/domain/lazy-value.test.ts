import { describe, expect, it } from 'vitest';
import { lazyValue } from '../../../functions/domain/lazy-value.js';

describe('lazyValue', () => {
  it('makes nothing until first called, then once', () => {
    let made = 0;
    const value = lazyValue(() => ({ n: ++made }));
    expect(made).toBe(0);
    const first = value();
    expect(value()).toBe(first);
    expect(made).toBe(1);
  });

  it('keeps a value that is undefined without making it again', () => {
    let made = 0;
    const value = lazyValue(() => {
      made++;
      return undefined;
    });
    value();
    value();
    expect(made).toBe(1);
  });
});
