import { isPrivateHost } from '../push/webhook-url.js';
import type { CallbackReason, CallbackRecord, CallbackState } from './callback-record.js';

/**
 * GMS's callback status notifications (`_enable_status_notification=subscribe_notify`): which
 * `_cbe_on_*` events a change of a callback record stands for, and the settings and body of the
 * `httpcb` delivery. Events this product has no truthful moment for are listed in
 * docs/gms-compatibility.md ("Callback status notifications") and never produced here.
 */
export const STATUS_EVENT_NAMES = [
  'service_create',
  'virtual_ixn_create',
  'target_found',
  'dial_init',
  'dial_done',
  'connect_treatment_start',
  'customer_queued',
  'route_to_agent',
  'service_exit',
  'callback_cancelled',
  'callback_queued',
  'callback_scheduled',
  'callback_rescheduled',
  'callback_submitted',
  'callback_submit_failed',
  'callback_processing_failed',
  'callback_status_updated',
] as const;

export type StatusEvent = `_cbe_on_${(typeof STATUS_EVENT_NAMES)[number]}`;

const ev = (name: (typeof STATUS_EVENT_NAMES)[number]): StatusEvent => `_cbe_on_${name}`;

export const isStatusEvent = (value: unknown): value is StatusEvent =>
  typeof value === 'string' && STATUS_EVENT_NAMES.some((n) => value === `_cbe_on_${n}`);

const isCancellation = (reason: CallbackReason | undefined) =>
  reason === 'CANCELLED' || reason === 'CANCELLED_BY_ADMIN';

/** Reasons that say the callback could not be processed (GMS's FAIL_* and the reject limit). */
const isFailure = (reason: CallbackReason | undefined) =>
  !!reason && (reason.startsWith('FAIL_') || reason.startsWith('AGENT_PREVIEW_CANCEL_AFTER_'));

const isUserTerminatedVoice = (r: CallbackRecord) =>
  r.scenario.mediaType === 'voice' && r.scenario.direction === 'USERTERMINATED';

function sameProperties(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

/** The events of a new callback. */
function createEvents(next: CallbackRecord): StatusEvent[] {
  const events = [ev('service_create')];
  if (next.state === 'SCHEDULED') events.push(ev('callback_scheduled'));
  else if (next.state === 'QUEUED') events.push(ev('callback_queued'));
  return events;
}

function completionEvents(previous: CallbackState, next: CallbackRecord): StatusEvent[] {
  if (isCancellation(next.reason)) return [ev('callback_cancelled'), ev('service_exit')];
  if (isFailure(next.reason)) {
    // A scheduled callback that fails before it was ever submitted for routing (e.g. its
    // time-to-live ran out while SCHEDULED) failed at submit, not while being processed.
    const failed = previous === 'SCHEDULED' ? ev('callback_submit_failed') : ev('callback_processing_failed');
    return [failed, ev('service_exit')];
  }
  return [ev('service_exit')];
}

/**
 * The events of one stored change: `previous` is the record as it was (none for a create), `next`
 * as the write left it. Bookkeeping that the customer cannot see (agent id, queue time, guards)
 * produces nothing.
 */
export function statusEvents(previous: CallbackRecord | undefined, next: CallbackRecord): StatusEvent[] {
  if (!previous) return createEvents(next);
  const from = previous.state;
  const to = next.state;
  if (to === 'COMPLETED') return from === 'COMPLETED' ? [] : completionEvents(from, next);
  if (to === 'SCHEDULED') {
    if (from !== 'SCHEDULED' || previous.desiredTime !== next.desiredTime)
      return [ev('callback_rescheduled')];
  } else if (to === 'QUEUED' && from !== 'QUEUED') {
    // SCHEDULED -> QUEUED is the scheduled callback handed to routing at its desired time;
    // ROUTING -> QUEUED puts it back in the queue (agent rejected, customer not confirmed).
    return from === 'SCHEDULED' ? [ev('callback_submitted'), ev('callback_queued')] : [ev('callback_queued')];
  } else if (to === 'ROUTING' && from === 'QUEUED') {
    return [ev('target_found')];
  } else if (to === 'PROCESSING' && from === 'ROUTING') {
    // A user-terminated voice callback becomes PROCESSING exactly when the customer answers.
    return isUserTerminatedVoice(next) ? [ev('dial_done'), ev('route_to_agent')] : [ev('route_to_agent')];
  }
  return sameProperties(previous.properties, next.properties) ? [] : [ev('callback_status_updated')];
}

/** Where and how often a service's status notifications are sent. */
export interface StatusNotificationSettings {
  target: string;
  /** Attempts per event (the first one included) before it is given up. */
  attempts: number;
}

export type StatusNotificationConfig =
  | { enabled: false }
  | { enabled: true; settings: StatusNotificationSettings }
  /** Enabled, but the options cannot be used: nothing is sent and the problem is logged. */
  | { enabled: true; problem: string; parameter: string };

export const DEFAULT_STATUS_NOTIFICATION_ATTEMPTS = 6;
const MAX_ATTEMPTS = 20;

/**
 * Why `value` cannot be a status notification target. The URL comes from service configuration,
 * not from a device, but it is still checked as push checks device URLs: http(s) only, no
 * credentials in it, and no private or local addresses unless `allowPrivate` (local mode).
 */
export function statusTargetProblem(value: string | undefined, allowPrivate: boolean): string | undefined {
  if (!value?.trim()) return "'_status_notification_target' is empty: httpcb needs the URL to POST to.";
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return `'_status_notification_target' (${value}) is not a URL.`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return `'_status_notification_target' must be an http(s) URL, not ${url.protocol}.`;
  }
  if (url.username || url.password) return "'_status_notification_target' must not carry credentials.";
  if (!allowPrivate && isPrivateHost(url.hostname)) {
    return `'_status_notification_target' points at a private or local address (${url.hostname}).`;
  }
  return undefined;
}

