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

/** The push channels `PushFailures` is emitted for (a closed set: the alarm sums them). */
export const PUSH_CHANNELS = ['websocket', 'httpcb'] as const;
export type PushChannel = (typeof PUSH_CHANNELS)[number];

export interface OperationalCount {
  name: OperationalMetricName;
  dimensions: Record<string, string>;
}

/**
 * The business counts of one written callback change: created, entered QUEUED, entered
 * COMPLETED (by reason). A change that keeps the state counts nothing.
 */
export function callbackCounts(
  before: CallbackRecord | undefined,
  after: CallbackRecord,
): OperationalCount[] {
  if (before && before.state === after.state) return [];
  const service = after.service;
  const out: OperationalCount[] = [];
  if (!before) out.push({ name: 'CallbacksCreated', dimensions: { service } });
  if (after.state === 'QUEUED') out.push({ name: 'CallbacksQueued', dimensions: { service } });
  if (after.state === 'COMPLETED') {
    // `AGENT_PREVIEW_CANCEL_AFTER_<n>REJECTS` names its configured n: one dimension value for all n.
    const reason = (after.reason ?? 'NONE').replace(/_AFTER_\d+REJECTS$/, '_AFTER_REJECTS');
    out.push({ name: 'CallbacksCompleted', dimensions: { service, reason } });
  }
  return out;
}
