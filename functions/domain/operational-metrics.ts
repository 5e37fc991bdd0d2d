import type { CallbackRecord } from './callback/callback-record.js';

/**
 * The operational and business metrics the functions emit (CloudWatch namespace `GMS`, every
 * metric with the `stage` dimension). The stack's alarms and dashboard read the same names.
 */
export const METRICS_NAMESPACE = 'GMS';

/** The dimension every metric carries: the deployment's stage, `default` without one. */
export const STAGE_DIMENSION = 'stage';
export const DEFAULT_METRICS_STAGE = 'default';

/** Each metric and the dimensions it is emitted with (besides `stage`). */
export const OPERATIONAL_METRICS = {
  CallbacksCreated: ['service'],
  CallbacksQueued: ['service'],
  CallbacksCompleted: ['service', 'reason'],
  AccessNumbersAllocated: ['pool'],
  PoolExhausted: ['pool'],
  ChatsStarted: ['service'],
  /** A push that failed for another reason than a connection that is gone. */
  PushFailures: ['channel'],
  /** Emitted once at the end of every tick whose jobs all succeeded: the heartbeat. */
  TickCompleted: [],
} as const satisfies Record<string, readonly string[]>;

export type OperationalMetricName = keyof typeof OPERATIONAL_METRICS;

/** The dimensions a metric is counted with, by name: exactly those of `OPERATIONAL_METRICS`. */
export type OperationalDimensions<N extends OperationalMetricName> = Record<
  (typeof OPERATIONAL_METRICS)[N][number],
  string
>;

/** The push channels `PushFailures` is emitted for (a closed set: the alarm sums them). */
export const PUSH_CHANNELS = ['websocket', 'httpcb', 'native', 'comet'] as const;
export type PushChannel = (typeof PUSH_CHANNELS)[number];

/** Where counts go (the `OperationalMetrics` port's `count`). */
export type CountMetric = <N extends OperationalMetricName>(
  name: N,
  dimensions: OperationalDimensions<N>,
) => void;

/**
 * Counts the business figures of one written callback change: created, entered QUEUED, entered
 * COMPLETED (by reason). A change that keeps the state counts nothing.
 */
export function countCallbackChange(
  before: CallbackRecord | undefined,
  after: CallbackRecord,
  count: CountMetric,
): void {
  if (before && before.state === after.state) return;
  const service = after.service;
  if (!before) count('CallbacksCreated', { service });
  if (after.state === 'QUEUED') count('CallbacksQueued', { service });
  if (after.state === 'COMPLETED') {
    // `AGENT_PREVIEW_CANCEL_AFTER_<n>REJECTS` names its configured n: one dimension value for all n.
    const reason = (after.reason ?? 'NONE').replace(/_AFTER_\d+REJECTS$/, '_AFTER_REJECTS');
    count('CallbacksCompleted', { service, reason });
  }
}
