import { ConflictError } from '../../domain/errors.js';
import type { Ports } from '../../ports/index.js';
import type { CallbackQueuePosition } from '../../ports/router.js';
import { findVisibleCallback, type FindCallbacksPorts } from './find-callbacks.js';

export type QueuePositionPorts = Pick<Ports, 'router'> & FindCallbacksPorts;

/** `check-queue-position`: where a callback waiting for an agent stands in its router's queue. */
export async function queuePosition(ports: QueuePositionPorts, id: string): Promise<CallbackQueuePosition> {
  const record = await findVisibleCallback(ports, id);
  if (record.state !== 'QUEUED' && record.state !== 'ROUTING' && record.state !== 'PROCESSING') {
    throw new ConflictError(`Callback ${id} is ${record.state}: it is not waiting for an agent.`);
  }
  const place = await ports.router.queuePosition(record);
  // A router that cannot place it (another contact centre behind the Router port) says so.
  if (!place) throw new ConflictError(`Callback ${id} is not in a queue of its router.`);
  return place;
}
