import { InvalidParameterError } from '../errors.js';
import { readInteger } from '../option-values.js';
import type { MediaType } from './callback-record.js';
import { PAST_TOLERANCE_MS } from './callback-validation.js';
import { dataRecord, mergeData } from '../data-record.js';

/**
 * Reading a callback create request against its service's options: which value wins, the
 * customer number, the desired time, the record's lifetime and the properties kept with it.
 */

/** Request values that always come from the request: they describe this one callback. */
const REQUEST_OWNED = new Set(['_customer_number', '_desired_time']);
/** GMS lets a request override only these, and only when `_overwritable_options` lists them. */
const OVERWRITABLE = new Set(['_ors', '_target']);
/** Options that describe the service itself, never taken from or stored with a request. */
const SERVICE_ONLY = new Set(['_type', '_service']);

/**
 * The options a callback runs with. As for every customized GMS service, a configured option
 * supersedes the request's value, except the request-owned values, custom keys the service does
 * not configure, and options listed in `_overwritable_options`. `$token$` in an option value is
 * replaced by the request's `token` parameter (GMS's parameterized options).
 */
export function effectiveCallbackOptions(
  service: Record<string, string>,
  request: Record<string, string>,
): Record<string, string> {
  const overwritable = new Set(
    (service._overwritable_options ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => OVERWRITABLE.has(s)),
  );
  const out = dataRecord<string>();
  for (const [k, v] of Object.entries(request)) if (!SERVICE_ONLY.has(k)) out[k] = v;
  for (const [k, v] of Object.entries(service)) {
    if (REQUEST_OWNED.has(k) && request[k] !== undefined) continue;
    if (overwritable.has(k) && request[k] !== undefined && request[k] !== '') continue;
    out[k] = v.replace(/\$([A-Za-z0-9_.-]+)\$/g, (whole, token: string) => request[token] ?? whole);
  }
  return out;
}

/**
 * Voice callbacks need a number to call or to recognise: GMS completes them with
 * FAIL_NO_CUSTOMER_NUMBER; here the create is refused up front. (Other mandatory lookup keys are
 * the admission rules' business, `callback-validation.ts`.)
 */
export function readCustomerNumber(options: Record<string, string>, media: MediaType): string | undefined {
  const number = options._customer_number?.trim() || undefined;
  if (!number && media === 'voice') {
    throw new InvalidParameterError(
      '_customer_number',
      "Parameter '_customer_number' is mandatory for a voice callback (FAIL_NO_CUSTOMER_NUMBER).",
    );
  }
  return number;
}

const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * An ISO-8601 instant with its zone (`Z` or an offset): GMS sends `2013-05-28T15:30:00.000Z`.
 * Calendar fields are checked, so `02-30` is refused rather than rolled into March.
 */
export function parseInstant(parameter: string, value: string): number {
  const v = value.trim();
  const m = ISO_INSTANT.exec(v);
  const fail = () =>
    new InvalidParameterError(
      parameter,
      `Parameter '${parameter}' must be an ISO-8601 UTC time such as 2026-05-28T15:30:00.000Z, not '${value}'.`,
    );
  if (!m) throw fail();
  const [, y, mo, d, h, mi, s] = m;
  const day = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (
    day.getUTCFullYear() !== Number(y) ||
    day.getUTCMonth() !== Number(mo) - 1 ||
    day.getUTCDate() !== Number(d) ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(s ?? 0) > 59
  ) {
    throw fail();
  }
  const t = Date.parse(v);
  if (!Number.isFinite(t)) throw fail();
  return t;
}

/**
 * Desired times this close to now are served at once (QUEUED), not scheduled. Kept within the
 * issue's "QUEUED within about a second of `_desired_time`": a wider window would queue a
 * callback asked for a few seconds ahead that much too early.
 */
export const IMMEDIATE_WITHIN_MS = 1_000;

export interface DesiredTime {
  /** Epoch ms the callback is for (now when absent or within the immediate window). */
  at: number;
  /** True when it lies in the future: the callback starts SCHEDULED. */
  scheduled: boolean;
}

/**
 * A desired time in the past beyond the rules' tolerance is refused here too: otherwise it would
 * pass as an immediate callback, which the rules do not check against the past.
 */
