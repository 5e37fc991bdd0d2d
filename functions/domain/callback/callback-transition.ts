import type { MetricEvent } from '../reports/metric-events.js';
import type { CallbackChange } from '../../ports/callbacks.js';
import { IllegalTransitionError } from './callback-errors.js';
import type { CallbackEvent } from './callback-event.js';
import type { CallbackReason, CallbackRecord, CallbackState, Guard, GuardRef } from './callback-record.js';
import { canTransition } from './callback-state.js';

/**
 * The only place a callback change is built. Every write of a callback goes through `transition`
 * (the state moves) or `amend` (it stays), which check the lifecycle of `callback-state.ts` and
 * say what the write leaves (`next`) and what happened (`events`). The flow publishes the events
 * itself, through the `CallbackEvents` port, once its write has succeeded.
 */

/** What a change writes besides the state. */
export interface ChangeOptions {
  /** The time of the write: the store is given the same `now` (it becomes `updatedAt`). */
  now: number;
  /** Required when completing. */
  reason?: CallbackReason;
  set?: CallbackChange['set'];
  /** The callback leaves its agent (back to the queue). */
  clearAgent?: boolean;
  /** Guards given back with this change. */
  release?: GuardRef[];
  /** Guards taken with this change. */
  take?: Guard[];
  /** See `CallbackEvent.statusOnly`: only for the router's reserve and requeue transactions. */
  statusOnly?: true;
}

export interface CallbackTransition {
  /** What to hand to the store, conditional on `record.version`. */
  change: CallbackChange;
  /** The record as the write leaves it (what the store returns). */
  next: CallbackRecord;
  /** What to publish once the write succeeded. */
  events: CallbackEvent[];
}

/** Moves `record` to `to` (SCHEDULED may move to SCHEDULED: a reschedule). Throws when not allowed. */
export function transition(
  record: CallbackRecord,
  to: CallbackState,
  options: ChangeOptions,
): CallbackTransition {
  if (!canTransition(record.state, to)) throw new IllegalTransitionError(record, to);
  if (to === 'COMPLETED' && !options.reason) {
    throw new Error(`Completing callback ${record.id} needs a reason.`);
  }
  if (to !== 'COMPLETED' && options.reason) {
    throw new Error(`Only a completion has a reason (callback ${record.id} becomes ${to}).`);
  }
  return build(record, { state: to, ...changeOf(options) }, options);
}

/**
 * SCHEDULED -> QUEUED at `now`, for a write made without reading the record first: `change` goes
 * to the store (conditional on the callback being SCHEDULED and due), and `of(before)`, with the
 * record the write found, is the transition it made (what it left, and its events).
 */
export function activation(now: number): {
  change: CallbackChange;
  of(before: CallbackRecord): CallbackTransition;
} {
  const options: ChangeOptions = { now, set: { queuedAt: now } };
  return {
    change: { state: 'QUEUED', ...changeOf(options) },
    of: (before) => transition(before, 'QUEUED', options),
  };
}

/**
 * QUEUED -> ROUTING with `agentId` at `now` (the router's reservation), for a write made from a
 * copy of the callback without reading it first: `change` goes to the store (conditional on the
 * version copied), and `of(after)`, with the record read after the write, is the transition it
 * made. A reservation writes only the state, the agent, the version and the time, so the record it
 * found is the one read without them. `of` is undefined when the record moved on since.
 */
export function reservation(
  agentId: string,
  version: number,
  now: number,
): { change: CallbackChange; of(after: CallbackRecord): CallbackTransition | undefined } {
  const options: ChangeOptions = { now, set: { agentId }, statusOnly: true };
  return {
    change: { state: 'ROUTING', ...changeOf(options) },
    of: (after) => {
      if (after.version !== version + 1 || after.state !== 'ROUTING' || after.agentId !== agentId) {
        return undefined;
      }
      const { agentId: _agent, ...found } = after;
      return transition({ ...found, state: 'QUEUED', version }, 'ROUTING', {
        ...options,
        now: after.updatedAt,
      });
    },
  };
}

/** A change that keeps the state (properties of an active callback). Throws for a COMPLETED one. */
export function amend(record: CallbackRecord, options: Omit<ChangeOptions, 'reason'>): CallbackTransition {
  if (record.state === 'COMPLETED') throw new IllegalTransitionError(record, record.state);
  return build(record, changeOf(options), options);
}

/**
 * The events of a callback written by a create (it starts SCHEDULED or QUEUED). `metrics`: report
 * metrics of the request that go with it (the service access that created it).
 */
export function created(record: CallbackRecord, metrics: readonly MetricEvent[] = []): CallbackEvent[] {
  if (record.state !== 'SCHEDULED' && record.state !== 'QUEUED') {
    throw new Error(`A callback is created SCHEDULED or QUEUED, not ${record.state} (${record.id}).`);
  }
  return [metrics.length > 0 ? { after: record, metrics } : { after: record }];
}

function changeOf(options: ChangeOptions): CallbackChange {
  return {
    ...(options.reason ? { reason: options.reason } : {}),
    ...(options.set ? { set: options.set } : {}),
    ...(options.clearAgent ? { clearAgent: true } : {}),
    ...(options.release?.length ? { release: options.release } : {}),
    ...(options.take?.length ? { take: options.take } : {}),
  };
}

function build(record: CallbackRecord, change: CallbackChange, options: ChangeOptions): CallbackTransition {
  const next = applyChange(record, change, options.now);
  const event: CallbackEvent = {
    before: record,
    after: next,
    ...(options.statusOnly ? { statusOnly: true } : {}),
  };
  return { change, next, events: [event] };
}

/**
 * The record `change` makes of `before`, as the stores write it: version + 1, `updatedAt`, a field
 * set to undefined (or an empty customer number) removed, the guard list following what moved.
 */
export function applyChange(before: CallbackRecord, change: CallbackChange, now: number): CallbackRecord {
  const next: Record<string, unknown> = {
    ...before,
    state: change.state ?? before.state,
    version: before.version + 1,
    updatedAt: now,
  };
  if (change.reason) next.reason = change.reason;
  for (const [field, value] of Object.entries(change.set ?? {})) {
    if (value === undefined || (field === 'customerNumber' && !value)) delete next[field];
    else next[field] = value;
  }
  if (change.clearAgent) delete next.agentId;
  if (change.release?.length || change.take?.length) {
    const released = new Set((change.release ?? []).map((g) => g.key));
    next.guards = before.guards
      .filter((g) => !released.has(g.key))
      .concat((change.take ?? []).filter((g) => g.releasable).map((g) => ({ key: g.key, kind: g.kind })));
  }
  return next as unknown as CallbackRecord;
}
