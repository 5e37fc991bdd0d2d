import type { CallbackRecord } from '../../domain/callback/callback-record.js';
import { transition } from '../../domain/callback/callback-transition.js';
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
 * messages behind: the current record decides, and the conditional update lets one delivery win.
 */
export async function activateCallback(deps: ActivateCallbackPorts, message: WorkMessage): Promise<void> {
  const record = await deps.callbacks.get(message.id);
  if (!record || record.state !== 'SCHEDULED') return;
  const now = deps.clock.now();
  const wait = record.desiredTime - now;
  if (wait > EARLY_TOLERANCE_MS) {
    await deps.queue.send({ kind: 'activate-callback', id: record.id }, wait);
    return;
  }
  const queued = transition(record, 'QUEUED', { now, set: { queuedAt: now } });
  const result = await deps.callbacks.update(record.id, record.version, queued.change, now);
  if (!result.ok) return;
  await Promise.all([deps.callbackEvents.publish(queued.events), handToRouter(deps, result.record)]);
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
