import { DateTime, type DurationLikeObject, type Zone } from 'luxon';
import { InvalidParameterError } from '../errors.js';
import { isOpen, openPeriods, parseTimezone, type OfficeHours } from '../office-hours.js';
import { readBoolean, readInteger } from '../option-values.js';
import { matchParameters, type Patterns } from '../pattern-group.js';
import {
  CallbackAvailabilityError,
  CallbackDuplicateError,
  CallbackNumberError,
  CallbackServiceUnavailableError,
  type Availability,
} from './callback-errors.js';
import type { Guard } from './callback-record.js';
import {
  BUCKET_MINUTES,
  bucketStart,
  localDay,
  nextBucketStart,
  nextLocalMidnight,
} from './time-bucket-rule.js';

/**
 * The admission rules of a callback service (GMS "Queue Management" and "Scheduled Call" options),
 * pure: what to refuse at once, and which counters (guards) the store must take atomically with
 * the new callback. Nothing here reads a counter: a limit is only ever enforced by the store's
 * conditional increment, never by read-then-write.
 *
 * Options (an empty value means the default, as in GMS):
 * - `_mandatory_customer_lookup_keys` (`_customer_number`): parameters every request must carry.
 * - `_disallow_impossible_phone_numbers` (true): refuse a `_customer_number` with characters other
 *   than digits, separators (space . - ( )) and a leading `+`, or more than 15 digits (E.164). No
 *   per-country plan is applied, so short internal numbers such as `5115` pass.
 * - `_disallow_premium_phone_numbers` (true): refuse North American 900 numbers (`+1 900 xxx xxxx`;
 *   numbers without `+` are read with `_default_country`, default US). Other countries' premium
 *   ranges are not known here.
 * - `_exceptions`: a pattern group; a `_customer_number` matching one of its patterns is refused.
 *   GMS matches the number with `+` prefixed; so that patterns written either way work, the number
 *   is refused when its `+` form or its bare digits match.
 * - `_reject_future_desired_time` (`1M`): `<n><unit>` with unit y, M (month), w, d, h, m (minute),
 *   counted in calendar terms in the service's zone.
 * - `_business_hours_service`: a scheduled callback's desired time must be open;
 *   `_enable_reject_out_of_office_hours` (false) also refuses immediate callbacks while closed.
 * - `_request_time_bucket` (5; 5,10,15,20,30,60,120 minutes) and `_max_request_by_time_bucket`
 *   (100): scheduled callbacks per bucket of the service's wall clock.
 * - `_max_queued_callbacks_per_service` (1000): active immediate callbacks of the service. GMS does
 *   not count scheduled callbacks here (R-QA LimitNumberQueuedCallbacksPerService test1_09).
 * - `_enable_in_queue_checking` (true): `true` refuses a third active callback for the same
 *   customer number on the service, `strict` a second, `false` never (GMS option reference).
 * - `_throttle_callbacks_per_service_N` / `_throttle_ttl_N` (N=1: 500 per 300 s, N=2: 1000 per
 *   3600 s; more N when both are set): callbacks accepted per window. Windows are fixed, aligned on
 *   multiples of the ttl since the epoch, not sliding.
 * - `_throttle_request_parameters` (`_customer_number`) / `_throttle_request_parameters_limit`
 *   (6): immediate callbacks per local day with the same values of those parameters (GMS does not
 *   count scheduled ones: R-QA ThrottlePreventSameCustomerNumberTests test_30).
 * A limit of 0 refuses every callback it applies to.
 *
 * Time zone: the `_timezone` of the business-hours service, else UTC. Buckets and days follow its
 * wall clock (see `time-bucket-rule.ts`); keys and answers are in UTC.
 */

