import type { CallbackRecord } from '../../domain/callback/callback-record.js';
import { agentServes, parseTarget } from '../../domain/routing/routing-target.js';
import { estimateWait, HANDLE_TIME_SAMPLES, readyThreshold } from '../../domain/routing/wait-estimate.js';
import { positionOf, queueKeyOf, type WaitingEntry } from '../../domain/routing/waiting-queue.js';
import type { CallbackQueuePosition } from '../../ports.js';
import type { Deps } from '../../wiring.js';
import { serviceRouting } from './routing-context.js';

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

/**
 * The built-in router's answer to `check-queue-position`: position 0 once an agent is reserved or
 * connected; else the place in the callback's queue (virtual queue, else target) and the EWT from
 * the last handle times. Undefined when the callback is not in the waiting queue.
 */
export async function queuePosition(
  deps: Deps,
  record: CallbackRecord,
): Promise<CallbackQueuePosition | undefined> {
  const { options, raw } = await serviceRouting(deps, record.service);
  const waiting = await deps.routing.listWaiting();

  if (record.state === 'ROUTING' || record.state === 'PROCESSING') {
    const own = {
      virtualQueue: record.virtualQueue ?? raw._urs_virtual_queue,
      target: record.target ?? raw._target,
    };
    const total = waiting.filter((e) => queueKeyOf(e) === queueKeyOf(own)).length;
    const threshold = readyThreshold(0, 0, options.readyEtaThresholdSeconds, true);
    return {
      position: 0,
      eta: 0,
      totalWaiting: total,
      readyThresholdPassed: threshold.passed,
      readyThresholdReason: threshold.reason,
    };
  }
  if (record.state !== 'QUEUED') return undefined;
  const place = positionOf(record.id, waiting);
  const entry = waiting.find((e) => e.callbackId === record.id);
  if (!place || !entry) return undefined;
  const times = await deps.routing.recentHandleTimes(queueKeyOf(entry), HANDLE_TIME_SAMPLES);
  const eta = estimateWait(place.position, times, await servingAgents(deps, entry));
  const threshold = readyThreshold(place.position, eta, options.readyEtaThresholdSeconds);
  return {
    position: place.position,
    eta,
    totalWaiting: place.totalWaiting,
    readyThresholdPassed: threshold.passed,
    readyThresholdReason: threshold.reason,
  };
}
