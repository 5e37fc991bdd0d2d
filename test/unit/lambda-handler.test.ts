import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { InMemoryOperationalMetrics } from '../../functions/adapters/operational-metrics/in-memory-operational-metrics.js';
import { lambdaHandler } from '../../functions/lambda-handler.js';
import { setDeps, type Deps } from '../../functions/composition/full.js';

const context = { awsRequestId: 'r1', functionName: 'f' } as Context;

/** The wrapper every Lambda entry point uses publishes the invocation's counts at its end, also when it fails. */
describe('lambdaHandler', () => {
  afterEach(() => setDeps(undefined));

  function withMetrics(): InMemoryOperationalMetrics {
    const metrics = new InMemoryOperationalMetrics();
    setDeps({ operationalMetrics: metrics } as unknown as Deps);
    return metrics;
  }

  it('publishes what the invocation counted when it returns', async () => {
    const metrics = withMetrics();
    const handler = lambdaHandler(async (event: { n: number }) => {
      metrics.count('TickCompleted', {}, event.n);
      // Not yet published while the invocation runs.
      expect(metrics.total('TickCompleted')).toBe(0);
      return 'done';
    });
    expect(await handler({ n: 2 }, context)).toBe('done');
    expect(metrics.total('TickCompleted')).toBe(2);
  });

  it('publishes what the invocation counted when it fails, and still fails', async () => {
    const metrics = withMetrics();
    const handler = lambdaHandler(async () => {
      metrics.count('PushFailures', { channel: 'httpcb' });
      throw new Error('boom');
    });
    await expect(handler({}, context)).rejects.toThrow('boom');
    expect(metrics.total('PushFailures', { channel: 'httpcb' })).toBe(1);
  });
});
