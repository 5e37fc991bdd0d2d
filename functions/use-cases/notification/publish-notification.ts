import { eachWithConcurrency } from '../../domain/bounded-concurrency.js';
import {
  filterMatches,
  MAX_SUBSCRIPTIONS_PER_FILTER,
  type NotificationSubscription,
} from '../../domain/notification/subscription.js';
import { logger } from '../../observability.js';
import type { DeviceDelivery } from '../../ports/push.js';
import type { Ports } from '../../ports/index.js';

export type PublishPorts = Pick<
  Ports,
  'clock' | 'ids' | 'notificationSubscriptions' | 'deviceChannels' | 'operationalMetrics'
>;

export interface PublishOutcome {
  /** The notification's id, the `id` every subscriber receives. */
  id: string;
  /** Live subscriptions whose filter matched the tag. */
  subscriptions: number;
  /** How many of them their channel took. */
  delivered: number;
}

/**
 * Deliveries running at once for one publish: every live subscription of a filter (at most
 * `MAX_SUBSCRIPTIONS_PER_FILTER`), so the slowest receiver, not their number, bounds the time.
 */
const DELIVERY_CONCURRENCY = MAX_SUBSCRIPTIONS_PER_FILTER;

/**
 * GMS's publish: the event `{id, tag, message}` goes to every live subscription whose filter
 * matches the tag, each on its own channel (`deps.deviceChannels[type]`). An `invalid` address
 * ends its subscription; a `failed` one is logged and counted (`PushFailures`) and not retried:
 * the publisher learns it from the answer and may publish again (docs/push.md, Notification API).
 */
export async function publishNotification(
  p: PublishPorts,
  tag: string,
  message: unknown,
): Promise<PublishOutcome> {
  const notification = { id: p.ids.id(), tag, message };
  let subscriptions = 0;
  let delivered = 0;
  // The store looks the tag up as a filter key; the match rule itself is the domain's.
  for await (const found of p.notificationSubscriptions.byFilter(tag, p.clock.now())) {
    const page = found.filter((s) => filterMatches(s.filter, tag));
    subscriptions += page.length;
    await eachWithConcurrency(page, DELIVERY_CONCURRENCY, async (s) => {
      const outcome = await deliverOne(p, s, notification);
      if (outcome === 'delivered') delivered++;
    });
  }
  return { id: notification.id, subscriptions, delivered };
}

async function deliverOne(
  p: PublishPorts,
  s: NotificationSubscription,
  notification: { id: string; tag: string; message: unknown },
): Promise<DeviceDelivery> {
  const channel = p.deviceChannels[s.device.type];
  let outcome: DeviceDelivery;
  if (!channel) {
    // Subscribed while a channel of this type was deployed, which this deployment no longer has.
    outcome = 'failed';
  } else {
    try {
      outcome = await channel.deliver(s.device, notification);
    } catch (error) {
      logger.warn('Notification API delivery threw', { subscriptionId: s.id, error: error as Error });
      outcome = 'failed';
    }
  }
  if (outcome === 'invalid') {
    logger.info('Notification API subscription ended: its address is invalid', {
      subscriptionId: s.id,
      type: s.device.type,
    });
    await p.notificationSubscriptions.remove(s.id);
  } else if (outcome === 'failed') {
    logger.warn('Notification API delivery failed', {
      subscriptionId: s.id,
      type: s.device.type,
      tag: s.filter,
    });
    p.operationalMetrics.count('PushFailures', { channel: s.device.type });
  }
  return outcome;
}
