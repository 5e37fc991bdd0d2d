import { isVisible } from '../../domain/callback/callback-view.js';
import {
  MAX_SUBSCRIPTIONS_PER_CONNECTION,
  notificationFrame,
  subscriptionRefusal,
} from '../../domain/push/push-protocol.js';
import { logger } from '../../observability.js';
import type { Ports } from '../../ports/index.js';
import { replyOnSocket } from './socket-reply.js';

export type SubscribeSessionPorts = Pick<
  Ports,
  'sockets' | 'connections' | 'clock' | 'notifications' | 'sessions' | 'callbacks'
>;

/**
 * Whether `id` names a live session a device may follow: a service session, which every service,
 * callback and chat create writes (one read), or else a callback whose reschedule carried it past
 * its session's expiry.
 */
async function isLiveSession(ports: SubscribeSessionPorts, id: string): Promise<boolean> {
  const now = ports.clock.now();
  if (await ports.sessions.get(id, now)) return true;
  const callback = await ports.callbacks.get(id);
  return callback !== undefined && isVisible(callback, now);
}

/**
 * Notifications that waited for poll while the device had no subscription (e.g. during a
 * reconnect) go out right after the subscribe ack; what cannot be sent is put back, to wait
 * `retentionMs` more.
 */
async function flushPending(
  ports: SubscribeSessionPorts,
  connectionId: string,
  sessionId: string,
  retentionMs: number,
): Promise<void> {
  const now = ports.clock.now();
  const pending = await ports.notifications.take(sessionId, 'app', now);
  for (let i = 0; i < pending.length; i++) {
    const n = pending[i]!;
    let sent: boolean;
    try {
      sent = await replyOnSocket(ports, connectionId, notificationFrame(n.id, n.tag, n.message));
    } catch (e) {
      // E.g. API Gateway's LimitExceededException (throttled, or the client's buffer is full):
      // the notifications already taken must not be lost with the frame.
      logger.warn('Flushing pending notifications failed; the rest waits for poll', {
        connectionId,
        sessionId,
        error: e as Error,
      });
      sent = false;
    }
    if (!sent) {
      for (const rest of pending.slice(i)) {
        await ports.notifications.add(sessionId, 'app', rest, now + retentionMs);
      }
      return;
    }
  }
}

/**
 * A device follows a live session on its connection (at most `MAX_SUBSCRIPTIONS_PER_CONNECTION`):
 * acknowledged, then sent what waited for it; every refusal says why.
 */
export async function subscribeSession(
  ports: SubscribeSessionPorts,
  connectionId: string,
  id: string,
  /** How long a notification put back waits for poll (the push dispatcher's retention). */
  retentionMs: number,
): Promise<void> {
  if (!(await isLiveSession(ports, id))) {
    await replyOnSocket(ports, connectionId, subscriptionRefusal('subscribe', id, 'not-found'));
    return;
  }
  const outcome = await ports.connections.subscribe(
    connectionId,
    id,
    ports.clock.now(),
    MAX_SUBSCRIPTIONS_PER_CONNECTION,
  );
  switch (outcome) {
    case 'subscribed':
    case 'already-subscribed':
      if (await replyOnSocket(ports, connectionId, { type: 'ack', action: 'subscribe', id })) {
        await flushPending(ports, connectionId, id, retentionMs);
      }
      return;
    case 'limit':
      await replyOnSocket(ports, connectionId, subscriptionRefusal('subscribe', id, 'subscription-limit'));
      return;
    case 'busy':
      await replyOnSocket(ports, connectionId, subscriptionRefusal('subscribe', id, 'busy'));
      return;
    case 'gone':
      // The connection item is gone (expired or a `$disconnect` raced us): the device must reconnect.
      await replyOnSocket(ports, connectionId, subscriptionRefusal('subscribe', id, 'reconnect'));
      return;
  }
}
