/**
 * The WebSocket protocol between a device and the push server (see docs/push.md). Text frames of
 * JSON; the device subscribes to the sessions it wants notifications for.
 */

/** GMS's CometD channel name, kept so clients written for GMS recognise notifications. */
export const GENESYS_CHANNEL = '/_genesys';

/** Session ids are opaque, URL-safe strings; the limit keeps a subscription key small. */
const SESSION_ID = /^[A-Za-z0-9._~-]{1,128}$/;

export type ClientCommand =
  { action: 'subscribe'; id: string } | { action: 'unsubscribe'; id: string } | { action: 'ping' };

export type ParseResult = { ok: true; command: ClientCommand } | { ok: false; error: ProtocolError };

export interface ProtocolError {
  type: 'error';
  action: string | null;
  /** The member at fault, as the HTTP API names the parameter of a 400. */
  parameter?: string;
  message: string;
}

export type ServerMessage =
  | { type: 'ack'; action: 'subscribe' | 'unsubscribe'; id: string }
  | { type: 'pong' }
  | ProtocolError
  | NotificationFrame;

/** What the device receives for a notification: GMS's CometD message, typed. */
export interface NotificationFrame {
  type: 'notification';
  channel: typeof GENESYS_CHANNEL;
  data: { id: string; tag: string; message: unknown };
}

export function notificationFrame(id: string, tag: string, message: unknown): NotificationFrame {
  return { type: 'notification', channel: GENESYS_CHANNEL, data: { id, tag, message } };
}

const fail = (action: string | null, message: string, parameter?: string): ParseResult => ({
  ok: false,
  error: { type: 'error', action, message, ...(parameter ? { parameter } : {}) },
});

/** Parses one text frame from a device. Never throws: bad frames get an error answer. */
export function parseClientMessage(body: string | undefined): ParseResult {
  if (body === undefined || body.trim() === '') return fail(null, 'Empty message: send a JSON object.');
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return fail(null, 'The message is not JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(null, 'The message must be a JSON object with an "action".');
  }
  const { action, id } = value as Record<string, unknown>;
  if (typeof action !== 'string') {
    return fail(null, '"action" is missing: use subscribe, unsubscribe or ping.', 'action');
  }
  switch (action) {
    case 'ping':
      return { ok: true, command: { action } };
    case 'subscribe':
    case 'unsubscribe':
      if (typeof id !== 'string' || id === '') {
        return fail(action, `"id" (the session id to ${action}) is missing.`, 'id');
      }
      if (!SESSION_ID.test(id)) {
        return fail(
          action,
          '"id" must be a session id: 1 to 128 letters, digits, ".", "_", "~" or "-".',
          'id',
        );
      }
      return { ok: true, command: { action, id } };
    default:
      return fail(
        action.slice(0, 64),
        `Unknown action "${action.slice(0, 64)}": use subscribe, unsubscribe or ping.`,
        'action',
      );
  }
}
