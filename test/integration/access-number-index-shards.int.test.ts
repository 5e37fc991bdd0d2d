import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_INDEX_SHARDS } from '../../functions/adapters/dynamodb/access-number-store.js';
import { allShardKeys, shardKey } from '../../functions/domain/shard.js';
import { ManualClock } from '../support/manual-clock.js';
import { accessNumberClient, numbersOf } from '../support/access-number-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe('access numbers: the locked and free indexes sharded per number', () => {
  let s: TestServer;
  const clock = new ManualClock();

  beforeAll(async () => {
    s = await startTestServer({ clock });
  });
  afterAll(async () => {
    await s?.stop();
  });

  const table = () => s.deps.runtime.tables.resources!;
  const { putGroup, request, match, counts, drain } = accessNumberClient(() => s);
  const matched = async (number: string) => expect((await match(number)).status).toBe(200);

  /** The partition key each number has in `index` (`lockedGroup` or `freeGroup`), from a query per key. */
  const indexKeys = async (index: 'locked' | 'free', group: string) => {
    const attribute = index === 'locked' ? 'lockedGroup' : 'freeGroup';
    const keys = [group, ...allShardKeys(group, ACCESS_INDEX_SHARDS)];
    const out = new Map<string, string>();
    for (const key of keys) {
      const page = await s.deps.doc.send(
        new QueryCommand({
          TableName: table(),
          IndexName: index,
          KeyConditionExpression: `${attribute} = :k`,
          ExpressionAttributeValues: { ':k': key },
        }),
      );
      for (const item of page.Items ?? []) out.set(item.sk as string, key);
    }
    return out;
  };

  it('locks and releases land on the shard of their number; a drained pool hands out each number once', async () => {
    const all = numbersOf('659700', 64);
    await putGroup('Shards', all);
    const held = (await Promise.all(all.map((_, i) => request('Shards', i)))).map((r) => r.number);
    expect(new Set(held).size).toBe(64);

    const locked = await indexKeys('locked', 'Shards');
    expect(locked.size).toBe(64);
    for (const [number, key] of locked) expect(key).toBe(shardKey('Shards', number, ACCESS_INDEX_SHARDS));
    // 64 numbers over 8 shards: every shard takes some, none takes most (a hot key would).
    const perKey = new Map<string, number>();
    for (const key of locked.values()) perKey.set(key, (perKey.get(key) ?? 0) + 1);
    expect(perKey.size).toBe(ACCESS_INDEX_SHARDS);
    expect(Math.max(...perKey.values())).toBeLessThanOrEqual(20);

    for (const number of held) await matched(number!);
    const free = await indexKeys('free', 'Shards');
    expect(free.size).toBe(64);
    for (const [number, key] of free) expect(key).toBe(shardKey('Shards', number, ACCESS_INDEX_SHARDS));
    expect((await indexKeys('locked', 'Shards')).size).toBe(0);

    // Every number now sits in one shard's part of `free`: a request reads one random shard, and
    // the last ones are found only by the read of every key that comes before a 503.
    const again = await drain('Shards', 100);
    expect(again.sort()).toEqual(all);
    expect(await counts('Shards')).toEqual({ available: 0, total: 64 });
  });

  it('a sequential group lists its released numbers under the group key, in release order', async () => {
    const all = numbersOf('659710', 3);
    await putGroup('SeqShards', all, { _allocation_strategy: 'sequential' });
    const held = [
      (await request('SeqShards', 0)).number,
      (await request('SeqShards', 1)).number,
      (await request('SeqShards', 2)).number,
    ];
    expect(held).toEqual(all);
    for (const number of [all[2]!, all[0]!, all[1]!]) {
      clock.advance(1);
      await matched(number);
    }
    const free = await indexKeys('free', 'SeqShards');
    expect([...free.values()]).toEqual(['SeqShards', 'SeqShards', 'SeqShards']);
    expect(await drain('SeqShards', 10)).toEqual([all[2], all[0], all[1]]);
  });

  it('entries written before the shards (under the group key) are still found, counted and freed', async () => {
    const [expired, held, free] = numbersOf('659720', 3) as [string, string, string];
    const now = clock.now();
    const item = (number: string) => ({ pk: 'group#Unsharded', sk: number, number, group: 'Unsharded' });
    const lock = (sessionId: string, expiresAt: number) => ({
      lockedGroup: 'Unsharded',
      lockExpiresAt: expiresAt,
      sessionId,
      lockedAt: now - 1000,
    });
    for (const Item of [
      { ...item(expired), ...lock('gone', now - 1) },
      { ...item(held), ...lock('holder', now + 600_000) },
      { ...item(free), freeGroup: 'Unsharded', freeOrder: 5 },
    ]) {
      await s.deps.doc.send(new PutCommand({ TableName: table(), Item }));
    }
    // The PUT finds each number's own item: its chunk lists none of them as never used.
    await putGroup('Unsharded', [expired, held, free]);
    expect(await counts('Unsharded')).toEqual({ available: 2, total: 3 });
    expect((await drain('Unsharded', 200)).sort()).toEqual([expired, free]);
    // What they were locked under now is their shard; the unexpired old lock stays as it was.
    const locked = await indexKeys('locked', 'Unsharded');
    expect(Object.fromEntries(locked)).toEqual({
      [expired]: shardKey('Unsharded', expired, ACCESS_INDEX_SHARDS),
      [free]: shardKey('Unsharded', free, ACCESS_INDEX_SHARDS),
      [held]: 'Unsharded',
    });
    // Its lock expires: the tick's sweep frees it from the group key too.
    clock.advance(601);
    await s.tick();
    const afterSweep = await indexKeys('free', 'Unsharded');
    expect(afterSweep.get(held)).toBe(shardKey('Unsharded', held, ACCESS_INDEX_SHARDS));
  });
});
