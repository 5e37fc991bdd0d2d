import { metricWrites, minuteOf, type MetricEvent } from '../domain/reports/metric-events.js';
import { logger } from '../observability.js';
import type { MetricsPort, MetricsStore } from '../ports/metrics.js';

/**
 * Turns events into per-minute writes. A report figure must never cost the customer their
 * request: a failed write is logged (with the event, so it can be replayed) and swallowed.
 */
export class MetricsRecorder implements MetricsPort {
  constructor(private readonly store: MetricsStore) {}

  async record(...events: MetricEvent[]): Promise<void> {
    try {
      await this.store.write(events.flatMap(metricWrites));
    } catch (e) {
      logger.error('Could not record report metrics', { events, error: e as Error });
    }
  }

  async sample(series: string, at: number, gauges: Record<string, number>): Promise<void> {
    try {
      // One sample a minute per series, always on the same shard: a minute has one value to read.
      await this.store.write([{ series, minute: minuteOf(at), subject: series, set: gauges }]);
    } catch (e) {
      logger.error('Could not record sampled report metrics', { series, gauges, error: e as Error });
    }
  }
}
