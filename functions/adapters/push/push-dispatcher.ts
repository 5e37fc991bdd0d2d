import { ConflictError } from '../../domain/errors.js';
import { isNativePushType } from '../../domain/push/native-push-payload.js';
import { NOTIFICATION_RETENTION_MS, notificationFrame } from '../../domain/push/push-protocol.js';
import { DEFAULT_RETRY_POLICY, nextRetryDelay, type RetryPolicy } from '../../domain/push/retry-schedule.js';
import { webhookUrlProblem } from '../../domain/push/webhook-url.js';
import { logger } from '../../observability.js';
import type { Clock, IdGenerator } from '../../ports/clock-and-ids.js';
import type { ConnectionSender, ConnectionStore } from '../../ports/connections.js';
import type {
  DeviceChannels,
  PushNotification,
  PushPort,
  PushRecipients,
  PushTarget,
  WebhookSender,
} from '../../ports/push.js';
import type { NotificationStore } from '../../ports/notifications.js';
import type { OperationalMetrics } from '../../ports/metrics.js';
import type { SessionStore } from '../../ports/sessions.js';
import type { WorkMessage, WorkQueue } from '../../ports/work-queue.js';

export const PUSH_RETRY_KIND = 'push-retry';

export { NOTIFICATION_RETENTION_MS };

/** The ports push delivery uses; read through a getter so overrides given to `createDeps` apply. */
export interface PushPorts {
  clock: Clock;
  ids: IdGenerator;
  // Push sends one retry at a time.
  queue: Pick<WorkQueue, 'send'>;
  connections: ConnectionStore;
  sockets: ConnectionSender;
  notifications: NotificationStore;
  /** `PushFailures` by channel: failures other than a connection that is gone. */
  operationalMetrics: OperationalMetrics;
  /** The session's `gms_user`, which names its CometD recipients (without it: no CometD delivery). */
  sessions?: Pick<SessionStore, 'get'>;
  /** Device channels by GMS type (native push: `ios`, `android`, `gcm`, `fcm`). */
  deviceChannels?: DeviceChannels;
}

export interface PushDispatcherOptions {
  webhook: WebhookSender;
  /** Local mode lets `httpcb` URLs point at this machine. */
  allowPrivateWebhooks: boolean;
  retry?: RetryPolicy;
}

/** What a `push-retry` message carries: the exact body, so every attempt sends the same bytes. */
export interface PushRetryData {
  sessionId: string;
  url: string;
  body: string;
  /** The attempt this message makes (the first, inline one is 1). */
  attempt: number;
  /** False when a WebSocket already delivered it: giving up then stores nothing for poll. */
  storeOnGiveUp: boolean;
}

/**
 * The PushPort: WebSocket subscribers of the session first (comet), then the `httpcb` URL,
 * and whatever no channel took is kept for `retrieve-notifications` (poll).
 */
export class PushDispatcher implements PushPort {
  private readonly retry: RetryPolicy;

  constructor(
    private readonly ports: () => PushPorts,
    private readonly options: PushDispatcherOptions,
  ) {
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
  }

