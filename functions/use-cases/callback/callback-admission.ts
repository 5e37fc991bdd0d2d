import type { CallbackEvents } from '../../ports/callback-events.js';
import type { CallbackStore } from '../../ports/callbacks.js';
import type { ConfigStore } from '../../ports/config.js';
import { ConflictError, GmsError, InvalidParameterError } from '../../domain/errors.js';
import { parseOfficeHours, type OfficeHours } from '../../domain/office-hours.js';
import type { Patterns } from '../../domain/pattern-group.js';
import { loadPatternEngine } from '../../domain/pattern-matcher.js';
import { CallbackResourceError, type Availability } from '../../domain/callback/callback-errors.js';
import type { CallbackRecord, Guard, GuardRef } from '../../domain/callback/callback-record.js';
import { amend, created, transition } from '../../domain/callback/callback-transition.js';
import type { MetricEvent } from '../../domain/reports/metric-events.js';
import { readCallbackRules, type CallbackRuleContext } from '../../domain/callback/callback-options.js';
import { callbackGuards, refusalError, timeBucketGuard } from '../../domain/callback/callback-guards.js';
import {
  isOutsideOfficeHours,
  latestDesiredTime,
  officeHoursError,
  validateCallback,
  validateDesiredTime,
} from '../../domain/callback/callback-validation.js';
import { normalizeCustomerNumber } from '../../domain/callback/customer-number-rules.js';
import {
  boundaryAtOrAfter,
  localMidnightAfter,
  PROPOSAL_SLOTS,
  PROPOSAL_WINDOW_MS,
  slotCandidates,
} from '../../domain/callback/slot-candidates.js';
import { dataFromEntries } from '../../domain/data-record.js';

/**
 * Admission, rescheduling and availability of callbacks: the service's rules (`callback-options.ts`
 * and the rule modules beside it) applied through the `CallbackStore`, whose transactions take the
 * guards with the write, so that two concurrent requests can never both pass a limit.
 */

type Ports = { callbacks: CallbackStore };
/** Writers publish what they wrote (status notifications, report metrics, counts). */
type WritePorts = Ports & { callbackEvents: CallbackEvents };

const HOUR_MS = 3_600_000;
/** Bound on the bucket counters read for one availability answer (a week of 5-minute buckets). */
export const MAX_EXAMINED_SLOTS = 2016;
export const DEFAULT_TIME_SLOTS = 100;
export const MAX_TIME_SLOTS = 1000;
export const MAX_AVAILABILITY_DAYS = 31;
const COUNTS_BATCH = 100;

const iso = (t: number) => new Date(t).toISOString();
const refs = (guards: readonly Guard[]): GuardRef[] =>
  guards.filter((g) => g.releasable).map((g) => ({ key: g.key, kind: g.kind }));

/**
 * The office hours and exception patterns a service's rules need, read from the configuration:
 * `_business_hours_service` names an office-hours service, `_exceptions` a pattern group. A name
 * that resolves to nothing usable is a configuration fault of the service (CallbackResourceError).
 */
export async function loadRuleResources(
  ports: { config: ConfigStore },
  options: Record<string, string>,
): Promise<{ officeHours?: OfficeHours; exceptionPatterns?: Patterns }> {
  const out: { officeHours?: OfficeHours; exceptionPatterns?: Patterns } = {};
  const hoursName = options._business_hours_service?.trim();
  if (hoursName) {
    const entry = await ports.config.get('service', hoursName);
    if (!entry || entry.options._service !== 'office-hours') {
      throw new CallbackResourceError(
        `The office-hours service '${hoursName}' named by _business_hours_service does not exist.`,
      );
    }
    try {
      out.officeHours = parseOfficeHours(entry.options);
    } catch (e) {
      const why = e instanceof GmsError ? e.message : 'unreadable options';
      throw new CallbackResourceError(`The office-hours service '${hoursName}' is misconfigured: ${why}`);
    }
  }
  const groupName = options._exceptions?.trim();
  if (groupName) {
    const group = await ports.config.get('pattern-group', groupName);
    if (!group) {
      throw new CallbackResourceError(
        `The pattern group '${groupName}' named by _exceptions does not exist.`,
      );
    }
    out.exceptionPatterns = group.options;
    // The rules match the customer's number against these patterns (synchronously): load RE2 now.
    await loadPatternEngine();
  }
  return out;
}

/** Free slots near the desired time (or now), for the `availability` member of an error. */
async function proposals(ports: Ports, ctx: CallbackRuleContext): Promise<Availability> {
  const from = Math.max(ctx.now, ctx.scheduled ? ctx.desiredTime - HOUR_MS : ctx.now);
  return availabilitySlots(ports, ctx, {
    start: from,
    end: from + PROPOSAL_WINDOW_MS,
    maxTimeSlots: PROPOSAL_SLOTS,
  });
}

