import { deviceOf, type CallbackDevice } from '../callback/callback-device.js';
import type { CallbackRecord, CallbackScenario } from '../callback/callback-record.js';

/**
 * What a reservation needs of a QUEUED callback to commit and post the customer's push without
 * reading the callback first, kept on its waiting entry: the version it was queued at (the
 * reservation is conditional on it, so a copy gone stale only loses that condition and the
 * callback is read), its scenario (the reservation's plan) and where its push goes.
 */
export interface ReservableCopy extends CallbackDevice {
  version: number;
  scenario: CallbackScenario;
}

/**
 * Device fields longer than this together are not copied (the callback is read instead): the
 * entry stays under 1 KB, one write unit, whatever a client sends as `_device_notification_id`.
 */
export const MAX_COPIED_DEVICE_CHARS = 300;

/** What a reservation needs of a callback it has read whole. */
export function copyOf(record: Pick<CallbackRecord, 'version' | 'scenario' | 'properties'>): ReservableCopy {
  return { version: record.version, scenario: record.scenario, ...deviceOf(record.properties) };
}

/**
 * The copy a waiting entry keeps of a callback as stored QUEUED at `version` (a full record, or a
 * route-callback copy that carries its device); undefined when it is not QUEUED, its device is
 * unknown, or too long.
 */
export function reservableCopyOf(
  record: Pick<CallbackRecord, 'state' | 'version' | 'scenario'> & {
    properties?: Record<string, string>;
    device?: CallbackDevice;
  },
): ReservableCopy | undefined {
  if (record.state !== 'QUEUED') return undefined;
  const device = record.properties ? deviceOf(record.properties) : record.device;
  if (!device) return undefined;
  if ((device.deviceOs?.length ?? 0) + (device.deviceNotificationId?.length ?? 0) > MAX_COPIED_DEVICE_CHARS) {
    return undefined;
  }
  return { version: record.version, scenario: record.scenario, ...device };
}
