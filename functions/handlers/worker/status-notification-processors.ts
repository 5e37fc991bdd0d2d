import {
  CALLBACK_STATUS_KIND,
  statusMessage,
  type CallbackStatusData,
} from '../../adapters/status-notification-emitter.js';
import { isStatusEvent, statusEventBody, statusTargetProblem } from '../../domain/callback/status-events.js';
import { DEFAULT_RETRY_POLICY, nextRetryDelay, type RetryPolicy } from '../../domain/push/retry-schedule.js';
import { logger } from '../../observability.js';
import type { Ports } from '../../ports/index.js';
import type { WebhookSender } from '../../ports/push.js';
import type { WorkMessage } from '../../ports/work-queue.js';
import type { WorkProcessor } from './work-processor.js';

/** The signed POSTs (one signer with httpcb push); retries go back through the queue. */
export type StatusNotificationPorts = Pick<Ports, 'runtime' | 'queue' | 'webhooks'>;

export interface StatusNotificationOptions {
  /** The signed POST (same signature header and key as push's httpcb). */
  sender?: (deps: StatusNotificationPorts) => WebhookSender;
  /** Backoff between attempts; the number of attempts comes from the message. */
  retry?: Pick<RetryPolicy, 'baseMs' | 'maxDelayMs'>;
}

function readData(message: WorkMessage): CallbackStatusData | undefined {
  const d = message.data as Partial<CallbackStatusData> | undefined;
  const s = d?.snapshot;
  const valid =
    !!d &&
    Array.isArray(d.events) &&
    d.events.every(isStatusEvent) &&
    typeof d.target === 'string' &&
    typeof d.attempts === 'number' &&
    typeof d.attempt === 'number' &&
    !!s &&
    typeof s.id === 'string' &&
    typeof s.service === 'string' &&
    typeof s.state === 'string' &&
    typeof s.version === 'number' &&
    typeof s.desiredTime === 'number' &&
    typeof s.at === 'number';
  return valid ? (d as CallbackStatusData) : undefined;
}

/**
 * `callback-status`: POSTs each event of one callback change to the service's
 * `_status_notification_target`, in order. Delivery is at least once: a retry or a duplicate
 * message may POST an event again, with the same body and `_event_id`
 * (`<id>:<version>:<event>`), so the receiver can drop repeats. A receiver that fails with a
 * retryable status (5xx, 408, 429, network) gets the rest of the events again after a backoff,
 * through the work queue, until `_status_notification_attempts` attempts; then the rest of the
 * change is given up (logged). Another 4xx drops that one event. Like `push-retry`, it never throws
 * for a failing receiver: a queue redelivery would only multiply attempts.
 */
export function createStatusNotificationProcessors(
  options: StatusNotificationOptions = {},
): Record<string, WorkProcessor<StatusNotificationPorts>> {
  const senderFor = options.sender ?? ((deps: StatusNotificationPorts) => deps.webhooks);
  const backoff = options.retry ?? DEFAULT_RETRY_POLICY;

  const deliver: WorkProcessor<StatusNotificationPorts> = async (message, deps) => {
    const data = readData(message);
    if (!data) {
      logger.error('Dropping a malformed callback-status message', { id: message.id });
      return;
    }
    const { snapshot, target } = data;
    const problem = statusTargetProblem(target, deps.runtime.mode === 'local');
    if (problem) {
      logger.warn('Callback status notification not sent', { callbackId: snapshot.id, problem });
      return;
    }
    const sender = senderFor(deps);
    let attempt = data.attempt;
    for (let i = 0; i < data.events.length; i++) {
      const event = data.events[i]!;
      const outcome = await sender.post(target, JSON.stringify(statusEventBody(event, snapshot)));
      if (outcome.ok) {
        attempt = 1;
        continue;
      }
      if (!outcome.retryable) {
        logger.warn('Callback status notification refused by its target', {
          callbackId: snapshot.id,
          version: snapshot.version,
          event,
          detail: outcome.detail,
        });
        attempt = 1;
        continue;
      }
      const delay = nextRetryDelay(attempt, { ...backoff, maxAttempts: data.attempts });
      if (delay === undefined) {
        // The target has been failing for the whole backoff: the later events would fare no better.
        logger.warn('Callback status notifications given up', {
          callbackId: snapshot.id,
          version: snapshot.version,
          events: data.events.slice(i),
          attempts: attempt,
          detail: outcome.detail,
        });
        return;
      }
      await deps.queue.send(
        statusMessage({ ...data, events: data.events.slice(i), attempt: attempt + 1 }),
        delay,
      );
      return;
    }
  };

  return { [CALLBACK_STATUS_KIND]: deliver };
}

export const statusNotificationProcessors = createStatusNotificationProcessors();
