import { ConflictError, NotFoundError } from '../../domain/errors.js';
import { agentServes, parseTarget } from '../../domain/routing/routing-target.js';
import { estimateWait, HANDLE_TIME_SAMPLES, readyThreshold } from '../../domain/routing/wait-estimate.js';
import { positionOf, queueKeyOf, type WaitingEntry } from '../../domain/routing/waiting-queue.js';
import type { Operation } from '../../http/handler-factory.js';
import { json } from '../../http/http-result.js';
import type { Deps } from '../../wiring.js';
import { serviceRouting } from '../routing/routing-context.js';

/** Logged-in agents that could take the entry's callback. */
async function servingAgents(deps: Deps, entry: WaitingEntry): Promise<number> {
  let target;
  try {
    target = parseTarget(entry.target);
  } catch {
    return 0;
  }
  const agents = await deps.routing.listAgents();
  return agents.filter((a) => a.state !== 'LOGGED_OUT' && agentServes(target, a)).length;
}

const checkQueuePosition: Operation = async (req, deps) => {
  const id = req.params.service!;
  const record = await deps.callbacks.get(id);
  if (!record) throw new NotFoundError(`No callback '${id}'.`);
  const { options, raw } = await serviceRouting(deps, record.service);
  const waiting = await deps.routing.listWaiting();

  if (record.state === 'ROUTING' || record.state === 'PROCESSING') {
    const own = {
      virtualQueue: record.virtualQueue ?? raw._urs_virtual_queue,
      target: record.target ?? raw._target,
    };
    const total = waiting.filter((e) => queueKeyOf(e) === queueKeyOf(own)).length;
    const threshold = readyThreshold(0, 0, options.readyEtaThresholdSeconds, true);
    return json({
      _position: 0,
      _eta: 0,
      _total_waiting: total,
      _agent_ready_threshold_passed: threshold.passed,
      _agent_ready_threshold_passed_reason: threshold.reason,
    });
  }
  if (record.state !== 'QUEUED') {
    throw new ConflictError(`Callback ${id} is ${record.state}: it is not waiting for an agent.`);
  }
  const place = positionOf(id, waiting);
  const entry = waiting.find((e) => e.callbackId === id);
  if (!place || !entry) {
    throw new ConflictError(`Callback ${id} is not in a queue yet (its call has not arrived).`);
  }
  const times = await deps.routing.recentHandleTimes(queueKeyOf(entry), HANDLE_TIME_SAMPLES);
  const eta = estimateWait(place.position, times, await servingAgents(deps, entry));
  const threshold = readyThreshold(place.position, eta, options.readyEtaThresholdSeconds);
  return json({
    _position: place.position,
    _eta: eta,
    _total_waiting: place.totalWaiting,
    _agent_ready_threshold_passed: threshold.passed,
    _agent_ready_threshold_passed_reason: threshold.reason,
  });
};

export const queuePositionOperations: Record<string, Operation> = {
  checkQueuePositionGet: checkQueuePosition,
  checkQueuePosition,
};
