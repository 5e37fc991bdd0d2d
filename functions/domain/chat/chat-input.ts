import type { DeviceAddress } from '../../ports/push.js';
import { InvalidParameterError } from '../errors.js';
import { isNativePushType, NATIVE_PUSH_TYPES } from '../push/native-push-payload.js';
import { ChatMessageTooLargeError } from './chat-errors.js';
import { CLIENT_PARTY_ID, type ChatClient } from './chat-session.js';

/** Characters (code points) a message or custom notice may hold. */
export const MAX_MESSAGE_CHARS = 4096;
/** Names, e-mail, nickname. */
export const MAX_FIELD_CHARS = 256;
export const MAX_SUBJECT_CHARS = 1024;

const length = (s: string) => [...s].length;

/** A message or notice text: required, not blank, at most 4096 characters; kept verbatim. */
export function readMessage(value: string | undefined, parameter = 'message'): string {
  if (value === undefined || value.trim() === '') {
    throw new InvalidParameterError(parameter, `Parameter '${parameter}' is required and may not be empty.`);
  }
  if (length(value) > MAX_MESSAGE_CHARS) throw new ChatMessageTooLargeError(parameter, MAX_MESSAGE_CHARS);
  return value;
}

/** The caller's last known position: a non-negative integer, or undefined when not sent. */
export function readTranscriptPosition(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const v = value.trim();
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n)) {
    throw new InvalidParameterError(
      'transcriptPosition',
      `Parameter 'transcriptPosition' must be a non-negative integer, not '${value}'.`,
    );
  }
  return n;
}

function optionalField(fields: Record<string, string>, name: string, max: number): string | undefined {
  const v = fields[name]?.trim();
  if (!v) return undefined;
  if (length(v) > max) {
    throw new InvalidParameterError(name, `Parameter '${name}' is longer than ${max} characters.`);
  }
  return v;
}

/**
 * `notify_by` values of `ixn/chat`: CometD push (here the WebSocket), native push to the device
 * (`push_notification_*`), or none (the client polls).
 */
const NOTIFY_BY = ['comet', 'push_notification', 'none'];

/**
 * `notify_by=push_notification`: the device (`push_notification_deviceid`, the token) and its
 * native type (`push_notification_type`: ios, android, gcm, fcm), with `push_notification_debug`
 * (the sandbox application) and `push_notification_language` as its properties.
 */
function readPushDevice(fields: Record<string, string>): DeviceAddress {
  const deviceId = fields.push_notification_deviceid?.trim();
  if (!deviceId) {
    throw new InvalidParameterError(
      'push_notification_deviceid',
      "Parameter 'push_notification_deviceid' (the device token) is required with notify_by=push_notification.",
    );
  }
  if (deviceId.length > 4096) {
    throw new InvalidParameterError(
      'push_notification_deviceid',
      "Parameter 'push_notification_deviceid' is longer than 4096 characters.",
    );
  }
  const type = fields.push_notification_type?.trim().toLowerCase();
  if (!isNativePushType(type)) {
    throw new InvalidParameterError(
      'push_notification_type',
      `Parameter 'push_notification_type' must be one of ${NATIVE_PUSH_TYPES.join(', ')} with notify_by=push_notification, not '${fields.push_notification_type ?? ''}'.`,
    );
  }
  const debug = fields.push_notification_debug?.trim().toLowerCase();
  if (debug && debug !== 'true' && debug !== 'false') {
    throw new InvalidParameterError(
      'push_notification_debug',
      `Parameter 'push_notification_debug' must be true or false, not '${fields.push_notification_debug}'.`,
    );
  }
  const language = optionalField(fields, 'push_notification_language', 64);
  return {
    type,
    deviceId,
    properties: { ...(debug ? { debug } : {}), ...(language ? { language } : {}) },
  };
}

/**
 * The customer of `ixn/chat`. The nickname is `userDisplayName`, else `firstName lastName`,
 * else "Customer". `notify_by` is `comet`, `push_notification` (the events also go to the device,
 * see `readPushDevice`), `none` or absent; it only has to be valid: every event
 * is recorded (refresh returns it) and pushed to whoever subscribed to the chat id over the
 * WebSocket, which a client asked for by subscribing, whatever it said here.
 */
export function readChatClient(fields: Record<string, string>): ChatClient {
  const notifyBy = fields.notify_by?.trim();
  if (notifyBy && !NOTIFY_BY.includes(notifyBy.toLowerCase())) {
    throw new InvalidParameterError(
      'notify_by',
      `Parameter 'notify_by' must be 'comet', 'push_notification', 'none' or absent, not '${fields.notify_by}'.`,
    );
  }
  const push = notifyBy?.toLowerCase() === 'push_notification' ? readPushDevice(fields) : undefined;
  const firstName = optionalField(fields, 'firstName', MAX_FIELD_CHARS);
  const lastName = optionalField(fields, 'lastName', MAX_FIELD_CHARS);
  const email = optionalField(fields, 'email', MAX_FIELD_CHARS);
  const subject = optionalField(fields, 'subject', MAX_SUBJECT_CHARS);
  const display = optionalField(fields, 'userDisplayName', MAX_FIELD_CHARS);
  const fullName = [firstName, lastName].filter(Boolean).join(' ');
  return {
    id: CLIENT_PARTY_ID,
    type: 'CLIENT',
    nickname: display ?? (fullName || 'Customer'),
    ...(firstName ? { firstName } : {}),
    ...(lastName ? { lastName } : {}),
    ...(email ? { email } : {}),
    ...(subject ? { subject } : {}),
    ...(push ? { push } : {}),
  };
}
