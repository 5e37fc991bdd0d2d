import type { WebSocketConnection } from '../domain/push/websocket-connection.js';

/** WebSocket connections, their subscriptions, and sending to one. */

/**
 * `busy`: concurrent writers on the connection kept winning the race for its subscription count
 * (the device sends the frame again).
 */
export type SubscribeOutcome = 'subscribed' | 'already-subscribed' | 'limit' | 'gone' | 'busy';

export type UnsubscribeOutcome = 'removed' | 'not-subscribed' | 'busy';

export interface ConnectionStore {
  add(connection: WebSocketConnection): Promise<void>;
  get(id: string, now: number): Promise<WebSocketConnection | undefined>;
  /** Removes the connection and every subscription it holds. */
  remove(id: string): Promise<void>;
  /**
   * Subscribes only while the connection exists (a late subscribe after `$disconnect` is `gone`)
   * and holds fewer than `max` subscriptions (else `limit`); the count is exact under concurrent
   * frames of one connection. Subscribing again to a key already held changes nothing.
   */
  subscribe(connectionId: string, key: string, now: number, max: number): Promise<SubscribeOutcome>;
  /** Removes the subscription and frees its slot (only when the connection held it). */
  unsubscribe(connectionId: string, key: string): Promise<UnsubscribeOutcome>;
  /** Ids of the live connections subscribed to `key`. */
  subscribers(key: string, now: number): Promise<string[]>;
  /**
   * Live connections, counted up to about `limit` (the read stops there: `capped`), so the
   * monitor's cost stays bounded however many devices are connected.
   */
  count(now: number, limit: number): Promise<{ count: number; capped: boolean }>;
}

/** API Gateway's management API (PostToConnection), or the local server answering it. */
export interface ConnectionSender {
  /** `gone` when the connection no longer exists (HTTP 410): the caller forgets it. */
  send(connectionId: string, data: string): Promise<'sent' | 'gone'>;
}