  async notify(
    target: PushTarget,
    notification: PushNotification,
    recipients?: Promise<PushRecipients>,
  ): Promise<void> {
    const p = this.ports();
    // A notification posted again after a crash keeps its id, so the device can tell.
    const id = notification.id ?? p.ids.id();
    const sessionId = target.sessionId;
    const [delivered, comet] = await Promise.all([
      this.toSubscribers(
        sessionId,
        id,
        notification,
        recipients ? recipients.then((r) => r.subscribers) : this.subscribers(sessionId),
      ),
      this.toComet(
        sessionId,
        id,
        notification,
        // A failed look-ahead is the subscribers' lookup (the CometD one reports its own): the
        // subscribers' delivery throws it, CometD just has no user.
        recipients
          ? recipients.then(
              (r) => r.cometUser,
              () => undefined,
            )
          : this.cometUser(sessionId),
      ),
    ]);
    let taken = delivered > 0 || comet;
    if (target.deviceOs?.toLowerCase() === 'httpcb') {
      const problem = webhookUrlProblem(target.deviceNotificationId, this.options.allowPrivateWebhooks);
      if (problem) {
        logger.warn('httpcb notification not sent', { sessionId: target.sessionId, problem });
      } else {
        const body = JSON.stringify({ id, message: notification.message, tag: notification.tag });
        // From here the httpcb delivery owns the notification: a retry still pending counts as
        // taken, and giving up (now or after the last retry) stores it for poll itself.
        await this.attempt({
          sessionId: target.sessionId,
          url: target.deviceNotificationId!,
          body,
          attempt: 1,
          storeOnGiveUp: !taken,
        });
        taken = true;
      }
    }
    if (await this.toNativeDevice(target, id, notification)) taken = true;
    if (!taken) await this.store(target.sessionId, id, notification);
  }

  /**
   * Native push (`_device_os` `ios` in any case, `android`, `gcm`, `fcm`; the token is
   * `_device_notification_id`) through its device channel. True when the channel took it;
   * `invalid` or `failed` leave it to poll.
   */
  private async toNativeDevice(target: PushTarget, id: string, n: PushNotification): Promise<boolean> {
    const type = target.deviceOs?.toLowerCase();
    if (!isNativePushType(type) || !target.deviceNotificationId) return false;
    const channel = this.ports().deviceChannels?.[type];
    if (!channel) return false;
    const outcome = await channel.deliver(
      { type, deviceId: target.deviceNotificationId },
      { id, tag: n.tag, message: n.message },
    );
    if (outcome !== 'delivered')
      logger.info('Native push not delivered: kept for poll', { sessionId: target.sessionId, outcome });
    return outcome === 'delivered';
  }

  async broadcast(sessionId: string, notification: PushNotification): Promise<number> {
    const id = notification.id ?? this.ports().ids.id();
    const [sockets, comet] = await Promise.all([
      this.toSubscribers(sessionId, id, notification, this.subscribers(sessionId)),
      this.toComet(sessionId, id, notification, this.cometUser(sessionId)),
    ]);
    return sockets + (comet ? 1 : 0);
  }

  async recipients(sessionId: string): Promise<PushRecipients> {
    const [subscribers, cometUser] = await Promise.all([
      this.subscribers(sessionId),
      this.cometUser(sessionId),
    ]);
    return { subscribers, ...(cometUser !== undefined ? { cometUser } : {}) };
  }

  private subscribers(sessionId: string): Promise<string[]> {
    const p = this.ports();
    return p.connections.subscribers(sessionId, p.clock.now());
  }

  /**
   * The `gms_user` the session was created with, when CometD can deliver (`deviceChannels.comet`);
   * a failed lookup only costs the CometD delivery, as a failed delivery does.
   */
  private async cometUser(sessionId: string): Promise<string | undefined> {
    const p = this.ports();
    if (!p.deviceChannels?.comet || !p.sessions) return undefined;
    try {
      return (await p.sessions.get(sessionId, p.clock.now()))?.gmsUser;
    } catch (e) {
      logger.warn('CometD push failed', { sessionId, error: e as Error });
      p.operationalMetrics.count('PushFailures', { channel: 'comet' });
      return undefined;
    }
  }

  /**
   * CometD (`deviceChannels.comet`): the clients that handshook with the `gms_user` the session was
   * created with and subscribed to `/_genesys` (docs/push.md, CometD). True when one took it.
   */
  private async toComet(
    sessionId: string,
    id: string,
    n: PushNotification,
    cometUser: Promise<string | undefined>,
  ): Promise<boolean> {
    const p = this.ports();
    const channel = p.deviceChannels?.comet;
    if (!channel) return false;
    try {
      const user = await cometUser;
      if (!user) return false;
      const outcome = await channel.deliver(
        { type: 'comet', deviceId: user },
        { id, tag: n.tag, message: n.message },
      );
      return outcome === 'delivered';
    } catch (e) {
      logger.warn('CometD push failed', { sessionId, error: e as Error });
      p.operationalMetrics.count('PushFailures', { channel: 'comet' });
      return false;
    }
  }