async function refusal(ports: Ports, guard: Guard, ctx: CallbackRuleContext): Promise<Error> {
  return refusalError(guard, ctx, guard.kind === 'bucket' ? await proposals(ports, ctx) : undefined);
}

/**
 * Validates a new callback and stores it with its guards in one transaction. `record.guards` is
 * replaced by the releasable guards taken. Throws the GMS error of the first rule refused.
 * `afterCommit` (the caller's next write, e.g. the session) runs once the transaction committed,
 * alongside the events it publishes (report counts, status notifications), not after them.
 * `createdMetrics`: report metrics published with the callback's creation (see `created`).
 */
export async function admitCallback(
  ports: WritePorts,
  record: CallbackRecord,
  ctx: CallbackRuleContext,
  afterCommit?: (admitted: CallbackRecord) => Promise<void>,
  createdMetrics: readonly MetricEvent[] = [],
): Promise<CallbackRecord> {
  validateCallback(ctx);
  if (isOutsideOfficeHours(ctx)) throw officeHoursError(ctx, await proposals(ports, ctx));
  const guards = callbackGuards(ctx);
  // A limit of 0 refuses outright; the store's conditional increment would let the first one in.
  const closed = guards.find((g) => g.limit <= 0);
  if (closed) throw await refusal(ports, closed, ctx);
  const result = await ports.callbacks.create({ ...record, guards: refs(guards) }, guards);
  if (result.ok) {
    // Both settle before either's failure is thrown, publishing's first.
    const settled = await Promise.allSettled([
      ports.callbackEvents.publish(created(result.record, createdMetrics)),
      afterCommit?.(result.record),
    ]);
    for (const s of settled) if (s.status === 'rejected') throw s.reason;
    return result.record;
  }
  if (result.reason === 'guard') throw await refusal(ports, result.refused, ctx);
  throw new ConflictError(`Callback ${record.id} already exists.`);
}

/** Properties after an update: a value `""` removes the property. */
export function applyPropertyUpdates(
  properties: Record<string, string>,
  updates: Record<string, string>,
): Record<string, string> {
  const out = new Map(Object.entries(properties));
  for (const [key, value] of Object.entries(updates)) {
    if (value === '') out.delete(key);
    else out.set(key, value);
  }
  return dataFromEntries(out);
}

/** Request keys that drive the reschedule itself and are not stored as properties. */
const COMMAND_KEYS = new Set(['_new_desired_time', '_desired_time']);

/**
 * `PUT service/callback/{name}/{id}`: moves a SCHEDULED or QUEUED callback to `newDesiredTime`
 * (it becomes SCHEDULED) and/or updates its properties, in one write conditional on the version
 * read. The time-bucket guard moves with it (old one released, new one taken in the same
 * transaction); a QUEUED callback gives back its queue-limit guard, since scheduled callbacks do
 * not count against `_max_queued_callbacks_per_service`.
 *
 * `ctx` describes the service and the request; its desired time and schedule flag are taken from
 * `newDesiredTime`. The customer number cannot be changed here (cancel and create instead): its
 * duplicate lock and throttles were taken for the old one.
 */
export async function rescheduleCallback(
  ports: WritePorts,
  record: CallbackRecord,
  newDesiredTime: number | undefined,
  propertyUpdates: Record<string, string>,
  ctx: CallbackRuleContext,
): Promise<CallbackRecord> {
  if (record.state === 'COMPLETED') {
    throw new ConflictError(
      `Callback ${record.id} is COMPLETED (${record.reason ?? 'no reason'}) and cannot be changed.`,
    );
  }
  const updates = dataFromEntries(Object.entries(propertyUpdates).filter(([k]) => !COMMAND_KEYS.has(k)));
  const newNumber = updates._customer_number;
  if (
    newNumber !== undefined &&
    (newNumber === '' ||
      !record.customerNumber ||
      normalizeCustomerNumber(newNumber) !== normalizeCustomerNumber(record.customerNumber))
  ) {
    throw new InvalidParameterError(
      '_customer_number',
      `The customer number of callback ${record.id} cannot be changed; cancel it and create a new one.`,
    );
  }
  const properties = applyPropertyUpdates(record.properties, updates);

  if (newDesiredTime !== undefined) {
    if (record.state !== 'SCHEDULED' && record.state !== 'QUEUED') {
      throw new ConflictError(`Callback ${record.id} is ${record.state} and can no longer be rescheduled.`);
    }
    const rctx: CallbackRuleContext = {
      ...ctx,
      customerNumber: record.customerNumber,
      desiredTime: newDesiredTime,
      scheduled: true,
    };
    validateDesiredTime(rctx);
    if (isOutsideOfficeHours(rctx)) throw officeHoursError(rctx, await proposals(ports, rctx));
    const release: GuardRef[] = [];
    const take: Guard[] = [];
    const target = timeBucketGuard(rctx);
    const held = record.guards.find((g) => g.kind === 'bucket');
    if (held?.key !== target.key) {
      if (target.limit <= 0) throw await refusal(ports, target, rctx);
      if (held) release.push(held);
      take.push(target);
    }
    release.push(...record.guards.filter((g) => g.kind === 'queued'));
    if ('_desired_time' in properties) properties._desired_time = iso(newDesiredTime);
    const moved = transition(record, 'SCHEDULED', {
      now: ctx.now,
      set: {
        properties,
        desiredTime: newDesiredTime,
        scheduled: true,
        // The record stays queryable for the same `_ttl` after its new desired time.
        expiresAt: record.expiresAt + (newDesiredTime - record.desiredTime),
      },
      release,
      take,
    });
    const result = await ports.callbacks.update(record.id, record.version, moved.change, ctx.now, record);
    if (result.ok) {
      await ports.callbackEvents.publish(moved.events);
      return result.record;
    }
    if (result.reason === 'guard') throw await refusal(ports, result.refused, rctx);
    throw concurrentChange(record);
  }

  const amended = amend(record, { now: ctx.now, set: { properties } });
  const result = await ports.callbacks.update(record.id, record.version, amended.change, ctx.now);
  if (result.ok) {
    await ports.callbackEvents.publish(amended.events);
    return result.record;
  }
  throw concurrentChange(record);
}

