import { ConflictError, InvalidParameterError, NotFoundError } from '../../domain/errors.js';
import {
  deviceIdProblem,
  MAX_SUBSCRIPTIONS_PER_FILTER,
  subscriptionExpiresAt,
  subscriptionView,
  supportedTypes,
  type NotificationSubscription,
} from '../../domain/notification/subscription.js';
import type { Operation } from '../../http/handler-factory.js';
import { json } from '../../http/http-result.js';
import type { PublishRequest, SubscriptionRequest } from '../../routes/notification-api-routes.js';
import { publishNotification } from '../../use-cases/notification/publish-notification.js';

/**
 * GMS's Notification API (`/genesys/1/notification/...`). Subscribing is open, as GMS's is (the
 * mobile app subscribes); the subscription id is the capability to read or end it.
 */
export const notificationSubscriptionOperations: Record<string, Operation> = {
  notificationSubscribe: async (req, d) => {
    const body = req.valid.body as SubscriptionRequest;
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
    return json({ id: subscription.id });
  },

  notificationSubscriptionGet: async (req, d) => {
    const now = d.clock.now();
    const subscription = await d.notificationSubscriptions.get(req.params.id!, now);
    if (!subscription)
      throw new NotFoundError(`Subscription ${req.params.id} does not exist or has expired.`);
    return json(subscriptionView(subscription, now));
  },

  notificationUnsubscribe: async (req, d) => {
    if (!(await d.notificationSubscriptions.remove(req.params.id!))) {
      throw new NotFoundError(`Subscription ${req.params.id} does not exist or has expired.`);
    }
    return { status: 200, empty: true };
  },
};

/** Publish runs in the agent function: the contact-centre side, with credentials (docs/push.md). */
export const notificationPublishOperations: Record<string, Operation> = {
  notificationPublish: async (req, d) => {
    const body = req.valid.body as PublishRequest;
    return json(await publishNotification(d, body.tag, body.message));
  },
};
