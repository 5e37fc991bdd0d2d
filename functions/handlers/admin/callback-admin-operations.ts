import { CALLBACK_STATES, type CallbackState } from '../../domain/callback/callback-record.js';
import { parseInstant } from '../../domain/callback/callback-request.js';
import { InvalidParameterError } from '../../domain/errors.js';
import { readInteger } from '../../domain/option-values.js';
import { operation } from '../../http/define-route.js';
import { json } from '../../http/http-result.js';
import {
  adminCallbackCancel,
  adminCallbackQueues,
  adminCallbackWatermarks,
} from '../../routes/callback-admin-routes.js';
import { cancelCallbacks, type CancelCallbacksPorts } from '../../use-cases/admin/cancel-callbacks.js';
import {
  countActiveCallbacks,
  type CountActiveCallbacksPorts,
} from '../../use-cases/admin/count-active-callbacks.js';
import {
  listCallbackQueues,
  type ListCallbackQueuesPorts,
} from '../../use-cases/admin/list-callback-queues.js';

const MINUTE_MS = 60_000;
/** The Callback tab's default window: the last quarter hour and the next day. */
export const DEFAULT_WINDOW = { before: 15 * MINUTE_MS, after: 24 * 60 * MINUTE_MS };
/** A custom range may span at most a month (the UI's longest preset). */
export const MAX_RANGE_MS = 31 * 24 * 60 * MINUTE_MS;
export const DEFAULT_MAX_PER_SERVICE = 500;
const MAX_PER_SERVICE = 5000;

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

function readRange(q: { start_time?: string; end_time?: string }, now: number): { from: number; to: number } {
  const given = (v: string | undefined): v is string => v !== undefined && v.trim() !== '';
  const from = given(q.start_time) ? parseInstant('start_time', q.start_time) : now - DEFAULT_WINDOW.before;
  const to = given(q.end_time) ? parseInstant('end_time', q.end_time) : now + DEFAULT_WINDOW.after;
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

export const callbackAdminOperations = [
  /** `GET admin/callback/queues`: the Callback tab's table. */
  operation(adminCallbackQueues, async ({ query }, ports: ListCallbackQueuesPorts) => {
    const range = readRange(query, ports.clock.now());
    const max = readInteger('max', query.max, DEFAULT_MAX_PER_SERVICE, { min: 1, max: MAX_PER_SERVICE });
    const states = readStates(query.states);
    const target = query.target?.trim();
    return json(await listCallbackQueues(ports, { range, max, states, ...(target ? { target } : {}) }));
  }),
  /** `GET admin/callback/watermarks`: active (not COMPLETED) callbacks per service and in total. */
  operation(adminCallbackWatermarks, async (_input, ports: CountActiveCallbacksPorts, req) => {
    const named = req.queryAll
      .getAll('service_name')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    return json(await countActiveCallbacks(ports, named));
  }),
  /** `POST admin/callback/cancel`: one result per id. */
  operation(adminCallbackCancel, async ({ body }, ports: CancelCallbacksPorts) =>
    json({ results: await cancelCallbacks(ports, body.ids, body.reason ?? 'CANCELLED_BY_ADMIN') }),
  ),
];
