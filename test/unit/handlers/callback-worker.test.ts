import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InMemoryOperationalMetrics } from '../../../functions/adapters/operational-metrics/in-memory-operational-metrics.js';
import { PUSH_RETRY_KIND } from '../../../functions/adapters/push/push-dispatcher.js';
import { setDeps, type Deps } from '../../../functions/composition/full.js';
import { handler } from '../../../functions/handlers/callback-worker.js';
import type { WorkMessage } from '../../../functions/ports/work-queue.js';

const context = { awsRequestId: 'r1', functionName: 'worker' } as Context;

const record = (messageId: string, body: string): SQSRecord => ({ messageId, body }) as SQSRecord;
const work = (messageId: string, message: WorkMessage) => record(messageId, JSON.stringify(message));
const event = (...records: SQSRecord[]): SQSEvent => ({ Records: records });

/** The queue consumer: per-record outcomes over Powertools' batch processing. */
describe('callback worker', () => {
  let running: number;
  let peak: number;
  let delivered: string[];

  beforeEach(() => {
    running = 0;
    peak = 0;
    delivered = [];
    // `push-retry` messages reach `push.retryDelivery`; ids starting with "fail" throw.
    setDeps({
      operationalMetrics: new InMemoryOperationalMetrics(),
      push: {
        retryDelivery: async (message: WorkMessage) => {
          running++;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, 5));
          running--;
          if (message.id.startsWith('fail')) throw new Error(`cannot deliver ${message.id}`);
          delivered.push(message.id);
        },
      },
    } as unknown as Deps);
  });
  afterEach(() => setDeps(undefined));

  it('reports only the failed records, and drops what redelivery cannot fix', async () => {
    const result = await handler(
      event(
        work('m1', { kind: PUSH_RETRY_KIND, id: 'ok-1' }),
        work('m2', { kind: PUSH_RETRY_KIND, id: 'fail-2' }),
        record('m3', 'not json'),
        work('m4', { kind: 'no-such-kind', id: 'x' }),
        work('m5', { kind: PUSH_RETRY_KIND, id: 'ok-5' }),
      ),
      context,
    );
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm2' }] });
    expect(delivered.sort()).toEqual(['ok-1', 'ok-5']);
  });

  it('runs the records of a batch concurrently', async () => {
    await handler(
      event(
        work('m1', { kind: PUSH_RETRY_KIND, id: 'a' }),
        work('m2', { kind: PUSH_RETRY_KIND, id: 'b' }),
        work('m3', { kind: PUSH_RETRY_KIND, id: 'c' }),
      ),
      context,
    );
    expect(peak).toBe(3);
  });

  it('answers a batch whose every record failed with every record, without throwing', async () => {
    const result = await handler(
      event(
        work('m1', { kind: PUSH_RETRY_KIND, id: 'fail-1' }),
        work('m2', { kind: PUSH_RETRY_KIND, id: 'fail-2' }),
      ),
      context,
    );
    expect(result.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['m1', 'm2']);
  });

  it('answers an empty batch with no failures', async () => {
    expect(await handler(event(), context)).toEqual({ batchItemFailures: [] });
  });
});