/** Reads a callback service's notification options; never throws (a write must not fail for them). */
export function readStatusNotificationConfig(
  options: Record<string, string>,
  allowPrivate: boolean,
): StatusNotificationConfig {
  if (options._enable_status_notification?.trim().toLowerCase() !== 'subscribe_notify')
    return { enabled: false };
  const type = options._status_notification_type?.trim().toLowerCase() ?? '';
  if (type !== 'httpcb') {
    return {
      enabled: true,
      parameter: '_status_notification_type',
      problem: `'_status_notification_type' is '${type}'; only httpcb is supported.`,
    };
  }
  const problem = statusTargetProblem(options._status_notification_target, allowPrivate);
  if (problem) return { enabled: true, parameter: '_status_notification_target', problem };
  const rawAttempts = options._status_notification_attempts?.trim() ?? '';
  let attempts = DEFAULT_STATUS_NOTIFICATION_ATTEMPTS;
  if (rawAttempts !== '') {
    const n = /^\d+$/.test(rawAttempts) ? Number(rawAttempts) : NaN;
    if (!(n >= 1 && n <= MAX_ATTEMPTS)) {
      return {
        enabled: true,
        parameter: '_status_notification_attempts',
        problem: `'_status_notification_attempts' must be an integer from 1 to ${MAX_ATTEMPTS}, not '${rawAttempts}'.`,
      };
    }
    attempts = n;
  }
  return { enabled: true, settings: { target: options._status_notification_target!.trim(), attempts } };
}

/** What an event notification says about the callback: the record as the change left it. */
export interface StatusSnapshot {
  id: string;
  service: string;
  state: CallbackState;
  reason?: CallbackReason;
  desiredTime: number;
  customerNumber?: string;
  virtualQueue?: string;
  /** The record version the change produced: receivers drop duplicates and order by it. */
  version: number;
  /** When the change was written (epoch ms). */
  at: number;
}

export function snapshotOf(record: CallbackRecord): StatusSnapshot {
  return {
    id: record.id,
    service: record.service,
    state: record.state,
    ...(record.reason ? { reason: record.reason } : {}),
    desiredTime: record.desiredTime,
    ...(record.customerNumber ? { customerNumber: record.customerNumber } : {}),
    ...(record.virtualQueue ? { virtualQueue: record.virtualQueue } : {}),
    version: record.version,
    at: record.updatedAt,
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The JSON body POSTed for one event, in GMS's key names. It depends only on the event and the
 * snapshot, so every attempt sends the same bytes (and the same signature).
 */
export function statusEventBody(event: StatusEvent, s: StatusSnapshot): Record<string, string | number> {
  return {
    event,
    _event_id: `${s.id}:${s.version}:${event}`,
    _id: s.id,
    _service_id: s.id,
    _service_name: s.service,
    _callback_state: s.state,
    ...(s.reason ? { _callback_reason: s.reason } : {}),
    _desired_time: iso(s.desiredTime),
    ...(s.customerNumber ? { _customer_number: s.customerNumber } : {}),
    ...(s.virtualQueue ? { _urs_virtual_queue: s.virtualQueue } : {}),
    version: s.version,
    timestamp: iso(s.at),
  };
}
