import type { CallbackReason, CallbackRecord } from '../../domain/callback/callback-record.js';
import { assertCancellable, isActive } from '../../domain/callback/callback-state.js';
import { isVisible } from '../../domain/callback/callback-view.js';
import { ConflictError, NotFoundError } from '../../domain/errors.js';
import { parseResourceGroup } from '../../domain/resource-group.js';
import { logger } from '../../observability.js';
import type { Deps } from '../../composition/full.js';
import type { Ports } from '../../ports.js';

/**
 * Reading and cancelling callbacks, shared by the GMS callback API and the admin API.
 */

/** Desired times span at most `_reject_future_desired_time` ahead and `_ttl` back; this covers both. */
const ALL_TIME = { from: 0, to: Date.UTC(9999, 0, 1) };
/** Upper bound of one service listing: the query API has no paging in GMS. */
export const MAX_LISTED = 10_000;

/** The callback `id` of service `name`, as long as it is queryable; otherwise 404. */
export async function findCallback(deps: Deps, name: string, id: string): Promise<CallbackRecord> {
  const record = await deps.callbacks.get(id);
  if (!record || record.service !== name || !isVisible(record, deps.clock.now())) {
    throw new NotFoundError(`Callback service '${name}' has no callback '${id}'.`);
  }
  return record;
}

/** A service's queryable callbacks with desired time in [from, to], oldest first. */
export async function listServiceCallbacks(
  deps: Deps,
  name: string,
  range: { from: number; to: number } = ALL_TIME,
  limit = MAX_LISTED,
): Promise<CallbackRecord[]> {
  const now = deps.clock.now();
  const records = await deps.callbacks.listByService(name, range.from, range.to, limit);
  return records.filter((r) => isVisible(r, now));
}

export async function countActive(deps: Deps, name: string): Promise<number> {
  return (await listServiceCallbacks(deps, name)).filter((r) => isActive(r.state)).length;
}

/**
 * Completes a callback as cancelled and gives back the counters it holds, in one conditional
 * write. A concurrent change (the router taking it, say) makes the write fail on its version: the
 * record is read again and the rules re-checked, so a callback that became PROCESSING meanwhile
 * is refused rather than cancelled.
 */
export async function cancelCallback(
  deps: Deps,
  record: CallbackRecord,
  reason: Extract<CallbackReason, 'CANCELLED' | 'CANCELLED_BY_ADMIN'>,
): Promise<CallbackRecord> {
  let current: CallbackRecord | undefined = record;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (!current) throw new NotFoundError(`No callback '${record.id}'.`);
    assertCancellable(current);
    const now = deps.clock.now();
    const result = await deps.callbacks.update(
      current.id,
      current.version,
      { state: 'COMPLETED', reason, release: current.guards },
      now,
    );
    if (result.ok) {
      await releaseAccessNumber(deps, record.id, now, 'cancel');
      // The router drops its waiting entry and frees a reserved agent now (its tick would, later).
      await deps.queue.send({ kind: 'callback-ended', id: record.id, data: { agentId: current.agentId } });
      return result.record;
    }
    current = await deps.callbacks.get(record.id);
  }
  throw new ConflictError(`Callback ${record.id} keeps changing; try again.`);
}

/**
 * A cancelled (or expired) user-originated callback no longer waits for its call: its access
 * number goes back to the pool now rather than when the booking expires. The release is
 * conditional on the session still holding the number, so a number already reused is left alone.
 */
export async function releaseAccessNumber(
  deps: Pick<Ports, 'sessions' | 'config' | 'accessNumbers' | 'metrics'>,
  id: string,
  now: number,
  exit: 'cancel' | 'timeout',
  /** When to read the session as of: an expired callback's session has expired with it. */
  sessionAt = now,
): Promise<void> {
  try {
    const session = await deps.sessions.get(id, sessionAt);
    if (!session?.accessNumber || !session.resourceGroup) return;
    const group = await deps.config.get('resource-group', session.resourceGroup);
    const strategy = group ? parseResourceGroup(session.resourceGroup, group.options).strategy : 'random';
    if (await deps.accessNumbers.release(session.resourceGroup, session.accessNumber, id, now, strategy)) {
      await deps.metrics.record({ kind: 'access-exited', group: session.resourceGroup, exit, at: now });
    }
  } catch (e) {
    // The booking expires on its own; a failed early release must not undo the cancel.
    logger.warn('Could not release the access number of an ended callback', { id, error: e as Error });
  }
}
