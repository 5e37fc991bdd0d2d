import type { MetricEvent } from '../reports/metric-events.js';
import type { CallbackRecord } from './callback-record.js';

/**
 * One written change of a callback (`callback-transition.ts` builds them with the change), from
 * which its status notifications, report metrics and CloudWatch counts derive.
 */
export interface CallbackEvent {
  /** The record as the write found it; absent for a create. */
  before?: CallbackRecord;
  /** The record as the write left it. */
  after: CallbackRecord;
  /**
   * The router's own transactions (reserve, requeue) have only ever sent status notifications,
   * not report metrics or CloudWatch counts: kept, so that no report figure changes.
   */
  statusOnly?: true;
  /**
   * Report metrics the flow adds to the change's own (the handle time of the agent whose
   * conversation completed it): recorded in the same call, so a figure of the same series and
   * minute rides on the same update instead of a second one.
   */
  metrics?: readonly MetricEvent[];
}
