/**
 * A callback as stored: GMS's states and reasons, the scenario it runs, and the guard counters it
 * holds (capacity, queue limit, duplicate lock) so that leaving the active states frees them.
 */
export const CALLBACK_STATES = ['SCHEDULED', 'QUEUED', 'ROUTING', 'PROCESSING', 'COMPLETED'] as const;
export type CallbackState = (typeof CALLBACK_STATES)[number];

/** GMS's `_callback_reason` values for COMPLETED callbacks. */
export const CALLBACK_REASONS = [
  'CANCELLED',
  'CANCELLED_BY_ADMIN',
  'AGENT_CONNECTED',
  'NOT_AVAILABLE',
  'FAIL_TARGET_NOT_FOUND',
  'FAIL_ERROR',
  'FAIL_TIMEOUT_TTL',
  'FAIL_NO_CUSTOMER_NUMBER',
  'FAIL_USER_NO_CONFIRM',
  'FAIL_QUEUEING',
  'FAIL_AGENT_CONNECT',
  'FAIL_CALL_TO_CUSTOMER',
] as const;
export type CallbackReason =
  (typeof CALLBACK_REASONS)[number] | `AGENT_PREVIEW_CANCEL_AFTER_${number}REJECTS`;

export type MediaType = 'voice' | 'chat';
export type CallDirection = 'USERORIGINATED' | 'USERTERMINATED';

/** How the callback runs, read from the service options (and allowed overrides) at create. */
export interface CallbackScenario {
  mediaType: MediaType;
  /** Voice only. */
  direction: CallDirection;
  /** Delayed scenarios: the customer is told when an agent is available. */
  waitForAgent: boolean;
  /** Delayed scenarios: the customer confirms (`connect`) before the call or chat starts. */
  waitForUserConfirm: boolean;
}

/** A counter a callback holds while active; see `CallbackStore.create`. */
export interface GuardRef {
  /** Counter item key, e.g. `bucket#svc#2026-11-23T12:05:00.000Z`. */
  key: string;
  kind: GuardKind;
}

export type GuardKind = 'bucket' | 'queued' | 'dedup' | 'throttle';

/** A guard to take at create/reschedule: an atomic conditional increment of a counter. */
export interface Guard extends GuardRef {
  /** The counter must be below this before the increment (1 for a lock such as dedup). */
  limit: number;
  /** When the counter item may be forgotten (throttle windows, past buckets), epoch ms. */
  expiresAt?: number;
  /** Released (decremented) when the callback completes or moves; throttles never are. */
  releasable: boolean;
  /**
   * Counted as a field of an item several guards share rather than in an item of its own (`key`
   * still names it, in refusals and as the item it was kept in before): a service's throttles,
   * all taken at every create, cost one write together. `window`: the start of the counted window
   * (epoch ms); a field whose stored window is older starts again at 1.
   */
  slot?: { item: string; field: string; window: number };
}

export interface CallbackRecord {
  id: string;
  /** The callback service's name (`service.{name}`). */
  service: string;
  state: CallbackState;
  reason?: CallbackReason;
  customerNumber?: string;
  /** Epoch ms when the callback should be processed (creation time for immediate ones). */
  desiredTime: number;
  /** True when `_desired_time` was given (a scheduled callback). */
  scheduled: boolean;
  scenario: CallbackScenario;
  /** Every request parameter kept with the callback (`_`-options and custom keys), returned by queries. */
  properties: Record<string, string>;
  /** Routing target in GMS form `<name>@<statserver>.<type>`, and the virtual queue. */
  target?: string;
  virtualQueue?: string;
  priority: number;
  /** Set while routed: the reserved agent. */
  agentId?: string;
  queuedAt?: number;
  /**
   * Dial attempts made by earlier reservations (kept whenever a reservation gives the callback back
   * to the queue: a lost dial result, a rejected offer): the next reservation dials attempt `dialAttempts + 1`, so attempt
   * numbers never repeat for one callback and a late result for an old attempt matches nothing.
   */
  dialAttempts?: number;
  /** Guards this callback holds (released on COMPLETED or moved on reschedule). */
  guards: GuardRef[];
  /** The service session `_id` that the device uses for `service/{id}/...` requests (same as `id`). */
  createdAt: number;
  updatedAt: number;
  /** The record stays queryable until then (`_ttl` seconds after the desired time). */
  expiresAt: number;
  /** Optimistic concurrency: every change is conditional on the version read. */
  version: number;
}
