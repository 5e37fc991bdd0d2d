import { ConflictError, InvalidParameterError, NotFoundError } from '../../domain/errors.js';
import {
  deviceIdProblem,
  MAX_SUBSCRIPTIONS_PER_FILTER,
  subscriptionExpiresAt,
  subscriptionView,
  supportedTypes,
  type NotificationSubscription,
} from '../../domain/notification/subscription.js';
import type { DeviceAddress } from '../../ports/push.js';
import type { Ports } from '../../ports/index.js';

/**
 * GMS's Notification API (`/genesys/1/notification/...`). Subscribing is open, as GMS's is (the
 * mobile app subscribes); the subscription id is the capability to read or end it.
 */
export type SubscribePorts = Pick<
  Ports,
  'notificationSubscriptions' | 'deviceChannels' | 'runtime' | 'clock' | 'ids'
>;
export type SubscriptionPorts = Pick<Ports, 'notificationSubscriptions' | 'clock'>;

/** A subscribe request, validated (the type lower-cased, `expire` in seconds). */
export interface SubscribeInput {
  subscriberId: string;
  filter: string;
  providerName?: string;
  notificationDetails: { type: string; deviceId: string; properties?: DeviceAddress['properties'] };
  authorization?: string;
  expire?: number;
}

/** `POST notification/subscription`: the new subscription's id. */
export async function subscribe(d: SubscribePorts, body: SubscribeInput): Promise<string> {
  const { type, deviceId, properties } = body.notificationDetails;
  const types = supportedTypes(d.deviceChannels);
  if (!types.includes(type)) {
    throw new InvalidParameterError(
      'notificationDetails.type',
      `Notification type '${type}' is not delivered by this server; use one of: ${types.join(', ')}.`,
    );
  }
  const problem = deviceIdProblem(type, deviceId, d.runtime.mode === 'local');
  if (problem) throw new InvalidParameterError('notificationDetails.deviceId', problem);
  const now = d.clock.now();
  // Concurrent subscribes may pass together and overshoot by a few; publish stays bounded.
  if (
    (await d.notificationSubscriptions.count(body.filter, now, MAX_SUBSCRIPTIONS_PER_FILTER)) >=
    MAX_SUBSCRIPTIONS_PER_FILTER
  ) {
    throw new ConflictError(
      `Filter '${body.filter}' already has ${MAX_SUBSCRIPTIONS_PER_FILTER} live subscriptions: unsubscribe one, or wait for one to expire.`,
    );
  }
  const subscription: NotificationSubscription = {
    id: d.ids.id(),
    subscriberId: body.subscriberId,
    filter: body.filter,
    ...(body.providerName !== undefined ? { providerName: body.providerName } : {}),
    device: { type, deviceId, ...(properties ? { properties } : {}) },
    ...(body.authorization !== undefined ? { authorization: body.authorization } : {}),
    createdAt: now,
    expiresAt: subscriptionExpiresAt(now, body.expire),
  };
  await d.notificationSubscriptions.put(subscription);
  return subscription.id;
}

/** `GET notification/subscription/{id}`: the live subscription as requested, with its seconds left. */
export async function readSubscription(d: SubscriptionPorts, id: string) {
  const now = d.clock.now();
  const subscription = await d.notificationSubscriptions.get(id, now);
  if (!subscription) throw new NotFoundError(`Subscription ${id} does not exist or has expired.`);
  return subscriptionView(subscription, now);
}

/** `DELETE notification/subscription/{id}`: nothing published afterwards reaches it. */
export async function unsubscribe(d: Pick<Ports, 'notificationSubscriptions'>, id: string): Promise<void> {
  if (!(await d.notificationSubscriptions.remove(id))) {
    throw new NotFoundError(`Subscription ${id} does not exist or has expired.`);
  }
}
