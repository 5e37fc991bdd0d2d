import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  startAwsCallRecording,
  stopAwsCallRecording,
  type AwsCallLog,
} from '../../functions/adapters/aws-calls/aws-call-recorder.js';
import { ManualClock } from '../support/manual-clock.js';
import { jsonBody, startTestServer, type TestServer } from '../support/test-server.js';

/**
 * Issue 11: health and the `get` service kind (load-balancer checks, called often) read no
 * DynamoDB per call. Each process reads the table probes and the node status at most once a
 * second, so a failing table still turns health to 503 within a second. Every AWS call is
 * recorded against the function making it; the server's clock is moved by hand.
 */
describe('health and get-service: at most one read a second per process', () => {
  const clock = new ManualClock();
  let s: TestServer;
  let log: AwsCallLog;
  const N = 25;

  /**
   * DynamoDB reads the function `caller` has made so far. Writes are not counted: a service
   * request adds to its report figures (`metrics` table) as every service request does.
   */
  const dynamoReads = (caller: string) =>
    log.calls
      .filter((c) => c.caller === caller && /^dynamodb:(GetItem|BatchGetItem|Query|Scan)$/.test(c.action))
      .reduce((n, c) => n + c.count, 0);

  /** The DynamoDB reads `caller` made for `n` requests of `path` (each answered `status`). */
  async function readsFor(caller: string, path: string, n: number, status = 200): Promise<number> {
    const before = dynamoReads(caller);
    for (let i = 0; i < n; i++) {
      const res = await s.fetch(path);
      await res.arrayBuffer();
      expect(res.status, path).toBe(status);
    }
    return dynamoReads(caller) - before;
  }

  beforeAll(async () => {
    log = startAwsCallRecording();
    s = await startTestServer({ clock, tickIntervalMs: 3_600_000 });
    const res = await s.admin(
      '/admin/services/lb-check',
      jsonBody({ _type: 'builtin', _service: 'get', _online_code: '200', _offline_code: '503' }, 'PUT'),
    );
    expect(res.status).toBe(200);
  });

  afterAll(async () => {
    await s?.stop();
    stopAwsCallRecording();
  });

  it(`${N} health requests within a second read each table and the node status once`, async () => {
    clock.advance(2);
    const first = await readsFor('system', '/health', 1);
    expect(first).toBeGreaterThan(1);
    expect(await readsFor('system', '/health', N - 1)).toBe(0);
    // A second later the probe is read again, once.
    clock.advance(1.001);
    expect(await readsFor('system', '/health', N)).toBe(first);
  });

  it(`${N} get-service requests within a second read once`, async () => {
    clock.advance(2);
    const first = await readsFor('service', '/service/lb-check', 1);
    expect(await readsFor('service', '/service/lb-check', N - 1)).toBe(0);
    // A second later the node status is read again, once (the service's configuration, which the
    // first request read too, is kept longer: see DynamoConfigStore).
    clock.advance(1.001);
    const later = await readsFor('service', '/service/lb-check', N);
    expect(later).toBeGreaterThanOrEqual(1);
    expect(later).toBeLessThanOrEqual(first);
  });

  it('a node status change made in this process is answered at once', async () => {
    await readsFor('service', '/service/lb-check', 1);
    expect((await s.admin('/admin/node/changestatus/OFFLINE', { method: 'POST' })).status).toBe(200);
    try {
      // One read: what the process kept is dropped by the change.
      expect(await readsFor('service', '/service/lb-check', 1, 503)).toBe(1);
      expect(await readsFor('service', '/service/lb-check', N, 503)).toBe(0);
      expect((await (await s.fetch('/health')).json()).node).toBe('OFFLINE');
    } finally {
      expect((await s.admin('/admin/node/changestatus/ONLINE', { method: 'POST' })).status).toBe(200);
    }
    expect((await (await s.fetch('/health')).json()).node).toBe('ONLINE');
  });

  it('a table that stops answering turns health to 503 within a second', async () => {
    clock.advance(2);
    await readsFor('system', '/health', 1);
    const raw = new DynamoDBClient({
      endpoint: inject('dynamoEndpoint'),
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await raw.send(new DeleteTableCommand({ TableName: s.deps.runtime.tables.chats! }));
    raw.destroy();
    clock.advance(1.001);
    const res = await s.fetch('/health');
    expect(res.status).toBe(503);
    expect((await res.json()).message).toMatch(/Storage is not reachable/);
  });
});