export interface CallbackRuleContext {
  serviceName: string;
  /** The service's effective options. */
  options: Record<string, string>;
  /** The request's parameters (`_`-options and custom keys). */
  parameters: Record<string, string>;
  /** `_customer_number` as received. */
  customerNumber?: string;
  /** Epoch ms; the creation time for immediate callbacks. */
  desiredTime: number;
  scheduled: boolean;
  now: number;
  /** The parsed calendar of `_business_hours_service`, when the service names one. */
  officeHours?: OfficeHours;
  /** The patterns of the `_exceptions` group, when the service names one. */
  exceptionPatterns?: Patterns;
  /** The request parameter that carried `desiredTime`, named by errors: `_new_desired_time` on reschedule. */
  timeParameter?: string;
}

const timeParameterOf = (ctx: CallbackRuleContext) => ctx.timeParameter ?? '_desired_time';

type FutureUnit = 'y' | 'M' | 'w' | 'd' | 'h' | 'm';

export interface ServiceThrottle {
  index: number;
  limit: number;
  ttlSeconds: number;
}

export interface CallbackRules {
  zone: Zone;
  bucketMinutes: number;
  maxPerBucket: number;
  futureLimit: { amount: number; unit: FutureUnit; text: string };
  maxQueued: number;
  /** Active callbacks allowed per customer number; undefined when not checked. */
  inQueueLimit?: number;
  throttles: ServiceThrottle[];
  parameterThrottle: { parameters: string[]; limit: number };
  disallowPremium: boolean;
  disallowImpossible: boolean;
  defaultCountry: string;
  mandatoryKeys: string[];
  rejectOutOfOfficeHours: boolean;
}

/** A desired time this much in the past is still taken as "now" (clock skew, request latency). */
export const PAST_TOLERANCE_MS = 60_000;
/** How many proposals an availability error carries, and how far ahead they are looked for. */
export const PROPOSAL_SLOTS = 10;
export const PROPOSAL_WINDOW_MS = 7 * 86_400_000;

const UTC = parseTimezone('UTC').zone;
const LIMIT_RANGE = { min: 0, max: 1_000_000_000 };
const DEFAULT_THROTTLES: Record<number, { limit: number; ttl: number }> = {
  1: { limit: 500, ttl: 300 },
  2: { limit: 1000, ttl: 3600 },
};
const FUTURE_UNITS: Record<FutureUnit, keyof DurationLikeObject> = {
  y: 'years',
  M: 'months',
  w: 'weeks',
  d: 'days',
  h: 'hours',
  m: 'minutes',
};

const blank = (v: string | undefined) => v === undefined || v.trim() === '';
const list = (v: string | undefined, fallback: string) =>
  (blank(v) ? fallback : v!)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

function readFutureLimit(value: string | undefined): CallbackRules['futureLimit'] {
  const text = blank(value) ? '1M' : value!.trim();
  const m = /^(\d{1,4})([yMwdhm])$/.exec(text);
  if (!m) {
    throw new InvalidParameterError(
      '_reject_future_desired_time',
      `Option '_reject_future_desired_time' must be a number and a unit (y, M, w, d, h, m), e.g. 1M, not '${value}'.`,
    );
  }
  return { amount: Number(m[1]), unit: m[2] as FutureUnit, text };
}

function readInQueueLimit(value: string | undefined): number | undefined {
  const v = blank(value) ? 'true' : value!.trim().toLowerCase();
  if (v === 'strict') return 1;
  if (readBoolean('_enable_in_queue_checking', v, true)) return 2;
  return undefined;
}

function readThrottles(options: Record<string, string>): ServiceThrottle[] {
  const indexes = new Set([1, 2]);
  for (const name of Object.keys(options)) {
    const m = /^_throttle_callbacks_per_service_(\d{1,3})$/.exec(name);
    if (m) indexes.add(Number(m[1]));
  }
  const throttles: ServiceThrottle[] = [];
  for (const index of [...indexes].sort((a, b) => a - b)) {
    const limitName = `_throttle_callbacks_per_service_${index}`;
    const ttlName = `_throttle_ttl_${index}`;
    const defaults = DEFAULT_THROTTLES[index];
    if (!defaults && (blank(options[limitName]) || blank(options[ttlName]))) continue;
    throttles.push({
      index,
      limit: readInteger(limitName, options[limitName], defaults?.limit ?? 0, LIMIT_RANGE),
      ttlSeconds: readInteger(ttlName, options[ttlName], defaults?.ttl ?? 1, { min: 1, max: 31_622_400 }),
    });
  }
  return throttles;
}