  /** One `push-retry` message from the work queue. Never throws for a failing receiver. */
  async retryDelivery(message: WorkMessage): Promise<void> {
    const data = message.data as Partial<PushRetryData> | undefined;
    if (
      !data ||
      typeof data.sessionId !== 'string' ||
      typeof data.url !== 'string' ||
      typeof data.body !== 'string' ||
      typeof data.attempt !== 'number'
    ) {
      logger.error('Dropping a malformed push-retry message', { id: message.id });
      return;
    }
    await this.attempt({ ...(data as PushRetryData), storeOnGiveUp: data.storeOnGiveUp !== false });
  }

  /** Sends the frame to every subscribed connection; 410 Gone forgets the connection. Returns how many took it. */
  private async toSubscribers(
    sessionId: string,
    id: string,
    n: PushNotification,
    lookup: Promise<readonly string[]>,
  ): Promise<number> {
    const p = this.ports();
    const subscribers = await lookup;
    if (subscribers.length === 0) return 0;
    const frame = JSON.stringify(notificationFrame(id, n.tag, n.message));
    const results = await Promise.all(
      subscribers.map(async (connectionId) => {
        try {
          const outcome = await p.sockets.send(connectionId, frame);
          if (outcome === 'gone') {
            await p.connections.remove(connectionId);
            return false;
          }
          return true;
        } catch (e) {
          // No retry over WebSocket: the device resubscribes and polls after a reconnect.
          logger.warn('WebSocket push failed', { sessionId, connectionId, error: e as Error });
          p.operationalMetrics.count('PushFailures', { channel: 'websocket' });
          return false;
        }
      }),
    );
    return results.filter(Boolean).length;
  }

  private async attempt(data: PushRetryData): Promise<'delivered' | 'retrying' | 'given-up'> {
    const p = this.ports();
    const outcome = await this.options.webhook.post(data.url, data.body);
    if (outcome.ok) return 'delivered';
    // Every failed attempt counts, retried or not: a receiver that keeps failing shows as it is.
    p.operationalMetrics.count('PushFailures', { channel: 'httpcb' });
    const delay = outcome.retryable ? nextRetryDelay(data.attempt, this.retry) : undefined;
    const notificationId = (JSON.parse(data.body) as { id: string }).id;
    if (delay !== undefined) {
      const next: PushRetryData = { ...data, attempt: data.attempt + 1 };
      await p.queue.send(
        { kind: PUSH_RETRY_KIND, id: notificationId, data: next as unknown as Record<string, unknown> },
        delay,
      );
      return 'retrying';
    }
    logger.warn('httpcb notification given up', {
      sessionId: data.sessionId,
      notificationId,
      attempts: data.attempt,
      detail: outcome.detail,
    });
    if (data.storeOnGiveUp) {
      const { id, tag, message } = JSON.parse(data.body) as { id: string; tag: string; message: unknown };
      await this.store(data.sessionId, id, { tag, message });
    }
    return 'given-up';
  }

  private async store(sessionId: string, id: string, n: PushNotification): Promise<void> {
    const p = this.ports();
    const now = p.clock.now();
    try {
      await p.notifications.add(
        sessionId,
        'app',
        { id, tag: n.tag, message: n.message, createdAt: now },
        now + NOTIFICATION_RETENTION_MS,
      );
    } catch (e) {
      // A device that let its poll list fill up is not listening; failing the sender (often a
      // queue processor, which would then retry and push again) would not help it.
      if (!(e instanceof ConflictError)) throw e;
      logger.warn('Notification dropped: the poll list of the session is full', { sessionId, tag: n.tag });
    }
  }
}
