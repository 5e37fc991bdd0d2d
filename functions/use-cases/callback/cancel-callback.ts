import type { CallbackReason, CallbackRecord } from '../../domain/callback/callback-record.js';
import { assertCancellable } from '../../domain/callback/callback-state.js';
import { transition } from '../../domain/callback/callback-transition.js';
import { ConflictError, NotFoundError } from '../../domain/errors.js';
import { parseResourceGroup } from '../../domain/resource-group.js';
import { logger } from '../../observability.js';
import type { Ports } from '../../ports/index.js';
import { callbackService, type CallbackServicePorts } from './callback-service.js';
import { findCallback, type FindCallbacksPorts } from './find-callbacks.js';

/** What an early release of an ended callback's access number reads and writes. */
export type ReleaseAccessNumberPorts = Pick<Ports, 'sessions' | 'config' | 'accessNumbers' | 'metrics'>;
/** Cancelling: the conditional write, the number given back, the router told. */
export type CancelCallbackPorts = Pick<Ports, 'callbacks' | 'callbackEvents' | 'clock' | 'queue'> &
  ReleaseAccessNumberPorts;

/**
 * Completes a callback as cancelled and gives back the counters it holds, in one conditional
 * write. A concurrent change (the router taking it, say) makes the write fail on its version: the
 * record is read again and the rules re-checked, so a callback that became PROCESSING meanwhile
 * is refused rather than cancelled.
 */
export async function cancelCallback(
  deps: CancelCallbackPorts,
  record: CallbackRecord,
  reason: Extract<CallbackReason, 'CANCELLED' | 'CANCELLED_BY_ADMIN'>,
): Promise<CallbackRecord> {
  let current: CallbackRecord | undefined = record;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (!current) throw new NotFoundError(`No callback '${record.id}'.`);
    assertCancellable(current);
    const now = deps.clock.now();
    const cancelled = transition(current, 'COMPLETED', { now, reason, release: current.guards });
    const result = await deps.callbacks.update(current.id, current.version, cancelled.change, now, current);
    if (result.ok) {
      await deps.callbackEvents.publish(cancelled.events);
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

export type CancelServiceCallbackPorts = CancelCallbackPorts & CallbackServicePorts & FindCallbacksPorts;

/** `DELETE service/callback/{name}/{id}`: the customer (or app) cancels its callback. */
export async function cancelServiceCallback(
  ports: CancelServiceCallbackPorts,
  name: string,
  id: string,
): Promise<CallbackRecord> {
  await callbackService(ports, name);
  return cancelCallback(ports, await findCallback(ports, name, id), 'CANCELLED');
}
