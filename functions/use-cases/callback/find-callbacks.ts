import type { CallbackRecord } from '../../domain/callback/callback-record.js';
import { isActive } from '../../domain/callback/callback-state.js';
import { isVisible } from '../../domain/callback/callback-view.js';
import { NotFoundError } from '../../domain/errors.js';
import type { Ports } from '../../ports/index.js';

/**
 * Reading callbacks as clients may see them (past its `_ttl` a callback is gone for them, even
 * before the tick completes it), shared by the GMS callback API and the admin API.
 */
export type FindCallbacksPorts = Pick<Ports, 'callbacks' | 'clock'>;

/** Desired times span at most `_reject_future_desired_time` ahead and `_ttl` back; this covers both. */
const ALL_TIME = { from: 0, to: Date.UTC(9999, 0, 1) };
/** Upper bound of one service listing: the query API has no paging in GMS. */
export const MAX_LISTED = 10_000;

/** The callback `id` of service `name`, as long as it is queryable; otherwise 404. */
export async function findCallback(
  ports: FindCallbacksPorts,
  name: string,
  id: string,
): Promise<CallbackRecord> {
  const record = await ports.callbacks.get(id);
  if (!record || record.service !== name || !isVisible(record, ports.clock.now())) {
    throw new NotFoundError(`Callback service '${name}' has no callback '${id}'.`);
  }
  return record;
}

/** The callback `id` of any service, as long as it is queryable; otherwise 404. */
export async function findVisibleCallback(ports: FindCallbacksPorts, id: string): Promise<CallbackRecord> {
  const record = await ports.callbacks.get(id);
  if (!record || !isVisible(record, ports.clock.now())) throw new NotFoundError(`No callback '${id}'.`);
  return record;
}

/** A service's queryable callbacks with desired time in [from, to], oldest first. */
export async function listServiceCallbacks(
  ports: FindCallbacksPorts,
  name: string,
  range: { from: number; to: number } = ALL_TIME,
  limit = MAX_LISTED,
): Promise<CallbackRecord[]> {
  const now = ports.clock.now();
  const records = await ports.callbacks.listByService(name, range.from, range.to, limit);
  return records.filter((r) => isVisible(r, now));
}

export async function countActive(ports: FindCallbacksPorts, name: string): Promise<number> {
  return (await listServiceCallbacks(ports, name)).filter((r) => isActive(r.state)).length;
}
