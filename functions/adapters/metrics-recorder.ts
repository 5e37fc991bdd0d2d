import {
  metricWrites,
  minuteOf,
  oneSubjectPerMinute,
  type MetricEvent,
  type MetricWrite,
} from '../domain/reports/metric-events.js';
import { logger } from '../observability.js';
import type { MetricsPort, MetricsStore } from '../ports/metrics.js';

/**
 * Turns events into per-minute writes. A report figure must never cost the customer their
 * request: a failed write is logged (with the event, so it can be replayed) and swallowed.
 */
export class MetricsRecorder implements MetricsPort {
  /** Writes recorded in this turn of the event loop, written together at its end. */
  private batch: { writes: MetricWrite[]; written: Promise<void> } | undefined;

  constructor(private readonly store: MetricsStore) {}

  /**
   * Each call still waits for its own figures to be written (an invocation ends with them stored),
   * but calls made in the same turn of the event loop share one store write: a worker activating
   * ten callbacks, or twenty requests answered at once, count their minute in one update per
   * series instead of one each (`oneSubjectPerMinute`). A call alone waits one turn more.
   */
  async record(...events: MetricEvent[]): Promise<void> {
    try {
      await this.together(events.flatMap(metricWrites));
    } catch (e) {
      logger.error('Could not record report metrics', { events, error: e as Error });
    }
  }

  private together(writes: MetricWrite[]): Promise<void> {
    if (!this.batch) {
      const batch: { writes: MetricWrite[]; written: Promise<void> } = {
        writes: [],
        written: new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
          this.batch = undefined;
          return this.store.write(oneSubjectPerMinute(batch.writes));
        }),
      };
      this.batch = batch;
    }
    this.batch.writes.push(...writes);
    return this.batch.written;
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
