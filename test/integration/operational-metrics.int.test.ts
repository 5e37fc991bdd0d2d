import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemoryOperationalMetrics } from '../../functions/adapters/operational-metrics/in-memory-operational-metrics.js';
import { defaultServiceOptions } from '../../functions/domain/service-template.js';
import { builtinTemplate } from '../../functions/domain/templates/index.js';
import { ManualClock } from '../support/manual-clock.js';
import { formBody, jsonBody, startTestServer, type TestServer } from '../support/test-server.js';

/**
 * The counts behind the CloudWatch business metrics and the tick heartbeat, through the real
 * handlers: locally they land in the in-memory adapter, flushed at the end of each invocation.
 */
describe('operational metrics', () => {
  let s: TestServer;
  let metrics: InMemoryOperationalMetrics;
  const clock = new ManualClock(Date.parse('2026-11-23T12:00:00.000Z'));

  beforeAll(async () => {
    s = await startTestServer({ clock });
    expect(s.deps.operationalMetrics).toBeInstanceOf(InMemoryOperationalMetrics);
    metrics = s.deps.operationalMetrics as InMemoryOperationalMetrics;
    const put = async (path: string, body: unknown) => {
      const res = await s.admin(path, jsonBody(body, 'PUT'));
      expect(res.status, await res.clone().text()).toBe(200);
    };
    await put('/admin/resources/OnePool', { dnis1: '6509000001' });
    await put('/admin/services/ri-one', {
      _type: 'builtin',
      _service: 'request-interaction',
      _resource_group: 'OnePool',
    });
    await put('/admin/services/cb-sched', {
      ...defaultServiceOptions(builtinTemplate('callback')!, 'User-Terminated-Scheduled'),
      _target: 'Billing@StatServer.GA',
    });
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('counts a created callback, and its completion by reason', async () => {
    const created = await s.fetch(
      '/service/callback/cb-sched',
      jsonBody({
        _customer_number: '5551000001',
        _desired_time: new Date(clock.now() + 3600_000).toISOString(),
      }),
    );
    expect(created.status, await created.clone().text()).toBe(200);
    const { _id: id } = (await created.json()) as { _id: string };
    expect(metrics.total('CallbacksCreated', { service: 'cb-sched' })).toBe(1);
    expect(metrics.total('CallbacksCompleted', { service: 'cb-sched' })).toBe(0);

    expect((await s.fetch(`/service/callback/cb-sched/${id}`, { method: 'DELETE' })).status).toBe(200);
    expect(metrics.total('CallbacksCompleted', { service: 'cb-sched', reason: 'CANCELLED' })).toBe(1);
    // Cancelling is no creation.
    expect(metrics.total('CallbacksCreated', { service: 'cb-sched' })).toBe(1);
  });

  it('counts an allocated number, then the exhausted pool', async () => {
    const first = await s.fetch('/service/ri-one', formBody({ _phone_number: '5552000001' }));
    expect(first.status, await first.clone().text()).toBe(200);
    expect(metrics.total('AccessNumbersAllocated', { pool: 'OnePool' })).toBe(1);
    expect(metrics.total('PoolExhausted', { pool: 'OnePool' })).toBe(0);

    const second = await s.fetch('/service/ri-one', formBody({ _phone_number: '5552000002' }));
    expect(second.status).toBe(503);
    expect(metrics.total('AccessNumbersAllocated', { pool: 'OnePool' })).toBe(1);
    expect(metrics.total('PoolExhausted', { pool: 'OnePool' })).toBe(1);
  });

  it('counts every completed tick (the heartbeat)', async () => {
    const before = metrics.total('TickCompleted');
    // The start ran one already.
    expect(before).toBeGreaterThanOrEqual(1);
    await s.tick();
    await s.tick();
    expect(metrics.total('TickCompleted')).toBe(before + 2);
  });
});
