import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoConfigStore } from '../../../../functions/adapters/dynamodb/config-store.js';
import { ManualClock } from '../../../support/manual-clock.js';

/** A document client whose queries wait until released, answering the items `table` holds then. */
function fakeDoc(table: Map<string, Record<string, string>>) {
  const queries: Array<() => void> = [];
  let puts = 0;
  const doc = {
    send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      if (command.constructor.name === 'PutCommand') {
        const item = command.input.Item as { sk: string; options: Record<string, string> };
        table.set(item.sk, item.options);
        puts++;
        return {};
      }
      // Read what is stored when the query is answered, not when it was asked.
      await new Promise<void>((release) => queries.push(release));
      return {
        Items: [...table.entries()].map(([sk, options]) => ({ pk: 'service', sk, options, updatedAt: 1 })),
      };
    },
  } as unknown as DynamoDBDocumentClient;
  return {
    doc,
    queries,
    puts: () => puts,
    /** Answers every query asked so far. */
    releaseAll: async () => {
      for (const release of queries.splice(0)) release();
      await new Promise((r) => setTimeout(r, 0));
    },
  };
}

describe('DynamoConfigStore cache', () => {
  it('concurrent readers of a stale kind share one query', async () => {
    const fake = fakeDoc(new Map([['a', { x: '1' }]]));
    const clock = new ManualClock();
    const store = new DynamoConfigStore(fake.doc, 'config', clock);
    const first = Promise.all(Array.from({ length: 20 }, () => store.get('service', 'a')));
    await new Promise((r) => setTimeout(r, 0));
    expect(fake.queries).toHaveLength(1);
    await fake.releaseAll();
    expect((await first).every((e) => e?.options.x === '1')).toBe(true);
    // Fresh for 5 s: no query; stale after: one query for every concurrent reader again.
    await store.get('service', 'a');
    expect(fake.queries).toHaveLength(0);
    clock.advance(6);
    const second = Promise.all(Array.from({ length: 20 }, () => store.get('service', 'a')));
    await new Promise((r) => setTimeout(r, 0));
    expect(fake.queries).toHaveLength(1);
    await fake.releaseAll();
    await second;
  });

  it('a write during a read is not hidden by that read: the next reader queries again', async () => {
    const table = new Map([['a', { x: '1' }]]);
    const fake = fakeDoc(table);
    const store = new DynamoConfigStore(fake.doc, 'config', new ManualClock());
    const before = store.get('service', 'a');
    await new Promise((r) => setTimeout(r, 0));
    await store.put('service', 'a', { x: '2' });
    expect(fake.puts()).toBe(1);
    // The reader that began after the write does not join the read that began before it.
    const after = store.get('service', 'a');
    await new Promise((r) => setTimeout(r, 0));
    expect(fake.queries).toHaveLength(2);
    await fake.releaseAll();
    await before;
    expect((await after)?.options.x).toBe('2');
    // And what is cached is the later read's.
    expect((await store.get('service', 'a'))?.options.x).toBe('2');
    expect(fake.queries).toHaveLength(0);
  });
});
