import type { NotificationAudience, StoredNotification } from '../domain/notification/stored-notification.js';
import type { NotificationSubscription } from '../domain/notification/subscription.js';

/** Notifications waiting for poll-mode retrieval, and notification subscriptions. */

export interface NotificationStore {
  /** Appends to the session's pending list; throws `ConflictError` when the list is full. */
  add(
    sessionId: string,
    audience: NotificationAudience,
    notification: StoredNotification,
    expiresAt: number,
  ): Promise<void>;
  /** Returns the pending notifications, oldest first, and clears them in the same write. */
  take(sessionId: string, audience: NotificationAudience, now: number): Promise<StoredNotification[]>;
}

export interface NotificationSubscriptionStore {
  put(subscription: NotificationSubscription): Promise<void>;
  /** The live subscription with this id, if any. */
  get(id: string, now: number): Promise<NotificationSubscription | undefined>;
  /** Returns false when no such subscription exists. */
  remove(id: string): Promise<boolean>;
  /** Live subscriptions of `filter`, counted up to `limit` (the read stops there). */
  count(filter: string, now: number, limit: number): Promise<number>;
  /** The live subscriptions whose filter is exactly `filter`, read page by page. */
  byFilter(filter: string, now: number): AsyncIterable<NotificationSubscription[]>;
}