const concurrentChange = (record: CallbackRecord) =>
  new ConflictError(`Callback ${record.id} was changed by another request; read it again and retry.`);

export interface AvailabilityQuery {
  /** Epoch ms; default now. Earlier than now is read as now. */
  start?: number;
  /** Epoch ms, exclusive. */
  end?: number;
  /** Local dates from the date of `start`; with `end` too, the earlier end wins. Default 1. */
  numberOfDays?: number;
  /** Default 100. */
  maxTimeSlots?: number;
}

/**
 * `GET service/callback/{name}/availability`: `{ "<ISO UTC slot start>": free }` for the bucket
 * slots within office hours between `start` and `end`, in time order, leaving out full buckets,
 * at most `maxTimeSlots`, and never beyond `_reject_future_desired_time`. Free is
 * `_max_request_by_time_bucket` minus the callbacks holding the bucket. At most
 * `MAX_EXAMINED_SLOTS` buckets are read per answer, which bounds the cost of a wide range.
 */
export async function availabilitySlots(
  ports: Ports,
  ctx: CallbackRuleContext,
  query: AvailabilityQuery,
): Promise<Availability> {
  const rules = readCallbackRules(ctx.options, ctx.officeHours);
  const maxSlots = query.maxTimeSlots ?? DEFAULT_TIME_SLOTS;
  if (!Number.isInteger(maxSlots) || maxSlots < 1 || maxSlots > MAX_TIME_SLOTS) {
    throw new InvalidParameterError(
      'max-time-slots',
      `Parameter 'max-time-slots' must be an integer between 1 and ${MAX_TIME_SLOTS}, not ${maxSlots}.`,
    );
  }
  const days = query.numberOfDays;
  if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > MAX_AVAILABILITY_DAYS)) {
    throw new InvalidParameterError(
      'number-of-days',
      `Parameter 'number-of-days' must be an integer between 1 and ${MAX_AVAILABILITY_DAYS}, not ${days}.`,
    );
  }
  const requestedStart = query.start ?? ctx.now;
  if (query.end !== undefined && query.end <= requestedStart) {
    throw new InvalidParameterError('end', `Parameter 'end' (${iso(query.end)}) must be after 'start'.`);
  }
  const start = Math.max(requestedStart, ctx.now);
  const ends = [latestDesiredTime(rules, ctx.now) + 1];
  if (query.end !== undefined) ends.push(query.end);
  if (days !== undefined || query.end === undefined)
    ends.push(localMidnightAfter(ctx, requestedStart, days ?? 1));
  const end = Math.min(...ends);

  const slots: Availability = {};
  let found = 0;
  let examined = 0;
  let cursor = boundaryAtOrAfter(ctx, start);
  while (found < maxSlots && cursor < end && examined < MAX_EXAMINED_SLOTS) {
    const batch = slotCandidates(ctx, cursor, end, Math.min(COUNTS_BATCH, MAX_EXAMINED_SLOTS - examined));
    if (batch.length === 0) break;
    examined += batch.length;
    const counts = await ports.callbacks.guardCounts(batch.map((s) => s.key));
    for (const slot of batch) {
      const free = rules.maxPerBucket - (counts[slot.key] ?? 0);
      if (free <= 0) continue;
      slots[iso(slot.start)] = free;
      if (++found >= maxSlots) break;
    }
    cursor = boundaryAtOrAfter(ctx, batch[batch.length - 1]!.start + 1);
  }
  return slots;
}
