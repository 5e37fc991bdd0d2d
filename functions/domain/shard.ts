/**
 * Write sharding (DynamoDB's guide on hot keys): a key every caller would write is split into
 * `count` keys, and an id always lands on the same one, so a later write or read of that id finds
 * it without a lookup. FNV-1a over UTF-16 code units: fast, stable across processes and versions
 * (changing it would move every item), well spread for random ids and for sequential names alike.
 */
export function shardOf(id: string, count: number): number {
  if (!Number.isInteger(count) || count < 1)
    throw new RangeError(`Shard count must be a positive integer, got ${count}.`);
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % count;
}

/** `<prefix>#<shard of id>`: the partition key value of `id` in a sharded key family. */
export function shardKey(prefix: string, id: string, count: number): string {
  return `${prefix}#${shardOf(id, count)}`;
}

/** Every key of a sharded family, for readers that fan out over all shards. */
export function allShardKeys(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}#${i}`);
}
