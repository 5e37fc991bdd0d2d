/** One callback as `GET admin/callback/queues` returns it: GMS's fixed keys plus its stored properties. */
export interface CallbackView {
  _id: string;
  _desired_time: string;
  _service_name: string;
  _callback_state: CallbackState;
  _callback_reason?: string;
  _expiration_time: string;
  _customer_number?: string;
  _url: string;
  [property: string]: string | undefined;
}

export const CALLBACK_STATES = ['SCHEDULED', 'QUEUED', 'ROUTING', 'PROCESSING', 'COMPLETED'] as const;
export type CallbackState = (typeof CALLBACK_STATES)[number];

/** What each state means, from the seed (shown next to the state filter). */
export const STATE_HELP: Record<CallbackState, string> = {
  SCHEDULED: 'waiting for its desired time',
  QUEUED: 'waiting for an agent',
  ROUTING: 'agent reserved, call not yet routed',
  PROCESSING: 'handled by an agent',
  COMPLETED: 'done, with its reason (cancelled, timed out…)',
};

/** `COMPLETED (CANCELLED)`, as the seed's table shows a state with its reason. */
export function stateText(cb: CallbackView): string {
  return cb._callback_reason ? `${cb._callback_state} (${cb._callback_reason})` : cb._callback_state;
}

/** A completed callback is history: nothing left to reschedule or cancel. */
export const isEditable = (cb: CallbackView) => cb._callback_state !== 'COMPLETED';

/** The path of one callback on the public Callback Services API. */
export const callbackPath = (service: string, id: string) =>
  `/service/callback/${encodeURIComponent(service)}/${encodeURIComponent(id)}`;
