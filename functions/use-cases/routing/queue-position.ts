import type { CallbackRecord } from '../../domain/callback/callback-record.js';
import { parseTarget } from '../../domain/routing/routing-target.js';
import { estimateWait, HANDLE_TIME_SAMPLES, readyThreshold } from '../../domain/routing/wait-estimate.js';
import {
  joiningPlace,
  queueKeyOf,
  ticketPlace,
  type WaitingEntry,
} from '../../domain/routing/waiting-queue.js';
import type { CallbackQueuePosition } from '../../ports/router.js';
import type { Ports } from '../../ports/index.js';
import { entryFor, serviceRouting } from './routing-context.js';

export type QueuePositionPorts = Pick<Ports, 'config' | 'routing'>;

/** Logged-in agents that could take the entry's callback (a count kept per key, not a scan). */
async function servingAgents(deps: Pick<Ports, 'routing'>, entry: WaitingEntry): Promise<number> {
  let target;
  try {
    target = parseTarget(entry.target);
  } catch {
    return 0;
  }
  return deps.routing.servingAgents(target);
}

/**
 * The built-in router's answer to `check-queue-position`: position 0 once an agent is reserved or
 * connected; else the place in the callback's queue (virtual queue, else target) from its ticket
 * and the queue's counters, and the EWT from the last handle times. The reads are the same
 * whatever the queue length. A QUEUED callback always has a place: one whose waiting entry is not
 * written yet (its route-callback message is on its way, or its call has not arrived) is placed
 * last of its level, as it will be when it joins. Undefined only for other states.
 */
export async function queuePosition(
  deps: QueuePositionPorts,
  record: CallbackRecord,
): Promise<CallbackQueuePosition | undefined> {
  const { options, raw } = await serviceRouting(deps, record.service);

  if (record.state === 'ROUTING' || record.state === 'PROCESSING') {
    const own = {
      virtualQueue: record.virtualQueue ?? raw._urs_virtual_queue,
      target: record.target ?? raw._target,
    };
    const totals = await deps.routing.queueTotals(queueKeyOf(own));
    const threshold = readyThreshold(0, 0, options.readyEtaThresholdSeconds, true);
    return {
      position: 0,
      eta: 0,
      totalWaiting: Math.max(0, totals.issued - totals.left),
      readyThresholdPassed: threshold.passed,
      readyThresholdReason: threshold.reason,
    };
  }
  if (record.state !== 'QUEUED') return undefined;
  // The counters before the entry: the route-callback message writes the entry and counts it in
  // one transaction, so an entry read after the counters is never counted twice (read the other
  // way round, a callback joining between the two reads stood behind itself).
  const provisional = entryFor(record, { options, raw });
  const key = queueKeyOf(provisional);
  const totals = await deps.routing.queueTotals(key);
  const [waiting, times, agents] = await Promise.all([
    deps.routing.getWaiting(record.id),
    deps.routing.recentHandleTimes(key, HANDLE_TIME_SAMPLES),
    servingAgents(deps, provisional),
  ]);
  const place = waiting ? ticketPlace(waiting, totals) : joiningPlace(provisional.priority, totals);
  const eta = estimateWait(place.position, times, agents);
  const threshold = readyThreshold(place.position, eta, options.readyEtaThresholdSeconds);
  return {
    position: place.position,
    eta,
    totalWaiting: place.totalWaiting,
    readyThresholdPassed: threshold.passed,
    readyThresholdReason: threshold.reason,
  };
}
