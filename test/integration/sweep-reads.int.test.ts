import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCallbackStore } from '../../functions/adapters/dynamodb/callback-store.js';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.js';
import { DynamoRoutingStore } from '../../functions/adapters/dynamodb/routing-store.js';
import { SWEEP_READ_CONCURRENCY } from '../../functions/adapters/dynamodb/sweep-reads.js';
import type { TableId } from '../../functions/adapters/dynamodb/table-definitions.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/**
 * The tick's reads of every partition of a sharded index (64 per family of the routing table's
 * `deadline` index, 33 of the callbacks' `due` and `expiry` indexes) keep at most
 * `SWEEP_READ_CONCURRENCY` Queries in flight, so a tick does not put hundreds of Queries in front
 * of the requests served meanwhile; every partition is still read.
 */
describe('sweep reads: a few partitions at a time, all of them read', () => {
  let s: TestServer;

  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(async () => {
    await s?.stop();
  });

  /** A client of its own, counting the Queries in flight at once and the partitions asked. */
  function countingClient() {
    const doc = createDocumentClient(s.deps.runtime);
    const seen = { inFlight: 0, most: 0, partitions: new Set<string>() };
    doc.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as {
          IndexName?: string;
          ExpressionAttributeValues?: Record<string, unknown>;
        };
        if (!input.IndexName) return next(args);
        seen.partitions.add(
          String(input.ExpressionAttributeValues?.[':shard'] ?? input.ExpressionAttributeValues?.[':p']),
        );
        seen.inFlight++;
        seen.most = Math.max(seen.most, seen.inFlight);
        try {
          return await next(args);
        } finally {
          seen.inFlight--;
        }
      },
      { step: 'initialize', name: 'countSweepQueries' },
    );
    return { doc, seen };
  }

  it('the deadline index: every one of the 64 partitions of a family, at most SWEEP_READ_CONCURRENCY at once', async () => {
    const { routing, callbacks } = s.deps.runtime.tables as Record<TableId, string>;
    const { doc, seen } = countingClient();
    const store = new DynamoRoutingStore(doc, routing, callbacks);
    await store.listOverdueAgents(Date.now(), 200);
    expect(seen.partitions.size).toBe(64);
    expect(seen.most).toBeGreaterThan(1);
    expect(seen.most).toBeLessThanOrEqual(SWEEP_READ_CONCURRENCY);
  });

  it("the callbacks' expiry index: every partition, at most SWEEP_READ_CONCURRENCY at once", async () => {
    const { callbacks } = s.deps.runtime.tables as Record<TableId, string>;
    const { doc, seen } = countingClient();
    const store = new DynamoCallbackStore(doc, callbacks);
    await store.listExpired(Date.now(), 200);
    expect(seen.partitions.size).toBe(store.expiryShards().length);
    expect(seen.most).toBeGreaterThan(1);
    expect(seen.most).toBeLessThanOrEqual(SWEEP_READ_CONCURRENCY);
  });
});
