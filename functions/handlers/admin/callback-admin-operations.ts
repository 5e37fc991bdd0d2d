import { CALLBACK_STATES, type CallbackState } from '../../domain/callback/callback-record.js';
import { parseInstant } from '../../domain/callback/callback-request.js';
import { toCallbackView } from '../../domain/callback/callback-view.js';
import { GmsError, InvalidParameterError, NotFoundError } from '../../domain/errors.js';
import { readInteger } from '../../domain/option-values.js';
import type { Operation } from '../../http/handler-factory.js';
import type { Deps } from '../../composition/full.js';
import { cancelCallback } from '../../use-cases/callback/cancel-callback.js';
import { countActive, listServiceCallbacks, MAX_LISTED } from '../../use-cases/callback/find-callbacks.js';

const MINUTE_MS = 60_000;
/** The Callback tab's default window: the last quarter hour and the next day. */
export const DEFAULT_WINDOW = { before: 15 * MINUTE_MS, after: 24 * 60 * MINUTE_MS };
/** A custom range may span at most a month (the UI's longest preset). */
export const MAX_RANGE_MS = 31 * 24 * 60 * MINUTE_MS;
export const DEFAULT_MAX_PER_SERVICE = 500;
const MAX_PER_SERVICE = 5000;

async function callbackServiceNames(deps: Deps): Promise<string[]> {
  const entries = await deps.config.list('service');
  return entries
    .filter((e) => e.options._service === 'callback')
    .map((e) => e.name)
    .sort();
}

async function requireCallbackService(deps: Deps, name: string): Promise<void> {
  const entry = await deps.config.get('service', name);
  if (!entry || entry.options._service !== 'callback') {
    throw new NotFoundError(`Callback service '${name}' is not configured.`);
  }
}

function readStates(value: string | undefined): Set<CallbackState> | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const states = new Set<CallbackState>();
  for (const raw of value.split(',')) {
    const s = raw.trim().toUpperCase();
    if (s === '') continue;
    if (!(CALLBACK_STATES as readonly string[]).includes(s)) {
      throw new InvalidParameterError(
        'states',
        `Parameter 'states' lists '${raw.trim()}'; states are ${CALLBACK_STATES.join(', ')}.`,
      );
    }
    states.add(s as CallbackState);
  }
  return states.size > 0 ? states : undefined;
}

function readRange(q: Record<string, string>, now: number): { from: number; to: number } {
  const given = (v: string | undefined) => v !== undefined && v.trim() !== '';
  const from = given(q.start_time) ? parseInstant('start_time', q.start_time!) : now - DEFAULT_WINDOW.before;
  const to = given(q.end_time) ? parseInstant('end_time', q.end_time!) : now + DEFAULT_WINDOW.after;
  if (to < from) {
    throw new InvalidParameterError('end_time', "Parameter 'end_time' must not be before 'start_time'.");
  }
  if (to - from > MAX_RANGE_MS) {
    throw new InvalidParameterError(
      given(q.end_time) ? 'end_time' : 'start_time',
      'The range from start_time to end_time may span at most 31 days.',
    );
  }
  return { from, to };
}

/**
 * `GET admin/callback/queues`: the Callback tab's table. Each service's callbacks in the range,
 * oldest desired time first, filtered by state, at most `max` per service.
 */
const adminCallbackQueues: Operation = async (req, deps) => {
  const q = req.query;
  const range = readRange(q, deps.clock.now());
  const max = readInteger('max', q.max, DEFAULT_MAX_PER_SERVICE, { min: 1, max: MAX_PER_SERVICE });
  const states = readStates(q.states);
  const target = q.target?.trim();
  if (target) await requireCallbackService(deps, target);
  const services = target ? [target] : await callbackServiceNames(deps);
  const out: Record<string, Record<string, string>[]> = {};
  for (const service of services) {
    // Without a state filter the store can stop at `max`; with one it must read further.
    const records = await listServiceCallbacks(deps, service, range, states ? MAX_LISTED : max);
    out[service] = records
      .filter((r) => !states || states.has(r.state))
      .slice(0, max)
      .map(toCallbackView);
  }
  return { json: out };
};

/** `GET admin/callback/watermarks`: active (not COMPLETED) callbacks per service and in total. */
const adminCallbackWatermarks: Operation = async (req, deps) => {
  const named = req.queryAll
    .getAll('service_name')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const name of named) await requireCallbackService(deps, name);
  const services = named.length > 0 ? [...new Set(named)] : await callbackServiceNames(deps);
  const counts: Record<string, number> = {};
  let total = 0;
  for (const service of services) {
    counts[service] = await countActive(deps, service);
    total += counts[service];
  }
  return { json: { services: counts, total } };
};

interface CancelBody {
  reason?: 'CANCELLED_BY_ADMIN' | 'CANCELLED';
  ids: string[];
}

/**
 * `POST admin/callback/cancel`: each id is cancelled on its own; one that cannot be (unknown,
 * PROCESSING, already COMPLETED) is reported and does not stop the others.
 */
const adminCallbackCancel: Operation = async (req, deps) => {
  const body = req.valid.body as CancelBody;
  const reason = body.reason ?? 'CANCELLED_BY_ADMIN';
  const results: { id: string; result: 'CANCELLED' | 'NOT_FOUND' | 'REFUSED'; message?: string }[] = [];
  for (const id of [...new Set(body.ids)]) {
    const record = await deps.callbacks.get(id);
    if (!record || record.expiresAt <= deps.clock.now()) {
      results.push({ id, result: 'NOT_FOUND', message: `No callback '${id}'.` });
      continue;
    }
    try {
      await cancelCallback(deps, record, reason);
      results.push({ id, result: 'CANCELLED' });
    } catch (e) {
      if (!(e instanceof GmsError)) throw e;
      results.push({ id, result: e instanceof NotFoundError ? 'NOT_FOUND' : 'REFUSED', message: e.message });
    }
  }
  return { json: { results } };
};

export const callbackAdminOperations: Record<string, Operation> = {
  adminCallbackQueues,
  adminCallbackWatermarks,
  adminCallbackCancel,
};
