import { deviceOf } from '../../domain/callback/callback-device.js';
import { InvalidParameterError, NotFoundError } from '../../domain/errors.js';
import { NOTIFICATION_RETENTION_MS } from '../../domain/push/push-protocol.js';
import type { Ports } from '../../ports/index.js';
import type { PushTarget } from '../../ports/push.js';

/**
 * GMS's notification requests on a live session (seed: "Send notification from agent desktop to
 * mobile" and back). The session id is the capability, as in GMS: no credentials.
 */

/** The tag of app-bound notifications from the agent side; GMS's own tag for them is not documented. */
export const appMessageTag = (id: string) => `service.message.${id}`;
/** The tag the seed shows on `retrieve-agent-notifications` items. */
export const agentMessageTag = (id: string) => `agent.message.${id}`;

/** Finding the session: a callback (with its device) or a service session. */
export type SessionTargetPorts = Pick<Ports, 'callbacks' | 'sessions' | 'clock'>;
export type SendAppNotificationPorts = SessionTargetPorts & Pick<Ports, 'push'>;
export type RetrieveNotificationsPorts = SessionTargetPorts & Pick<Ports, 'notifications'>;
export type SendAgentNotificationPorts = RetrieveNotificationsPorts & Pick<Ports, 'ids'>;

/** The push channel of a session: a callback's `_device_os` / `_device_notification_id`, or none (comet subscribers + poll). */
async function sessionTarget(d: SessionTargetPorts, id: string): Promise<PushTarget> {
  const now = d.clock.now();
  const callback = await d.callbacks.get(id);
  if (callback && callback.expiresAt > now) {
    return { sessionId: id, ...deviceOf(callback.properties) };
  }
  if (await d.sessions.get(id, now)) return { sessionId: id };
  throw new NotFoundError(`Session ${id} does not exist or has expired.`);
}

export interface NotificationFields {
  _display_message?: string;
  _application_message?: string;
}

/** The seed's message object: `_application_message` travels as `_internal_message`. */
function messageOf(id: string, fields: NotificationFields): Record<string, string> {
  const display = fields._display_message;
  const internal = fields._application_message;
  if (display === undefined && internal === undefined) {
    throw new InvalidParameterError(
      '_display_message',
      'Give _display_message, _application_message or both: the notification has nothing to say.',
    );
  }
  return {
    _id: id,
    ...(internal !== undefined ? { _internal_message: internal } : {}),
    ...(display !== undefined ? { _display_message: display } : {}),
  };
}

/** The seed's key order for agent-bound messages. */
function agentMessageOf(id: string, fields: NotificationFields): Record<string, string> {
  const { _id, _internal_message, _display_message } = messageOf(id, fields);
  return {
    _id: _id!,
    ...(_internal_message !== undefined ? { _internal_message } : {}),
    ...(_display_message !== undefined ? { _display_message } : {}),
  };
}

/** `internal-notification`: agent side to app, on the session's push channel (kept for poll otherwise). */
export async function sendAppNotification(
  d: SendAppNotificationPorts,
  id: string,
  fields: NotificationFields,
): Promise<void> {
  const target = await sessionTarget(d, id);
  await d.push.notify(target, { tag: appMessageTag(id), message: messageOf(id, fields) });
}

/** `retrieve-notifications`: the app's notifications no push channel delivered, each once. */
export async function retrieveAppNotifications(
  d: RetrieveNotificationsPorts,
  id: string,
): Promise<unknown[]> {
  await sessionTarget(d, id);
  const pending = await d.notifications.take(id, 'app', d.clock.now());
  return pending.map((n) => n.message);
}

/** `agent-notification`: app to agent side, kept until the agent desktop polls for it. */
export async function sendAgentNotification(
  d: SendAgentNotificationPorts,
  id: string,
  fields: NotificationFields,
): Promise<void> {
  await sessionTarget(d, id);
  const now = d.clock.now();
  await d.notifications.add(
    id,
    'agent',
    {
      id: d.ids.id(),
      tag: agentMessageTag(id),
      // Kept as the JSON text the seed shows (`{"_id","_internal_message","_display_message"}` in
      // that order): a stored map would come back with its keys reordered.
      message: JSON.stringify(agentMessageOf(id, fields)),
      createdAt: now,
    },
    now + NOTIFICATION_RETENTION_MS,
  );
}

/** `retrieve-agent-notifications`: what the app sent to the agent side, each once. */
export async function retrieveAgentNotifications(
  d: RetrieveNotificationsPorts,
  id: string,
): Promise<{ message: string; tag: string }[]> {
  await sessionTarget(d, id);
  const pending = await d.notifications.take(id, 'agent', d.clock.now());
  return pending.map((n) => ({ message: n.message as string, tag: n.tag }));
}
