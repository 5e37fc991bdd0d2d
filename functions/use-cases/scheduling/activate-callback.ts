import type { CallbackRecord } from '../../domain/callback/callback-record.js';
import { activation } from '../../domain/callback/callback-transition.js';
import { queuedCallbackOf } from '../../domain/routing/queued-callback.js';
import { logger } from '../../observability.js';
import type { Ports } from '../../ports/index.js';
import type { WorkMessage } from '../../ports/work-queue.js';

export type ActivateCallbackPorts = Pick<
  Ports,
  'callbacks' | 'callbackEvents' | 'clock' | 'queue' | 'router'
>;

/** Messages that arrive this early are sent again for the rest of the wait (SQS delays cap at 15 min). */
const EARLY_TOLERANCE_MS = 250;

/**
 * `activate-callback`: a SCHEDULED callback whose desired time has come becomes QUEUED and is
 * handed to the router. The tick may send this several times, and a reschedule leaves old
 * messages behind: the write is conditional on the callback being SCHEDULED and due, so one
 * delivery wins, with no read first (a burst of due callbacks is one write each). Only when that
 * condition fails is the record read, to tell a callback not due yet (moved later: its activation
 * is sent again for the rest of the wait) from one that moved on.
 */
export async function activateCallback(deps: ActivateCallbackPorts, message: WorkMessage): Promise<void> {
  const now = deps.clock.now();
  const activated = activation(now);
  const before = await deps.callbacks.updateIfDue(message.id, activated.change, now, {
    state: 'SCHEDULED',
    dueBy: now + EARLY_TOLERANCE_MS,
  });
  if (!before) {
    const record = await deps.callbacks.get(message.id);
    if (record?.state !== 'SCHEDULED') return;
    const wait = record.desiredTime - now;
    // Due, yet the write's condition failed: it changed in between (a reschedule): the queue retries.
    if (wait <= EARLY_TOLERANCE_MS) throw new Error(`Callback ${record.id} changed while it was activated.`);
    await deps.queue.send({ kind: 'activate-callback', id: record.id }, wait);
    return;
  }
  const queued = activated.of(before);
  await Promise.all([deps.callbackEvents.publish(queued.events), handToRouter(deps, queued.next)]);
}

/**
 * The activation already runs where a `route-callback` message would be consumed (the worker), so
 * the router queues the callback here: a queue hop, a Lambda invocation and three SQS requests less
 * per scheduled callback, which is what a burst of due callbacks is made of. If routing fails, the
 * message goes as it used to, and the queue retries it (routing is safe to repeat; the minute tick
 * hands over a QUEUED callback that never got into its queue).
 */
async function handToRouter(deps: ActivateCallbackPorts, record: CallbackRecord): Promise<void> {
  const known = queuedCallbackOf(record);
  try {
    await deps.router.callbackQueued(record.id, known);
  } catch (e) {
    logger.warn('Routing an activated callback failed; handed to the work queue', {
      callbackId: record.id,
      error: e as Error,
    });
    await deps.queue.send({
      kind: 'route-callback',
      id: record.id,
      version: record.version,
      data: { callback: known },
    });
  }
}
