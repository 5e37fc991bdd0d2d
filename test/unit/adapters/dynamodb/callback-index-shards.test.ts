import { describe, expect, it } from 'vitest';
import {
  DUE_PARTITIONS,
  dueShardOf,
  EXPIRY_PARTITIONS,
  expiryShardOf,
  QUEUED_PARTITIONS,
  queuedShardOf,
  TICK_INDEX_SHARDS,
} from '../../../../functions/adapters/dynamodb/callback-index-shards.js';
import { queuedIndexAttributes } from '../../../../functions/adapters/dynamodb/callback-store.js';
import { shardOf } from '../../../../functions/domain/shard.js';

describe('the sharded partitions of the callbacks tick indexes', () => {
  it('puts a callback in the shard of its id, the same number in every family', () => {
    const n = shardOf('cb-42', TICK_INDEX_SHARDS);
    expect(dueShardOf('cb-42')).toBe(`due#${n}`);
    expect(queuedShardOf('cb-42')).toBe(`queued#${n}`);
    expect(expiryShardOf('cb-42')).toBe(`active#${n}`);
  });

  it('lists 32 shards per family and then the single partition of the old layout', () => {
    expect(TICK_INDEX_SHARDS).toBe(32);
    for (const [partitions, legacy] of [
      [DUE_PARTITIONS, 'due'],
      [QUEUED_PARTITIONS, 'queued'],
      [EXPIRY_PARTITIONS, 'active'],
    ] as const) {
      expect(partitions).toHaveLength(33);
      expect(new Set(partitions).size).toBe(33);
      expect(partitions.at(-1)).toBe(legacy);
      expect(partitions.slice(0, 32)).toEqual(Array.from({ length: 32 }, (_, i) => `${legacy}#${i}`));
    }
  });

  it('every key a write can produce is one the readers list, and 3,200 ids use every shard', () => {
    const used = new Set<string>();
    for (let i = 0; i < 3_200; i++) {
      const id = crypto.randomUUID();
      expect(DUE_PARTITIONS).toContain(dueShardOf(id));
      expect(QUEUED_PARTITIONS).toContain(queuedShardOf(id));
      expect(EXPIRY_PARTITIONS).toContain(expiryShardOf(id));
      used.add(dueShardOf(id));
    }
    expect(used.size).toBe(32);
  });

  it('a requeue (routing store) writes the queued and expiry shards of that callback', () => {
    expect(queuedIndexAttributes('cb-7', 1234)).toEqual({
      dueShard: queuedShardOf('cb-7'),
      dueAt: 1234,
      expiryShard: expiryShardOf('cb-7'),
    });
  });
});