export function readDesiredTime(value: string | undefined, now: number): DesiredTime {
  if (value === undefined || value.trim() === '') return { at: now, scheduled: false };
  const at = parseInstant('_desired_time', value);
  if (at < now - PAST_TOLERANCE_MS) {
    throw new InvalidParameterError(
      '_desired_time',
      `Parameter '_desired_time' (${value}) is in the past; leave it out for an immediate callback.`,
    );
  }
  if (at <= now + IMMEDIATE_WITHIN_MS) return { at: Math.max(at, now), scheduled: false };
  return { at, scheduled: true };
}

/** GMS's `_ttl` for callbacks: how long after its desired time a record stays queryable. */
export const DEFAULT_CALLBACK_TTL_SECONDS = 86_400;
const MAX_TTL_SECONDS = 30 * 86_400;

export function readTtlSeconds(options: Record<string, string>): number {
  return readInteger('_ttl', options._ttl, DEFAULT_CALLBACK_TTL_SECONDS, { min: 1, max: MAX_TTL_SECONDS });
}

/** A single request may carry at most this many properties (each kept in the record). */
export const MAX_PROPERTIES = 100;
const MAX_PROPERTY_KEY = 256;
const MAX_PROPERTY_VALUE = 4096;

/**
 * The request parameters kept with the callback and returned by queries: everything sent except
 * what the record holds in its own fields, capped so one request cannot bloat the item.
 */
export function requestProperties(request: Record<string, string>): Record<string, string> {
  const out = dataRecord<string>();
  for (const [k, v] of Object.entries(request)) {
    if (REQUEST_OWNED.has(k) || SERVICE_ONLY.has(k)) continue;
    checkProperty(k, v);
    out[k] = v;
  }
  if (Object.keys(out).length > MAX_PROPERTIES) {
    throw new InvalidParameterError(
      'body',
      `At most ${MAX_PROPERTIES} properties may be stored with a callback.`,
    );
  }
  return out;
}

export function checkProperty(key: string, value: string): void {
  checkPropertyName(key, value);
  if (key.length > MAX_PROPERTY_KEY) {
    throw new InvalidParameterError(
      key.slice(0, 64),
      `Property names are at most ${MAX_PROPERTY_KEY} characters.`,
    );
  }
  if (value.length > MAX_PROPERTY_VALUE) {
    throw new InvalidParameterError(
      key,
      `Property '${key}' is longer than ${MAX_PROPERTY_VALUE} characters.`,
    );
  }
}

/**
 * An empty name (`{"": "x"}`, a form's `=x`) cannot be kept: DynamoDB refuses empty attribute
 * names. The 400 names the parameter: its name is the empty string.
 */
export function checkPropertyName(key: string, value: string): void {
  if (key === '') {
    throw new InvalidParameterError(
      '',
      `Parameter names must not be empty (a value '${value.slice(0, 64)}' was sent without a name).`,
    );
  }
}

/** Keys the record owns: a property update may not set or remove them. */
export const RESERVED_KEYS = new Set([
  '_id',
  '_desired_time',
  '_service_name',
  '_callback_state',
  '_callback_reason',
  '_expiration_time',
  '_customer_number',
  '_url',
  ...SERVICE_ONLY,
]);

/**
 * A reschedule's property changes applied to the stored ones: `""` removes a property, anything
 * else sets it. `_new_desired_time` is the reschedule itself, not a property.
 */
export function updatedProperties(
  current: Record<string, string>,
  changes: Record<string, string>,
): Record<string, string> {
  const next = mergeData(current);
  for (const [k, v] of Object.entries(changes)) {
    if (k === '_new_desired_time') continue;
    checkPropertyName(k, v);
    if (RESERVED_KEYS.has(k)) {
      throw new InvalidParameterError(k, `'${k}' belongs to the callback record and cannot be updated.`);
    }
    if (v === '') delete next[k];
    else {
      checkProperty(k, v);
      next[k] = v;
    }
  }
  if (Object.keys(next).length > MAX_PROPERTIES) {
    throw new InvalidParameterError(
      'body',
      `At most ${MAX_PROPERTIES} properties may be stored with a callback.`,
    );
  }
  return next;
}
