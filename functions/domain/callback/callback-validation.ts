import { InvalidParameterError } from '../errors.js';
import { isOpen } from '../office-hours.js';
import { CallbackAvailabilityError, type Availability } from './callback-errors.js';
import {
  blank,
  rulesOf,
  timeParameterOf,
  type CallbackRuleContext,
  type CallbackRules,
  type FutureUnit,
} from './callback-options.js';
import { checkCustomerNumber } from './customer-number-rules.js';
import { plus, type DurationLike } from '../time/zoned-time.js';

/**
 * The refusals of a new or rescheduled callback that need no counter: mandatory keys, the customer
 * number, the desired time (past, beyond `_reject_future_desired_time`) and office hours.
 */

/** A desired time this much in the past is still taken as "now" (clock skew, request latency). */
export const PAST_TOLERANCE_MS = 60_000;

const FUTURE_UNITS: Record<FutureUnit, keyof DurationLike> = {
  y: 'years',
  M: 'months',
  w: 'weeks',
  d: 'days',
  h: 'hours',
  m: 'minutes',
};

const iso = (t: number) => new Date(t).toISOString();

/** The latest desired time the service accepts now. */
export function latestDesiredTime(rules: CallbackRules, now: number): number {
  const { amount, unit } = rules.futureLimit;
  return plus(rules.zone, now, { [FUTURE_UNITS[unit]]: amount });
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