/** Reads the rule options of a service; a malformed one throws naming it. */
export function readCallbackRules(options: Record<string, string>, officeHours?: OfficeHours): CallbackRules {
  const bucketText = blank(options._request_time_bucket) ? '5' : options._request_time_bucket!.trim();
  const bucketMinutes = Number(bucketText);
  if (!(BUCKET_MINUTES as readonly number[]).includes(bucketMinutes) || !/^\d+$/.test(bucketText)) {
    throw new InvalidParameterError(
      '_request_time_bucket',
      `Option '_request_time_bucket' must be one of ${BUCKET_MINUTES.join(', ')} (minutes), not '${options._request_time_bucket}'.`,
    );
  }
  return {
    zone: officeHours?.zone ?? UTC,
    bucketMinutes,
    maxPerBucket: readInteger(
      '_max_request_by_time_bucket',
      options._max_request_by_time_bucket,
      100,
      LIMIT_RANGE,
    ),
    futureLimit: readFutureLimit(options._reject_future_desired_time),
    maxQueued: readInteger(
      '_max_queued_callbacks_per_service',
      options._max_queued_callbacks_per_service,
      1000,
      LIMIT_RANGE,
    ),
    inQueueLimit: readInQueueLimit(options._enable_in_queue_checking),
    throttles: readThrottles(options),
    parameterThrottle: {
      parameters: list(options._throttle_request_parameters, '_customer_number'),
      limit: readInteger(
        '_throttle_request_parameters_limit',
        options._throttle_request_parameters_limit,
        6,
        LIMIT_RANGE,
      ),
    },
    disallowPremium: readBoolean(
      '_disallow_premium_phone_numbers',
      options._disallow_premium_phone_numbers,
      true,
    ),
    disallowImpossible: readBoolean(
      '_disallow_impossible_phone_numbers',
      options._disallow_impossible_phone_numbers,
      true,
    ),
    defaultCountry: blank(options._default_country) ? 'US' : options._default_country!.trim().toUpperCase(),
    mandatoryKeys: list(options._mandatory_customer_lookup_keys, '_customer_number'),
    rejectOutOfOfficeHours: readBoolean(
      '_enable_reject_out_of_office_hours',
      options._enable_reject_out_of_office_hours,
      false,
    ),
  };
}

const rulesOf = (ctx: CallbackRuleContext) => readCallbackRules(ctx.options, ctx.officeHours);

// ---------------------------------------------------------------------------------------------
// Customer number

const SEPARATORS = /[\s.\-()]/g;

/** GMS's form of a customer number for checks and keys: separators dropped, `+` prefixed. */
export function normalizeCustomerNumber(raw: string): string {
  const compact = raw.trim().replace(SEPARATORS, '');
  return compact.startsWith('+') ? compact : `+${compact}`;
}

/** North American Numbering Plan countries whose national numbers are 10 digits after `1`. */
const NANP = new Set(['US', 'CA']);

/** The number in international form, reading a national number with the default country. */
function internationalForm(raw: string, defaultCountry: string): string {
  const compact = raw.trim().replace(SEPARATORS, '');
  if (compact.startsWith('+')) return compact;
  if (compact.startsWith('00')) return `+${compact.slice(2)}`;
  if (NANP.has(defaultCountry)) {
    if (compact.length === 10) return `+1${compact}`;
    if (compact.length === 11 && compact.startsWith('1')) return `+${compact}`;
  }
  return `+${compact}`;
}

