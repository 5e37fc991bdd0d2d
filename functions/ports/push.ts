import type { WorkMessage } from './work-queue.js';

/** Pushing notifications to sessions and devices, over every channel. */

/** What a notification is sent to: a session and the push channel its device asked for. */
export interface PushTarget {
  sessionId: string;
  /** `_device_os`: `comet`, `httpcb`; anything else (or none) means poll. */
  deviceOs?: string;
  /** `_device_notification_id`: for `httpcb` the URL to POST to. */
  deviceNotificationId?: string;
}

/**
 * Where a notification can be delivered outside the session's own WebSocket subscribers: a GMS
 * push channel type and its address (a session's `_device_os` / `_device_notification_id`, or a
 * Notification API subscription's `notificationDetails`).
 */
export interface DeviceAddress {
  /** GMS channel type, lower case: `comet`, `ios`, `fcm`, `gcm`, `android`, `httpcb`, `customhttp`, `orscb`. */
  type: string;
  /** The channel's address: a device token (ios/fcm/gcm), a URL (httpcb), a CometD client or user (comet). */
  deviceId: string;
  /** Channel properties (GMS `notificationDetails.properties`: debug, sound, badge, language...). */
  properties?: Record<string, string>;
}

/**
 * `delivered`: the channel took it. `invalid`: the address will never work (a disabled or unknown
 * endpoint, a CometD client that is gone): forget the address, and the caller keeps the
 * notification for poll. `failed`: may work later (the caller keeps it for poll, or retries).
 */
export type DeviceDelivery = 'delivered' | 'invalid' | 'failed';

/** One channel delivering notifications to devices: native push, CometD, HTTP callbacks. */
export interface DeviceChannel {
  deliver(
    device: DeviceAddress,
    notification: { id: string; tag: string; message: unknown },
  ): Promise<DeviceDelivery>;
}

/** The channels by `DeviceAddress.type` (several types may share one channel, e.g. `fcm`/`gcm`/`android`). */
export type DeviceChannels = Readonly<Partial<Record<string, DeviceChannel>>>;

export interface PushNotification {
  /** e.g. `service.agentavailable.<id>`. */
  tag: string;
  message: unknown;
  /**
   * The notification id, when the caller already gave it one (a published event, a push recorded
   * before it is posted); else a fresh one.
   */
  id?: string;
}

/** Where a session's notification goes besides its device: its WebSocket subscribers and CometD user. */
export interface PushRecipients {
  /** Connection ids subscribed to the session. */
  subscribers: readonly string[];
  /** The session's `gms_user`, when CometD delivery is possible for it. */
  cometUser?: string;
}

export interface PushPort {
  /**
   * Delivers to every WebSocket connection subscribed to the session and, for `httpcb`, to the
   * device's URL (retried through the work queue). What no channel took is kept for
   * `retrieve-notifications`. `recipients`: the session's recipients as `recipients` looked them
   * up ahead (alongside work the push had to wait for); without it they are looked up here.
   */
  notify(
    target: PushTarget,
    notification: PushNotification,
    recipients?: Promise<PushRecipients>,
  ): Promise<void>;
  /** Looks up the session's recipients now, for a `notify` that follows. */
  recipients(sessionId: string): Promise<PushRecipients>;
  /**
   * Delivers to the session's WebSocket subscribers only; nothing is kept for poll (chat events,
   * which the transcript keeps). Returns how many connections took it.
   */
  broadcast(sessionId: string, notification: PushNotification): Promise<number>;
  /** Continues an `httpcb` delivery from a `push-retry` work message (the worker calls it). */
  retryDelivery(message: WorkMessage): Promise<void>;
}

/** What one signed POST to a receiver's URL came to: delivered, or why not and whether to retry. */
export type WebhookOutcome = { ok: true } | { ok: false; retryable: boolean; detail: string };

/** Signed POSTs to receivers' URLs (`httpcb` devices, `_status_notification_target`). */
export interface WebhookSender {
  post(url: string, body: string): Promise<WebhookOutcome>;
}
