import { describe, expect, it } from 'vitest';
import { allShardKeys, shardKey, shardOf } from '../../../functions/domain/shard.js';

describe('shardOf', () => {
  it('is stable: the same id always lands on the same shard', () => {
    expect(shardOf('cb-123', 32)).toBe(shardOf('cb-123', 32));
    // Pinned values: a change of the hash would move every stored item.
    expect(shardOf('a', 32)).toBe(0xe40c292c % 32);
    expect(shardOf('', 7)).toBe(0x811c9dc5 % 7);
  });

  it('spreads 32,000 random ids evenly over 32 shards (each within 15% of 1,000)', () => {
    const counts = new Array<number>(32).fill(0);
    for (let i = 0; i < 32_000; i++) counts[shardOf(crypto.randomUUID(), 32)]!++;
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(150);
  });

  it('spreads sequential names too', () => {
    const counts = new Array<number>(16).fill(0);
    for (let i = 0; i < 16_000; i++) counts[shardOf(`service-${i}`, 16)]!++;
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(200);
  });

  it('refuses a count that is not a positive integer', () => {
    expect(() => shardOf('x', 0)).toThrow(RangeError);
    expect(() => shardOf('x', 1.5)).toThrow(RangeError);
  });

  it('names keys and lists a family', () => {
    expect(shardKey('due', 'a', 32)).toBe(`due#${0xe40c292c % 32}`);
    expect(allShardKeys('due', 3)).toEqual(['due#0', 'due#1', 'due#2']);
  });
});
