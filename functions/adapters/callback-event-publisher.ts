import type { CallbackEvent } from '../domain/callback/callback-event.js';
import { snapshotOf, statusEvents } from '../domain/callback/status-events.js';
import { countCallbackChange } from '../domain/operational-metrics.js';
import { callbackMetricEvents } from '../domain/reports/callback-metrics.js';
import type { CallbackEvents } from '../ports/callback-events.js';
import type { MetricsPort, OperationalMetrics } from '../ports/metrics.js';
import type { StatusNotificationEmitter } from './status-notification-emitter.js';

/**
 * Publishes what callback writes did, in the order a reader of the reports expects it: the report
 * metrics (states entered, hold times), the CloudWatch counts (created, queued, completed by
 * reason), then the GMS status notification (`_cbe_on_*`) of services that asked for them.
 * The emitter never throws; the metrics recorder does not either.
 */
export class CallbackEventPublisher implements CallbackEvents {
  constructor(
    private readonly emitter: StatusNotificationEmitter,
    /** Read at publish time, so an override given to the composition is the one used. */
    private readonly metrics: () => MetricsPort,
    private readonly operational: () => OperationalMetrics,
  ) {}

  async publish(events: readonly CallbackEvent[]): Promise<void> {
    for (const { before, after, statusOnly, metrics: also = [] } of events) {
      if (!statusOnly) {
        await this.metrics().record(...callbackMetricEvents(before, after), ...also);
        const metrics = this.operational();
        countCallbackChange(before, after, (name, dimensions) => metrics.count(name, dimensions));
      }
      await this.emitter.report(after.service, after.id, () => ({
        events: statusEvents(before, after),
        snapshot: snapshotOf(after),
      }));
    }
  }
}
