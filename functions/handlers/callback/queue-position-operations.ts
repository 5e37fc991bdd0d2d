import { isVisible } from '../../domain/callback/callback-view.js';
import { ConflictError, NotFoundError } from '../../domain/errors.js';
import type { Operation } from '../../http/handler-factory.js';
import { json } from '../../http/http-result.js';

const checkQueuePosition: Operation = async (req, deps) => {
  const id = req.params.service!;
  const record = await deps.callbacks.get(id);
  // Past its `_ttl` a callback is gone for clients (queries, cancel), even before the tick completes it.
  if (!record || !isVisible(record, deps.clock.now())) throw new NotFoundError(`No callback '${id}'.`);
  if (record.state !== 'QUEUED' && record.state !== 'ROUTING' && record.state !== 'PROCESSING') {
    throw new ConflictError(`Callback ${id} is ${record.state}: it is not waiting for an agent.`);
  }
  const place = await deps.router.queuePosition(record);
  // A router that cannot place it (another contact centre behind the Router port) says so.
  if (!place) throw new ConflictError(`Callback ${id} is not in a queue of its router.`);
  return json({
    _position: place.position,
    _eta: place.eta,
    _total_waiting: place.totalWaiting,
    _agent_ready_threshold_passed: place.readyThresholdPassed,
    _agent_ready_threshold_passed_reason: place.readyThresholdReason,
  });
};

export const queuePositionOperations: Record<string, Operation> = {
  checkQueuePositionGet: checkQueuePosition,
  checkQueuePosition,
};
