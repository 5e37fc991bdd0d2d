import type { OperationalDimensions, OperationalMetricName } from '../domain/operational-metrics.js';
import type { MetricEvent, MetricWrite } from '../domain/reports/metric-events.js';

/** Report metrics, operational (CloudWatch) metrics and queue figures. */

/** One minute of a series: figure name -> value. */
export interface MinuteFigures {
  minute: number;
  values: Record<string, number>;
}

/**
 * Per-minute figures of named series. Every write is atomic on its own (`ADD`, a conditional
 * raise of a maximum, a `SET` of a sample), so concurrent writers never lose an increment.
 */
export interface MetricsStore {
  write(writes: MetricWrite[]): Promise<void>;
  /** The minutes of `series` in [from, to) that have figures, in order. */
  read(series: string, from: number, to: number): Promise<MinuteFigures[]>;
}

/** Records what happens for reports; never fails the operation that reports it. */
export interface MetricsPort {
  record(...events: MetricEvent[]): Promise<void>;
  /** Sampled gauges (the one-minute tick): `set` figures of the minute of `at`. */
  sample(series: string, at: number, gauges: Record<string, number>): Promise<void>;
}

/**
 * Counts for CloudWatch (operational and business metrics, namespace `GMS`): buffered in the
 * process and published once per invocation by the handler wrapper, so counting costs no call.
 */
export interface OperationalMetrics {
  /** Adds `by` (default 1) to the count of `name` with these dimensions (`stage` is added for all). */
  count<N extends OperationalMetricName>(name: N, dimensions: OperationalDimensions<N>, by?: number): void;
  /** Publishes what was counted since the last flush; nothing when nothing was counted. */
  flush(): void;
}

/** Approximate figures of the work queue (SQS's `ApproximateNumberOf...` attributes). */
export interface QueueFigures {
  /** Messages ready to be received. */
  depth: number;
  /** Received and not yet deleted (being processed, or waiting out a visibility timeout). */
  inFlight: number;
  /** Sent with a delay that has not passed yet. */
  delayed: number;
  /** Messages in the dead-letter queue (failed every receive). */
  deadLetters: number;
}

export interface QueueStats {
  stats(): Promise<QueueFigures>;
}
