/**
 * Native mobile push (Amazon SNS mobile push in AWS, the push simulator locally): which platform
 * application a GMS push type goes to, and the SNS message (`MessageStructure: 'json'`) built from
 * a GMS notification. Pure: no AWS, no clock.
 */

import type { NativePlatform } from './native-platforms.js';

/** `arn:aws:sns:<region>:<account>:app/<PLATFORM>/<name>` -> the ARN prefix of its endpoints (`.../endpoint/<PLATFORM>/<name>/`). */
export function endpointArnPrefix(applicationArn: string): string {
  return `${applicationArn.replace(/:app\//, ':endpoint/')}/`;
}

/** GMS's native push types (`_device_os`, `push_notification_type`, `notificationDetails.type`), lower case. */
export const NATIVE_PUSH_TYPES = ['ios', 'android', 'gcm', 'fcm'] as const;
export type NativePushType = (typeof NATIVE_PUSH_TYPES)[number];

export const isNativePushType = (type: string | undefined): type is NativePushType =>
  (NATIVE_PUSH_TYPES as readonly string[]).includes((type ?? '').toLowerCase());

/** What a native push carries: GMS's notification. */
export interface NativeNotification {
  id: string;
  tag: string;
  message: unknown;
}

/** APNs and FCM refuse payloads over 4 KB; the SNS envelope and the `aps` dictionary need some of it. */
export const MAX_NATIVE_PAYLOAD_BYTES = 3800;

/** GMS's `debug` property (chat's `push_notification_debug`): `true` sends through the debug (sandbox) provider. */
export function isDebug(properties: Record<string, string> | undefined): boolean {
  return (properties?.debug ?? '').trim().toLowerCase() === 'true';
}

/**
 * The platform application of a device: `ios` goes to APNs, its sandbox when the device asks for
 * debug and a sandbox application is configured; `android`, `gcm` and `fcm` go to Firebase.
 */
export function nativePlatformFor(
  type: string,
  properties: Record<string, string> | undefined,
  configured: readonly NativePlatform[],
): NativePlatform | undefined {
  const t = type.toLowerCase();
  if (t === 'ios') {
    if (isDebug(properties) && configured.includes('APNS_SANDBOX')) return 'APNS_SANDBOX';
    if (configured.includes('APNS')) return 'APNS';
    // A deployment with only a sandbox application (development) sends every iOS push there.
    return configured.includes('APNS_SANDBOX') ? 'APNS_SANDBOX' : undefined;
  }
  if (t === 'android' || t === 'gcm' || t === 'fcm') return configured.includes('GCM') ? 'GCM' : undefined;
  return undefined;
}

const utf8Bytes = (s: string) => new TextEncoder().encode(s).length;

const asString = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/**
 * The key/value pairs every platform carries: the message's own fields (GMS's push is the message
 * itself, e.g. `{"_id": "<session>", "_action": "<request>"}`, which the app POSTs back as
 * `service/{_id}/{_action}`), plus GMS's notification `id` and `tag`. Values are strings, as FCM
 * data requires; nested values are JSON text. When that is too large for a push, only the
 * message's short fields stay (the app fetches the rest: `retrieve-notifications`, chat `refresh`).
 */
export function nativePushData(n: NativeNotification): Record<string, string> {
  const fields: Record<string, string> =
    n.message !== null && typeof n.message === 'object' && !Array.isArray(n.message)
      ? Object.fromEntries(
          Object.entries(n.message as Record<string, unknown>).map(([k, v]) => [k, asString(v)]),
        )
      : { message: asString(n.message) };
  const full = { ...fields, id: n.id, tag: n.tag };
  if (utf8Bytes(JSON.stringify(full)) <= MAX_NATIVE_PAYLOAD_BYTES) return full;
  const short = Object.fromEntries(Object.entries(fields).filter(([, v]) => v.length <= 256));
  return { ...short, id: n.id, tag: n.tag, truncated: 'true' };
}

/**
 * The SNS `Message` for `MessageStructure: 'json'`: one key per platform, each the platform's
 * payload as JSON text. Apple: `aps` with `content-available` (the app is woken to act on it)
 * and, from the device's properties, `alert`, `sound` and `badge`; the data beside `aps`.
 * Firebase: `data`, high priority (an agent waiting on the line cannot wait for a doze window),
 * and a `notification` when the device's properties give a `title` or `body`.
 */
export function nativePushMessage(
  platform: NativePlatform,
  n: NativeNotification,
  properties: Record<string, string> = {},
): string {
  const data = nativePushData(n);
  if (platform === 'GCM') {
    const notification = {
      ...(properties.title ? { title: properties.title } : {}),
      ...(properties.body ? { body: properties.body } : {}),
      ...(properties.sound ? { sound: properties.sound } : {}),
    };
    const gcm = {
      data,
      priority: 'high',
      ...(properties.title || properties.body ? { notification } : {}),
    };
    return JSON.stringify({ default: n.tag, GCM: JSON.stringify(gcm) });
  }
  const badge = Number(properties.badge);
  const aps = {
    'content-available': 1,
    ...(properties.alert ? { alert: properties.alert } : {}),
    ...(properties.sound ? { sound: properties.sound } : {}),
    ...(properties.badge !== undefined && Number.isInteger(badge) ? { badge } : {}),
  };
  return JSON.stringify({ default: n.tag, [platform]: JSON.stringify({ ...data, aps }) });
}
