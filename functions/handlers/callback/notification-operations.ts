import { InvalidParameterError, NotFoundError } from '../../domain/errors.js';
import type { Operation } from '../../http/handler-factory.js';
import { json } from '../../http/http-result.js';
import { NOTIFICATION_RETENTION_MS } from '../../adapters/push/push-dispatcher.js';
import type { PushTarget } from '../../ports.js';
import type { Deps } from '../../composition/full.js';

/**
 * GMS's notification requests on a live session (seed: "Send notification from agent desktop to
 * mobile" and back). The session id is the capability, as in GMS: no credentials.
 */

const SENT = { message: 'Notification Sent' } as const;

/** The tag of app-bound notifications from the agent side; GMS's own tag for them is not documented. */
export const appMessageTag = (id: string) => `service.message.${id}`;
/** The tag the seed shows on `retrieve-agent-notifications` items. */
export const agentMessageTag = (id: string) => `agent.message.${id}`;

/** The push channel of a session: a callback's `_device_os` / `_device_notification_id`, or none (comet subscribers + poll). */
async function sessionTarget(d: Deps, id: string): Promise<PushTarget> {
  const now = d.clock.now();
  const callback = await d.callbacks.get(id);
  if (callback && callback.expiresAt > now) {
    return {
      sessionId: id,
      deviceOs: callback.properties._device_os,
      deviceNotificationId: callback.properties._device_notification_id,
    };
  }
  if (await d.sessions.get(id, now)) return { sessionId: id };
  throw new NotFoundError(`Session ${id} does not exist or has expired.`);
}

interface NotificationFields {
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

const idOf = (req: Parameters<Operation>[0]) => (req.valid.params as { id: string }).id;
const fieldsOf = (req: Parameters<Operation>[0]) => (req.valid.body ?? {}) as NotificationFields;

const sendInternalNotification: Operation = async (req, d) => {
  const id = idOf(req);
  const target = await sessionTarget(d, id);
  await d.push.notify(target, { tag: appMessageTag(id), message: messageOf(id, fieldsOf(req)) });
  return json(SENT);
};

const retrieveNotifications: Operation = async (req, d) => {
  const id = idOf(req);
  await sessionTarget(d, id);
  const pending = await d.notifications.take(id, 'app', d.clock.now());
  return json(pending.map((n) => n.message));
};

const sendAgentNotification: Operation = async (req, d) => {
  const id = idOf(req);
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
      message: JSON.stringify(agentMessageOf(id, fieldsOf(req))),
      createdAt: now,
    },
    now + NOTIFICATION_RETENTION_MS,
  );
  return json(SENT);
};

const retrieveAgentNotifications: Operation = async (req, d) => {
  const id = idOf(req);
  await sessionTarget(d, id);
  const pending = await d.notifications.take(id, 'agent', d.clock.now());
  return json(pending.map((n) => ({ message: n.message as string, tag: n.tag })));
};

export const notificationOperations: Record<string, Operation> = {
  sendInternalNotification,
  retrieveNotifications,
  retrieveNotificationsGet: retrieveNotifications,
  sendAgentNotification,
  retrieveAgentNotifications,
  retrieveAgentNotificationsGet: retrieveAgentNotifications,
};
