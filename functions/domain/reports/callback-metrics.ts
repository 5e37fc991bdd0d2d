import type { CallbackRecord } from '../callback/callback-record.js';
import type { MetricEvent } from './metric-events.js';

/**
 * The report events of one written change: the state a callback entered (created in it, or
 * moved to it), with the reason when it completed and, on reaching PROCESSING, its hold time
 * (first QUEUED to connected with an agent). A change that keeps the state records nothing.
 */
export function callbackMetricEvents(
  before: CallbackRecord | undefined,
  after: CallbackRecord,
): MetricEvent[] {
  if (before && before.state === after.state) return [];
  const at = after.updatedAt;
  const holdMs =
    after.state === 'PROCESSING' && after.queuedAt !== undefined
      ? Math.max(0, at - after.queuedAt)
      : undefined;
  return [
    {
      kind: 'callback-entered',
      id: after.id,
      service: after.service,
      mediaType: after.scenario.mediaType,
      state: after.state,
      ...(after.state === 'COMPLETED' && after.reason ? { reason: after.reason } : {}),
      at,
      ...(holdMs !== undefined ? { holdMs } : {}),
    },
  ];
}
