import { transition } from '../../domain/callback/callback-transition.js';
import { queuedCallbackOf } from '../../domain/routing/queued-callback.js';
import type { Ports } from '../../ports/index.js';
import type { WorkMessage } from '../../ports/work-queue.js';

export type ActivateCallbackPorts = Pick<Ports, 'callbacks' | 'callbackEvents' | 'clock' | 'queue'>;

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
  await deps.callbackEvents.publish(queued.events);
  await deps.queue.send({
    kind: 'route-callback',
    id: record.id,
    version: result.record.version,
    data: { callback: queuedCallbackOf(result.record) },
  });
}
