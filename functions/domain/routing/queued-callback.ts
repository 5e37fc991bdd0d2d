import type { CallbackRecord } from '../callback/callback-record.js';
import { deviceOf, type CallbackDevice } from '../callback/callback-device.js';

/**
 * What routing needs of a callback to put it in the waiting queue, as the sender of its
 * `route-callback` message wrote it (the record it had just written): the worker queues it without
 * reading the record again. Versioned: the queueing is conditional on the stored callback still
 * being QUEUED at `version`, so a stale copy only loses that condition (and the record is read).
 */
export type QueuedCallback = Pick<
  CallbackRecord,
  | 'id'
  | 'service'
  | 'state'
  | 'version'
  | 'scenario'
  | 'target'
  | 'virtualQueue'
  | 'priority'
  | 'queuedAt'
  | 'desiredTime'
  | 'expiresAt'
> & {
  /** Where its push goes (absent in a copy sent before it was carried: then it is read). */
  device?: CallbackDevice;
};

/** The copy of `record` a `route-callback` message carries. */
export function queuedCallbackOf(record: CallbackRecord): QueuedCallback {
  return {
    id: record.id,
    service: record.service,
    state: record.state,
    version: record.version,
    scenario: record.scenario,
    ...(record.target !== undefined ? { target: record.target } : {}),
    ...(record.virtualQueue !== undefined ? { virtualQueue: record.virtualQueue } : {}),
    priority: record.priority,
    ...(record.queuedAt !== undefined ? { queuedAt: record.queuedAt } : {}),
    desiredTime: record.desiredTime,
    expiresAt: record.expiresAt,
    device: deviceOf(record.properties),
  };
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const optional = (v: unknown, is: (v: unknown) => boolean) => v === undefined || is(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isDevice = (v: unknown) =>
  typeof v === 'object' &&
  v !== null &&
  optional((v as CallbackDevice).deviceOs, isString) &&
  optional((v as CallbackDevice).deviceNotificationId, isString);

/**
 * The copy a message carries for callback `id` at `version`, if it has that shape; undefined
 * otherwise (the message is then handled from the stored record, as one without a copy).
 */
export function readQueuedCallback(
  data: unknown,
  id: string,
  version: number | undefined,
): QueuedCallback | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const c = data as Record<string, unknown>;
  const scenario = c.scenario as Record<string, unknown> | undefined;
  const valid =
    c.id === id &&
    isNumber(c.version) &&
    c.version === version &&
    c.state === 'QUEUED' &&
    isString(c.service) &&
    typeof scenario === 'object' &&
    scenario !== null &&
    isString(scenario.mediaType) &&
    isString(scenario.direction) &&
    typeof scenario.waitForAgent === 'boolean' &&
    typeof scenario.waitForUserConfirm === 'boolean' &&
    optional(c.target, isString) &&
    optional(c.virtualQueue, isString) &&
    isNumber(c.priority) &&
    optional(c.queuedAt, isNumber) &&
    isNumber(c.desiredTime) &&
    isNumber(c.expiresAt) &&
    optional(c.device, isDevice);
  return valid ? (c as unknown as QueuedCallback) : undefined;
}
