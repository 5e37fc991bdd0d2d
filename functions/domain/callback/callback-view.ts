import type { CallbackRecord } from './callback-record.js';

/** GMS's query answer for one callback: its stored properties, then the keys GMS always returns. */
export type CallbackView = Record<string, string>;

export const callbackUrl = (service: string, id: string) =>
  `/genesys/1/service/callback/${encodeURIComponent(service)}/${encodeURIComponent(id)}`;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The fixed keys come last so a stored property can never disguise the state, times or URL.
 * `_expiration_time` is when the record stops being queryable (`_ttl` after the desired time).
 */
export function toCallbackView(record: CallbackRecord): CallbackView {
  const view: CallbackView = { ...record.properties };
  view._id = record.id;
  view._desired_time = iso(record.desiredTime);
  view._service_name = record.service;
  view._callback_state = record.state;
  view._expiration_time = iso(record.expiresAt);
  if (record.customerNumber !== undefined) view._customer_number = record.customerNumber;
  else delete view._customer_number;
  view._url = callbackUrl(record.service, record.id);
  if (record.reason !== undefined) view._callback_reason = record.reason;
  else delete view._callback_reason;
  return view;
}

/** DynamoDB TTL deletes late: a record past its expiry is gone as far as clients are concerned. */
export const isVisible = (record: CallbackRecord, now: number) => record.expiresAt > now;

/**
 * `_callback_state` filter of the customer query: a state, or `!STATE` for every other state.
 * Returns undefined for no filter; the caller validates the state name.
 */
export function stateFilter(value: string | undefined): ((state: string) => boolean) | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  if (v.startsWith('!')) {
    const excluded = v.slice(1).trim().toUpperCase();
    return (state) => state !== excluded;
  }
  const wanted = v.toUpperCase();
  return (state) => state === wanted;
}

/**
 * The property query of `GET service/callback/{name}`: every criterion must equal the view's
 * value (AND) or at least one must (OR). A criterion on `_callback_state` accepts `!STATE`.
 * No criteria matches everything.
 */
export function matchesProperties(
  view: CallbackView,
  criteria: Record<string, string>,
  operand: 'AND' | 'OR',
): boolean {
  const entries = Object.entries(criteria);
  if (entries.length === 0) return true;
  const test = ([key, value]: [string, string]) => {
    if (key === '_callback_state') return stateFilter(value)?.(view._callback_state ?? '') ?? true;
    return view[key] === value;
  };
  return operand === 'AND' ? entries.every(test) : entries.some(test);
}
