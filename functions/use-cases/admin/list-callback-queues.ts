import type { CallbackState } from '../../domain/callback/callback-record.js';
import { toCallbackView } from '../../domain/callback/callback-view.js';
import { listServiceCallbacks, MAX_LISTED } from '../callback/find-callbacks.js';
import type { Ports } from '../../ports/index.js';
import { callbackServiceNames, requireCallbackService } from './callback-services.js';

export type ListCallbackQueuesPorts = Pick<Ports, 'config' | 'callbacks' | 'clock'>;

export interface CallbackQueuesQuery {
  range: { from: number; to: number };
  /** At most this many callbacks per service. */
  max: number;
  /** Only these states (all when absent). */
  states?: ReadonlySet<CallbackState>;
  /** One callback service (every one when absent). */
  target?: string;
}

/**
 * The Callback tab's table: each service's callbacks in the range, oldest desired time first,
 * filtered by state, at most `max` per service.
 */
export async function listCallbackQueues(
  ports: ListCallbackQueuesPorts,
  query: CallbackQueuesQuery,
): Promise<Record<string, Record<string, string>[]>> {
  const { range, max, states, target } = query;
  if (target) await requireCallbackService(ports, target);
  const services = target ? [target] : await callbackServiceNames(ports);
  const out: Record<string, Record<string, string>[]> = {};
  for (const service of services) {
    // Without a state filter the store can stop at `max`; with one it must read further.
    const records = await listServiceCallbacks(ports, service, range, states ? MAX_LISTED : max);
    out[service] = records
      .filter((r) => !states || states.has(r.state))
      .slice(0, max)
      .map(toCallbackView);
  }
  return out;
}