export const isImpossibleNumber = (raw: string) => !/^\+?\d{1,15}$/.test(raw.trim().replace(SEPARATORS, ''));

export const isPremiumNumber = (raw: string, defaultCountry = 'US') =>
  /^\+1900\d{7}$/.test(internationalForm(raw, defaultCountry));

function checkCustomerNumber(ctx: CallbackRuleContext, rules: CallbackRules, raw: string): void {
  if (rules.disallowImpossible && isImpossibleNumber(raw)) {
    throw new CallbackNumberError(
      `Customer number '${raw}' is not a possible phone number (digits, separators and a leading + only, at most 15 digits).`,
    );
  }
  if (rules.disallowPremium && isPremiumNumber(raw, rules.defaultCountry)) {
    throw new CallbackNumberError(
      `Customer number '${raw}' is a premium-rate number; callbacks to it are not allowed.`,
    );
  }
  if (ctx.exceptionPatterns) {
    const normalized = normalizeCustomerNumber(raw);
    const hits = matchParameters(ctx.exceptionPatterns, { plus: normalized, digits: normalized.slice(1) });
    if (Object.keys(hits).length > 0) {
      throw new CallbackNumberError(
        `Customer number '${raw}' is on the exception list of service '${ctx.serviceName}'; callbacks to it are not accepted.`,
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Immediate validation

const iso = (t: number) => new Date(t).toISOString();

/** The latest desired time the service accepts now. */
export function latestDesiredTime(rules: CallbackRules, now: number): number {
  const { amount, unit } = rules.futureLimit;
  return DateTime.fromMillis(now, { zone: rules.zone })
    .plus({ [FUTURE_UNITS[unit]]: amount })
    .toMillis();
}

/**
 * Refusals that need no counter: mandatory keys, the customer number, and a scheduled desired
 * time in the past or beyond `_reject_future_desired_time`. Office hours are checked apart
 * (`isOutsideOfficeHours`), because their error carries proposals that need the counters.
 */
export function validateCallback(ctx: CallbackRuleContext): void {
  const rules = rulesOf(ctx);
  for (const key of rules.mandatoryKeys) {
    const value =
      key === '_customer_number' ? (ctx.customerNumber ?? ctx.parameters[key]) : ctx.parameters[key];
    if (blank(value)) {
      throw new InvalidParameterError(
        key,
        `Parameter '${key}' is mandatory for service '${ctx.serviceName}' (_mandatory_customer_lookup_keys).`,
      );
    }
  }
  if (!blank(ctx.customerNumber)) checkCustomerNumber(ctx, rules, ctx.customerNumber!);
  validateDesiredTime(ctx);
}

/** A scheduled desired time must be neither in the past nor beyond `_reject_future_desired_time`. */
export function validateDesiredTime(ctx: CallbackRuleContext): void {
  if (!ctx.scheduled) return;
  const rules = rulesOf(ctx);
  const name = timeParameterOf(ctx);
  if (ctx.desiredTime < ctx.now - PAST_TOLERANCE_MS) {
    throw new InvalidParameterError(
      name,
      `Parameter '${name}' (${iso(ctx.desiredTime)}) is in the past; it must be now or later.`,
    );
  }
  const latest = latestDesiredTime(rules, ctx.now);
  if (ctx.desiredTime > latest) {
    throw new CallbackAvailabilityError(
      name,
      `Parameter '${name}' (${iso(ctx.desiredTime)}) is too far in the future: service '${ctx.serviceName}' accepts callbacks up to ${rules.futureLimit.text} ahead (${iso(latest)}).`,
    );
  }
}

/** Closed at the desired time (scheduled), or now when immediate callbacks are refused while closed. */
export function isOutsideOfficeHours(ctx: CallbackRuleContext): boolean {
  if (!ctx.officeHours) return false;
  if (ctx.scheduled) return !isOpen(ctx.officeHours, ctx.desiredTime);
  return rulesOf(ctx).rejectOutOfOfficeHours && !isOpen(ctx.officeHours, ctx.now);
}

export function officeHoursError(
  ctx: CallbackRuleContext,
  availability: Availability,
): CallbackAvailabilityError {
  const hours = ctx.options._business_hours_service;
  const name = timeParameterOf(ctx);
  const message = ctx.scheduled
    ? `Parameter '${name}' (${iso(ctx.desiredTime)}) is outside the office hours of service '${ctx.serviceName}' (${hours}).`
    : `Service '${ctx.serviceName}' is closed now (office hours of ${hours}); schedule the callback with a '_desired_time'.`;
  return new CallbackAvailabilityError(name, message, availability);
}

// ---------------------------------------------------------------------------------------------
// Guards

const bucketPrefix = (service: string) => `bucket#${service}#`;
export const bucketKey = (service: string, start: number) => `${bucketPrefix(service)}${iso(start)}`;
const throttlePrefix = (service: string) => `throttle#${service}#`;
const PARAMS = 'params#';

/** `name=value` of each throttled parameter the request carries, in option order. */
function throttledValues(ctx: CallbackRuleContext, rules: CallbackRules): [string, string][] {
  const pairs: [string, string][] = [];
  for (const name of rules.parameterThrottle.parameters) {
    const value =
      name === '_customer_number' ? (ctx.customerNumber ?? ctx.parameters[name]) : ctx.parameters[name];
    if (!blank(value)) pairs.push([name, value!]);
  }
  return pairs;
}

/**
 * The counters a new callback takes, in the order a refusal is reported: duplicate lock, queue
 * limit, time bucket, service throttles, parameter throttle.
 */
export function callbackGuards(ctx: CallbackRuleContext): Guard[] {
  const rules = rulesOf(ctx);
  const svc = ctx.serviceName;
  const guards: Guard[] = [];
  if (rules.inQueueLimit !== undefined && !blank(ctx.customerNumber)) {
    guards.push({
      key: `dedup#${svc}#${normalizeCustomerNumber(ctx.customerNumber!)}`,
      kind: 'dedup',
      limit: rules.inQueueLimit,
      releasable: true,
    });
  }
  if (!ctx.scheduled) {
    guards.push({ key: `queued#${svc}`, kind: 'queued', limit: rules.maxQueued, releasable: true });
  } else {
    guards.push(bucketGuard(ctx, rules, ctx.desiredTime));
  }
  for (const t of rules.throttles) {
    const ttlMs = t.ttlSeconds * 1000;
    const windowStart = Math.floor(ctx.now / ttlMs) * ttlMs;
    guards.push({
      key: `${throttlePrefix(svc)}${t.index}#${iso(windowStart)}`,
      kind: 'throttle',
      limit: t.limit,
      expiresAt: windowStart + ttlMs,
      releasable: false,
    });
  }
  const pairs = ctx.scheduled ? [] : throttledValues(ctx, rules);
  if (pairs.length > 0) {
    const values = pairs
      .map(([name, value]) =>
        encodeURIComponent(name === '_customer_number' ? normalizeCustomerNumber(value) : value),
      )
      .join('&');
    guards.push({
      key: `${throttlePrefix(svc)}${PARAMS}${values}#${localDay(rules.zone, ctx.now)}`,
      kind: 'throttle',
      limit: rules.parameterThrottle.limit,
      expiresAt: nextLocalMidnight(rules.zone, ctx.now),
      releasable: false,
    });
  }
  return guards;
}

function bucketGuard(ctx: CallbackRuleContext, rules: CallbackRules, at: number): Guard {
  const start = bucketStart(rules.zone, at, rules.bucketMinutes);
  return {
    key: bucketKey(ctx.serviceName, start),
    kind: 'bucket',
    limit: rules.maxPerBucket,
    expiresAt: nextBucketStart(rules.zone, start, rules.bucketMinutes),
    releasable: true,
  };
}

/** The time-bucket guard of a scheduled desired time (used when rescheduling). */
export const timeBucketGuard = (ctx: CallbackRuleContext) => bucketGuard(ctx, rulesOf(ctx), ctx.desiredTime);

/** The GMS error for a guard the store refused (or whose limit is 0). */
export function refusalError(guard: Guard, ctx: CallbackRuleContext, freeSlots: Availability = {}): Error {
  const svc = ctx.serviceName;
  switch (guard.kind) {
    case 'queued':
      return new CallbackServiceUnavailableError(`Limit of queued callbacks for ${svc} is reached.`);
    case 'dedup':
      return new CallbackDuplicateError(
        `Customer number '${ctx.customerNumber ?? ''}' already has ${guard.limit} active callback${guard.limit === 1 ? '' : 's'} for service '${svc}' (_enable_in_queue_checking).`,
      );
    case 'bucket':
      return new CallbackAvailabilityError(
        timeParameterOf(ctx),
        `The time slot of '${timeParameterOf(ctx)}' (${iso(ctx.desiredTime)}) is full for service '${svc}' (at most ${guard.limit} callbacks per ${rulesOf(ctx).bucketMinutes} minutes).`,
        freeSlots,
      );
    case 'throttle': {
      const rest = guard.key.slice(throttlePrefix(svc).length);
      if (rest.startsWith(PARAMS)) {
        const pairs = throttledValues(ctx, rulesOf(ctx))
          .map(([name, value]) => `${name}=${value}`)
          .join(', ');
        return new CallbackServiceUnavailableError(
          `Callback for ${pairs} rejected because previous callbacks for this parameter were requested for more than ${guard.limit} times today.`,
        );
      }
      const index = Number(rest.split('#')[0]);
      const throttle = rulesOf(ctx).throttles.find((t) => t.index === index);
      return new CallbackServiceUnavailableError(
        `Limit of queued callbacks for ${svc} is reached for interval ${throttle?.ttlSeconds ?? '?'}s.`,
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Slots

/** The first bucket boundary at or after `t`. */
export function boundaryAtOrAfter(ctx: CallbackRuleContext, t: number): number {
  const { zone, bucketMinutes } = rulesOf(ctx);
  return bucketStart(zone, t, bucketMinutes) === t ? t : nextBucketStart(zone, t, bucketMinutes);
}

/** The instant `days` local dates after the date of `t` begins, in the service's zone. */
export const localMidnightAfter = (ctx: CallbackRuleContext, t: number, days: number) =>
  nextLocalMidnight(rulesOf(ctx).zone, t, days);

export interface SlotCandidate {
  /** The earliest schedulable instant of the slot (bucket start, or opening time within it). */
  start: number;
  /** Its bucket counter. */
  key: string;
}

/**
 * Open bucket slots with a start in [from, to), in time order, at most `limit`: buckets clipped to
 * the office hours (a bucket the office opens in the middle of starts at the opening time).
 */
export function slotCandidates(
  ctx: CallbackRuleContext,
  from: number,
  to: number,
  limit: number,
): SlotCandidate[] {
  const rules = rulesOf(ctx);
  const periods = ctx.officeHours
    ? openPeriods(ctx.officeHours, from, to)
    : from < to
      ? [{ start: from, end: to }]
      : [];
  const out: SlotCandidate[] = [];
  for (const p of periods) {
    // Only the first slot of a period may start inside its bucket; the others start on boundaries.
    for (let start = p.start; start < p.end && out.length < limit;) {
      out.push({
        start,
        key: bucketKey(ctx.serviceName, bucketStart(rules.zone, start, rules.bucketMinutes)),
      });
      start = nextBucketStart(rules.zone, start, rules.bucketMinutes);
    }
    if (out.length >= limit) break;
  }
  return out;
}
