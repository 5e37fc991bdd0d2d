import { CALLBACK_STATES, type CallbackRecord } from '../../domain/callback/callback-record.js';
import {
  isVisible,
  matchesProperties,
  stateFilter,
  toCallbackView,
  type CallbackView,
} from '../../domain/callback/callback-view.js';
import { InvalidParameterError } from '../../domain/errors.js';
import { checkQueryFilter } from '../../domain/public-access.js';
import { callbackService, type CallbackServicePorts } from './callback-service.js';
import { listServiceCallbacks, type FindCallbacksPorts } from './find-callbacks.js';

export type QueryCallbacksPorts = FindCallbacksPorts;
export type QueryServiceCallbacksPorts = FindCallbacksPorts & CallbackServicePorts;

/** `_callback_state` of a query: a state name, optionally negated with `!` (400 otherwise). */
function checkStateFilter(state: string | undefined): void {
  if (state === undefined || state.trim() === '') return;
  const name = state.trim().replace(/^!/, '').toUpperCase();
  if (!(CALLBACK_STATES as readonly string[]).includes(name)) {
    throw new InvalidParameterError(
      '_callback_state',
      `Parameter '_callback_state' must be one of ${CALLBACK_STATES.join(', ')}, optionally prefixed with '!', not '${state}'.`,
    );
  }
}

export interface QueryCallbacksInput {
  _id?: string;
  _customer_number?: string;
  _callback_state?: string;
  /**
   * Whether the request may see records of `service`: a service with credentials of its own is
   * left out unless the request carries them.
   */
  mayShow: (service: string) => Promise<boolean>;
}

/** `GET service/callback`: one callback by `_id`, or a customer's callbacks (optionally of one state). */
export async function queryCallbacks(
  ports: QueryCallbacksPorts,
  input: QueryCallbacksInput,
): Promise<CallbackView[]> {
  const now = ports.clock.now();
  const id = input._id?.trim();
  const mayShow = (r: CallbackRecord) => input.mayShow(r.service);
  if (id) {
    const record = await ports.callbacks.get(id);
    return record && isVisible(record, now) && (await mayShow(record)) ? [toCallbackView(record)] : [];
  }
  const customer = input._customer_number?.trim();
  if (!customer) {
    throw new InvalidParameterError(
      '_id',
      "Send '_id', or '_customer_number' (optionally with '_callback_state').",
    );
  }
  const state = input._callback_state;
  checkStateFilter(state);
  const keep = stateFilter(state) ?? (() => true);
  const records = await ports.callbacks.listByCustomer(customer);
  const shown: CallbackRecord[] = [];
  for (const r of records) if (isVisible(r, now) && keep(r.state) && (await mayShow(r))) shown.push(r);
  return shown.sort((a, b) => a.desiredTime - b.desiredTime).map(toCallbackView);
}

/**
 * `GET service/callback/{name}`: the service's callbacks whose properties match `query` (every
 * criterion with `operand=AND`, the default, or any with `OR`).
 */
export async function queryServiceCallbacks(
  ports: QueryServiceCallbacksPorts,
  name: string,
  query: Record<string, string>,
): Promise<CallbackView[]> {
  const options = await callbackService(ports, name);
  const { operand: rawOperand, ...criteria } = query;
  checkQueryFilter(name, options, query);
  const operand = (rawOperand ?? 'AND').toUpperCase();
  if (operand !== 'AND' && operand !== 'OR') {
    throw new InvalidParameterError('operand', `Parameter 'operand' must be AND or OR, not '${rawOperand}'.`);
  }
  checkStateFilter(criteria._callback_state);
  const records = await listServiceCallbacks(ports, name);
  return records.map(toCallbackView).filter((view) => matchesProperties(view, criteria, operand));
}
