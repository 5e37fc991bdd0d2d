import { SERIES, FIGURES } from '../../domain/reports/metric-events.js';
import { parseResourceGroup } from '../../domain/resource-group.js';
import { logger } from '../../observability.js';
import type { Ports } from '../../ports/index.js';

/** Expired locks freed per group and tick: bounded work; the next tick (or an allocation) takes the rest. */
const EXPIRED_PER_TICK = 200;

/**
 * The gauges reports sample once a minute (the seed's watermark "is computed every minute"):
 * QUEUED callbacks per callback service (from the router's queue counters, which count per
 * service) and, per resource group, the numbers in the pool and in use. Locks that timed out
 * without a match are freed here and counted as service exits by timeout, each once: the freeing
 * write is conditional on that lock.
 */
export type SampleReportGaugesPorts = Pick<
  Ports,
  'clock' | 'config' | 'routing' | 'metrics' | 'accessNumbers'
>;

export async function sampleReportGauges(deps: SampleReportGaugesPorts): Promise<void> {
  const now = deps.clock.now();
  const services = await deps.config.list('service');
  // From the queues' counters: the same reads whatever the queue lengths.
  const queued = await deps.routing.waitingByService();
  for (const s of services.filter((e) => e.options._service === 'callback')) {
    await deps.metrics.sample(SERIES.callback(s.name), now, { [FIGURES.queued]: queued.get(s.name) ?? 0 });
  }

  for (const entry of await deps.config.list('resource-group')) {
    try {
      const group = parseResourceGroup(entry.name, entry.options);
      const freed = await deps.accessNumbers.releaseExpired(
        group.name,
        now,
        EXPIRED_PER_TICK,
        group.strategy,
      );
      await deps.metrics.record(
        ...freed.map((lock) => ({
          kind: 'access-exited' as const,
          group: group.name,
          exit: 'timeout' as const,
          at: lock.expiresAt,
        })),
      );
      const { total, locked } = await deps.accessNumbers.counts(group.name, now);
      await deps.metrics.sample(SERIES.pool(group.name), now, {
        [FIGURES.total]: total,
        [FIGURES.inUse]: locked,
      });
    } catch (e) {
      // One broken group must not stop the others' figures.
      logger.error('Could not sample a resource group for reports', { group: entry.name, error: e as Error });
    }
  }
}
