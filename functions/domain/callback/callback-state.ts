import { ConflictError } from '../errors.js';
import type { CallbackRecord, CallbackState } from './callback-record.js';

/**
 * The lifecycle: SCHEDULED -> QUEUED -> ROUTING -> PROCESSING -> COMPLETED. ROUTING may fall back
 * to QUEUED (the reserved agent rejected it, or the dial failed and will be retried), and any
 * state but PROCESSING may complete (cancel, timeout, failure). PROCESSING completes only through
 * its agent.
 */
const NEXT: Record<CallbackState, readonly CallbackState[]> = {
  SCHEDULED: ['QUEUED', 'SCHEDULED', 'COMPLETED'],
  QUEUED: ['ROUTING', 'SCHEDULED', 'COMPLETED'],
  ROUTING: ['PROCESSING', 'QUEUED', 'COMPLETED'],
  PROCESSING: ['COMPLETED'],
  COMPLETED: [],
};

/** Whether the lifecycle allows `from` -> `to` (`transition` in callback-transition.ts checks every change). */
export function canTransition(from: CallbackState, to: CallbackState): boolean {
  return NEXT[from].includes(to);
}

/** Cancellation by the customer or an admin: allowed until an agent is talking to the customer. */
export function assertCancellable(record: CallbackRecord): void {
  if (record.state === 'PROCESSING') {
    throw new ConflictError(
      `Callback ${record.id} is PROCESSING (connected to an agent) and cannot be cancelled.`,
    );
  }
  if (record.state === 'COMPLETED') {
    throw new ConflictError(`Callback ${record.id} is already COMPLETED (${record.reason ?? 'no reason'}).`);
  }
}

export const isActive = (state: CallbackState) => state !== 'COMPLETED';
