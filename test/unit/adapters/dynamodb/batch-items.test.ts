import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { batchWriteItems, type WriteRequest } from '../../../../functions/adapters/dynamodb/batch-items.js';

const puts = (n: number): WriteRequest[] =>
  Array.from({ length: n }, (_, i) => ({ PutRequest: { Item: { pk: 'group#G', sk: `n${i}` } } }));

/**
 * A document client that answers BatchWriteItem after a tick, records what each call carried and
 * how many were in flight, and leaves the first `unprocessed` requests of each first call
 * unprocessed once (standing in for throttling).
 */
function fakeDoc(unprocessed = 0) {
  const calls: WriteRequest[][] = [];
  const written: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const retried = new Set<string>();
  const doc = {
    send: async (command: unknown) => {
      if (!(command instanceof BatchWriteCommand)) throw new Error('unexpected command');
      const requests = command.input.RequestItems!.T as WriteRequest[];
      calls.push(requests);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 1));
      inFlight--;
      const left = requests.filter((r, i) => {
        const sk = 'PutRequest' in r ? (r.PutRequest.Item.sk as string) : '';
        if (i < unprocessed && !retried.has(sk)) {
          retried.add(sk);
          return true;
        }
        written.push(sk);
        return false;
      });
      return left.length > 0 ? { UnprocessedItems: { T: left } } : { UnprocessedItems: {} };
    },
  } as unknown as DynamoDBDocumentClient;
  return { doc, calls, written, maxInFlight: () => maxInFlight };
}

describe('batchWriteItems', () => {
  it('writes in batches of 25 with at most `parallel` batches in flight', async () => {
    const fake = fakeDoc();
    await batchWriteItems(fake.doc, 'T', puts(1_000), 8);
    expect(fake.calls).toHaveLength(40);
    expect(fake.calls.every((c) => c.length === 25)).toBe(true);
    expect(fake.maxInFlight()).toBe(8);
    expect(new Set(fake.written).size).toBe(1_000);
  });

  it('one batch after the other by default', async () => {
    const fake = fakeDoc();
    await batchWriteItems(fake.doc, 'T', puts(60));
    expect(fake.calls.map((c) => c.length)).toEqual([25, 25, 10]);
    expect(fake.maxInFlight()).toBe(1);
  });

  it('sends unprocessed items again until every request is written', async () => {
    const fake = fakeDoc(5);
    await batchWriteItems(fake.doc, 'T', puts(100), 4);
    // 4 batches, then the 5 requests each left unprocessed, sent again.
    expect(fake.calls).toHaveLength(8);
    expect(fake.calls.slice(4).every((c) => c.length === 5)).toBe(true);
    expect(new Set(fake.written).size).toBe(100);
    expect(fake.written).toHaveLength(100);
  });
});
