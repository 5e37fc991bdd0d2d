import type { DeviceAddress } from '../../ports/push.js';
import { webhookUrlProblem } from '../push/webhook-url.js';

/**
 * A Notification API subscription (GMS `POST /genesys/1/notification/subscription`): whoever
 * publishes an event whose tag the filter matches gets it delivered to `device` on its channel.
 */
export interface NotificationSubscription {
  id: string;
  subscriberId: string;
  /** Matched against published tags; see `filterMatches`. */
  filter: string;
  providerName?: string;
  device: DeviceAddress;
  /** GMS's custom-HTTP channel sends it as the Authorization header; kept, never returned. */
  authorization?: string;
  createdAt: number;
  expiresAt: number;
}

/**
 * GMS's `push.subscription.expire` default (PushNotificationService options: 30 s, and values
 * below 30 are replaced by it). A subscription that gives no `expire` lives this long.
 */
export const DEFAULT_SUBSCRIPTION_EXPIRE_SECONDS = 30;

/** The longest `expire` accepted: 30 days, as the storage API's longest ttl. */
export const MAX_SUBSCRIPTION_EXPIRE_SECONDS = 30 * 24 * 3600;

/**
 * Live subscriptions one filter may have. Subscribing is public, and one publish delivers to
 * every match within one request (10 s Lambda timeout, 5 s per httpcb POST): with at most this
 * many, all deliveries of a publish run at once and the slowest receiver bounds its time.
 */
export const MAX_SUBSCRIPTIONS_PER_FILTER = 100;

/**
 * Filters and tags: 1 to 256 printable characters without spaces. They become a DynamoDB key
 * (`nsub#<filter>`), so the cap keeps them far below the 2048-byte key limit.
 */
export const TAG_PATTERN = /^[\x21-\x7e]{1,256}$/;

/**
 * GMS documents that the filter "is applied to the tags of incoming events" without a syntax; its
 * own examples (`ors.contact.<id>`, `service.chat.refresh.<id>`) are whole tags. A filter matches
 * the one tag equal to it, so publishing finds its subscriptions with one key lookup however many
 * subscriptions exist (docs/gms-compatibility.md, Notification API).
 */
export function filterMatches(filter: string, tag: string): boolean {
  return filter === tag;
}

/** When a subscription made at `now` with this `expire` (seconds, GMS's default when absent) ends. */
export function subscriptionExpiresAt(now: number, expireSeconds: number | undefined): number {
  return now + (expireSeconds ?? DEFAULT_SUBSCRIPTION_EXPIRE_SECONDS) * 1000;
}

export function isLive(subscription: Pick<NotificationSubscription, 'expiresAt'>, now: number): boolean {
  return subscription.expiresAt > now;
}

/** The subscription as `GET .../subscription/{id}` shows it: GMS's request shape, without the credentials. */
export function subscriptionView(subscription: NotificationSubscription, now: number) {
  return {
    id: subscription.id,
    subscriberId: subscription.subscriberId,
    filter: subscription.filter,
    ...(subscription.providerName !== undefined ? { providerName: subscription.providerName } : {}),
    notificationDetails: {
      deviceId: subscription.device.deviceId,
      type: subscription.device.type,
      properties: subscription.device.properties ?? {},
    },
    expire: Math.max(0, Math.ceil((subscription.expiresAt - now) / 1000)),
  };
}

/** The channel types a subscription may name: those a channel is registered for, sorted. */
export function supportedTypes(registered: Readonly<Partial<Record<string, unknown>>>): string[] {
  return Object.keys(registered)
    .filter((type) => registered[type] !== undefined)
    .sort();
}

/** A session `_id`, as the WebSocket `subscribe` frame takes it. */
const SESSION_ID = /^[A-Za-z0-9._~-]{1,128}$/;

/**
 * Why `deviceId` can never be delivered to on the channels whose addresses this server knows
 * (`httpcb`: a URL it may POST to; `websocket`: a session `_id`), or undefined. Other channels
 * judge their own addresses at delivery (`invalid` ends the subscription).
 */
export function deviceIdProblem(
  type: string,
  deviceId: string,
  allowPrivateUrls: boolean,
): string | undefined {
  if (type === 'websocket' && !SESSION_ID.test(deviceId)) {
    return 'For type websocket, deviceId is the _id of a session (1 to 128 letters, digits, ".", "_", "~" or "-").';
  }
  if (type === 'httpcb') {
    return webhookUrlProblem(deviceId, allowPrivateUrls)?.replace('_device_notification_id', 'deviceId');
  }
  return undefined;
}
