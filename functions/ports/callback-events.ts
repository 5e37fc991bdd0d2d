import type { CallbackEvent } from '../domain/callback/callback-event.js';

/** Publishing what became of callbacks, after their writes succeeded. */

/**
 * What became of callbacks once a write of them succeeded: status notifications (`_cbe_on_*`),
 * report metrics and CloudWatch counts, all derived from the events `transition` returned with
 * the change. Each flow publishes its events itself, right after its write; never fails it.
 */
export interface CallbackEvents {
  publish(events: readonly CallbackEvent[]): Promise<void>;
}
