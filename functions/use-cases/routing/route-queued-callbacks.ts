import type { Ports } from '../../ports/index.js';

/** A `route-callback` normally lands within a second; older QUEUED callbacks are handed over again. */
export const ROUTE_GRACE_MS = 30_000;

/**
 * A QUEUED callback that the router has not put in its waiting queue after `ROUTE_GRACE_MS` is
 * handed over again: its `route-callback` message was lost (a crash between the state change and
 * the send). Which ones wait is read in batches by callback id (not by listing the queue).
 * `route-callback` is idempotent, so a late original message changes nothing.
 */
export async function routeQueuedCallbacks(
  deps: Pick<Ports, 'callbacks' | 'routing' | 'clock' | 'queue'>,
): Promise<void> {
  const queued = await deps.callbacks.listQueuedSince(deps.clock.now() - ROUTE_GRACE_MS, 5_000);
  if (queued.length === 0) return;
  const waiting = await deps.routing.waitingAmong(queued.map((q) => q.id));
  for (const q of queued) {
    if (!waiting.has(q.id)) await deps.queue.send({ kind: 'route-callback', id: q.id });
  }
}
