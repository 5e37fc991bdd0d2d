import {
  CallbackAvailabilityError,
  CallbackDuplicateError,
  CallbackServiceUnavailableError,
  type Availability,
} from './callback-errors.js';
import {
  blank,
  rulesOf,
  timeParameterOf,
  type CallbackRuleContext,
  type CallbackRules,
} from './callback-options.js';
import type { Guard } from './callback-record.js';
import { normalizeCustomerNumber } from './customer-number-rules.js';
import { bucketStart, localDay, nextBucketStart, nextLocalMidnight } from './time-bucket-rule.js';

/**
 * The counters (guards) a callback takes atomically with its write, their keys, and the GMS error
 * for a guard the store refused. The key layout is stored data: a changed key would stop counting
 * the callbacks already admitted under the old one.
 */

const iso = (t: number) => new Date(t).toISOString();

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
      slot: { item: `throttles#${svc}`, field: String(t.index), window: windowStart },
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
