import type { TimeZone } from '../time/zoned-time.js';
import { InvalidParameterError } from '../errors.js';
import { parseTimezone, type OfficeHours } from '../office-hours.js';
import { readBoolean, readInteger } from '../option-values.js';
import type { Patterns } from '../pattern-group.js';
import { BUCKET_MINUTES } from './time-bucket-rule.js';

/**
 * The admission rules of a callback service (GMS "Queue Management" and "Scheduled Call" options),
 * pure: what to refuse at once, and which counters (guards) the store must take atomically with
 * the new callback. Nothing here reads a counter: a limit is only ever enforced by the store's
 * conditional increment, never by read-then-write.
 *
 * This module reads the options and holds the context every rule reads. The rules themselves are
 * split by job: `customer-number-rules.ts` (phone rules), `callback-validation.ts` (refusals that
 * need no counter: mandatory keys, desired time, office hours), `callback-guards.ts` (the counters
 * and the error for a refused one) and `slot-candidates.ts` (bucket slots for proposals).
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

/** The request parameter errors about the desired time name. */
export const timeParameterOf = (ctx: CallbackRuleContext) => ctx.timeParameter ?? '_desired_time';

export type FutureUnit = 'y' | 'M' | 'w' | 'd' | 'h' | 'm';

export interface ServiceThrottle {
  index: number;
  limit: number;
  ttlSeconds: number;
}

export interface CallbackRules {
  zone: TimeZone;
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

const UTC = parseTimezone('UTC').zone;
const LIMIT_RANGE = { min: 0, max: 1_000_000_000 };
const DEFAULT_THROTTLES: Record<number, { limit: number; ttl: number }> = {
  1: { limit: 500, ttl: 300 },
  2: { limit: 1000, ttl: 3600 },
};

/** GMS reads an empty option or parameter as absent. */
export const blank = (v: string | undefined) => v === undefined || v.trim() === '';
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

/** The rules of the context's service, read again on each call: options are small and reads are cheap. */
export const rulesOf = (ctx: CallbackRuleContext) => readCallbackRules(ctx.options, ctx.officeHours);
