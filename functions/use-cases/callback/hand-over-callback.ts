import type { CallbackRecord } from '../../domain/callback/callback-record.js';
import { queuedCallbackOf } from '../../domain/routing/queued-callback.js';
import type { Ports } from '../../ports/index.js';

export type HandOverCallbackPorts = Pick<Ports, 'queue'>;

/** A scheduled callback due this soon is handed to the queue now, with a delay, not left to the tick. */
export const ACTIVATE_AHEAD_MS = 70_000;

/**
 * After a create or reschedule: a QUEUED callback goes to the router now, a SCHEDULED one due
 * within `ACTIVATE_AHEAD_MS` is activated by a delayed message; later ones wait for the tick.
 */
export async function handOverCallback(
  ports: HandOverCallbackPorts,
  record: CallbackRecord,
  now: number,
): Promise<void> {
  if (record.state === 'QUEUED') {
    // The router queues it from this copy, without reading the record back (see `routeCallback`).
    await ports.queue.send({
      kind: 'route-callback',
      id: record.id,
      version: record.version,
      data: { callback: queuedCallbackOf(record) },
    });
  } else if (record.state === 'SCHEDULED' && record.desiredTime - now <= ACTIVATE_AHEAD_MS) {
    await ports.queue.send(
      { kind: 'activate-callback', id: record.id, version: record.version },
      Math.max(0, record.desiredTime - now),
    );
  }
}
