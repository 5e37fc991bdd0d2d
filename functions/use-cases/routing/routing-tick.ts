import { hold, type AgentRecord } from '../../domain/routing/agent.js';
import { BUSY_CHECK_MS } from '../../domain/routing/routing-plan.js';
import { offerable } from '../../domain/routing/waiting-queue.js';
import { logger } from '../../observability.js';
import type { Ports } from '../../ports/index.js';
import { EXPIRE_SHARD_KIND, expirySweeper } from '../scheduling/expire-callbacks.js';
import { fanOutShards } from '../scheduling/shard-sweep.js';
import { rejectOffer } from './agent-lifecycle.js';
import { recoverLostDial, redial, releaseAgent, type DialFlowPorts } from './dial-flow.js';
import { isStale, routeCallback, serveAgent, type RouteCallbackPorts } from './route-callback.js';
import { completeCallback, updateAgent } from './routing-context.js';

/** Entries, BUSY agents and queues looked at per sweep at most: bounded work; the next tick goes on. */
export const SWEEP_PER_TICK = 200;
/** Head entries handed to routing again per queue and sweep. */
const RETRY_HEADS = 5;

/**
 * The waiting queue, once a minute, without reading all of it: entries past their deadline (from
 * the `deadline` index) are dropped when their callback left routing, or complete the callback
 * with FAIL_TIMEOUT_TTL (`_ttl` after the desired time, or `_urs_queued_ttl` in the queue); BUSY
 * agents due for a check (same index) are freed when their callback ended without them; and the
 * head of every active queue is routed again (an `agent-ready`, `route-callback` or
 * `callback-ended` message may have been lost, e.g. a local server killed mid-flight), which
 * offers it to the READY agents of its target, head after head while agents take them.
 */
export async function sweepWaitingQueue(deps: RouteCallbackPorts): Promise<void> {
  const now = deps.clock.now();
  for (const entry of await deps.routing.listOverdueWaiting(now, SWEEP_PER_TICK)) {
    try {
      const record = await deps.callbacks.get(entry.callbackId);
      if (record?.state === 'QUEUED') {
        if (await completeCallback(deps, record, 'FAIL_TIMEOUT_TTL')) await deps.routing.removeWaiting(entry);
      } else {
        // Past its deadline the entry can never be offered; a callback given back later gets a new one.
        await deps.routing.removeWaiting(entry);
      }
    } catch (e) {
      logger.error('Expiring a waiting entry failed', { callbackId: entry.callbackId, error: e as Error });
    }
  }
  const busy = await deps.routing.getAgents(await deps.routing.listBusyToCheck(now, SWEEP_PER_TICK));
  const freed: string[] = [];
  for (const agent of busy) {
    if (agent.state !== 'BUSY' || !agent.callbackId) continue;
    try {
      if (await freeIfCallbackEnded(deps, agent)) freed.push(agent.id);
      else await deps.routing.postponeBusyCheck(agent, now + BUSY_CHECK_MS);
    } catch (e) {
      // One agent's problem must not stop the sweep of the others.
      logger.error('Freeing an agent whose callback ended failed', { agentId: agent.id, error: e as Error });
    }
  }
  for (const id of freed) await serveAgent(deps, id);
  const queues = [...new Set((await deps.routing.activeQueues()).map((q) => q.queueKey))];
  for (const queueKey of queues.slice(0, SWEEP_PER_TICK)) {
    const heads = (await deps.routing.waitingHead(queueKey, RETRY_HEADS)).filter((e) => offerable(e, now));
    for (const entry of heads) {
      try {
        // A stale head (its `callback-ended` lost) would hold up the queue: it goes.
        if (isStale(await deps.callbacks.get(entry.callbackId))) await deps.routing.removeWaiting(entry);
        // No READY agent for this head: the next heads (same target, or behind it) wait too.
        else if (!(await routeCallback(deps, entry.callbackId))) break;
      } catch (e) {
        logger.error('Routing a waiting callback again failed', {
          callbackId: entry.callbackId,
          error: e as Error,
        });
      }
    }
  }
}

/**
 * A BUSY agent has no phase deadline, so `recoverReservations` never sees it: when the callback it
 * handles ended without it (the `callback-ended` message lost, dead-lettered or never sent because
 * a step before it failed), the agent is freed here, found through its check time in the
 * `deadline` index. Conditional on the version read: an agent that took new work meanwhile is
 * left alone. True when it was freed.
 */
async function freeIfCallbackEnded(
  deps: Pick<Ports, 'callbacks' | 'routing' | 'clock' | 'queue'>,
  agent: AgentRecord,
): Promise<boolean> {
  const callbackId = agent.callbackId!;
  const record = await deps.callbacks.get(callbackId);
  const held =
    record && (record.state === 'ROUTING' || record.state === 'PROCESSING') && record.agentId === agent.id;
  if (held) return false;
  logger.warn('Freeing a BUSY agent whose callback ended without it', { agentId: agent.id, callbackId });
  // No `agent-ready` message: the sweep serves it right after.
  const freed = await releaseAgent(deps, agent.id, callbackId, 'READY', {
    onlyVersion: agent.version,
    announce: false,
  });
  return freed !== undefined;
}

/**
 * SCHEDULED and QUEUED callbacks past their `expiresAt` (`_ttl` after the desired time), once a
 * minute: every partition of the sparse `expiry` index goes to a worker (`expire-shard`, in
 * `expire-callbacks-shard.ts`), which completes each with FAIL_TIMEOUT_TTL. This catches what the
 * waiting-queue sweep cannot see: a user-originated immediate callback whose customer never called
 * is never in the waiting queue. ROUTING and PROCESSING callbacks are left to their agent (phase
 * deadlines, `recoverReservations`).
 */
export async function expireCallbacks(deps: Pick<Ports, 'callbacks' | 'clock' | 'queue'>): Promise<void> {
  await fanOutShards(deps, EXPIRE_SHARD_KIND, expirySweeper, deps.clock.now());
}

/** A reservation's recovery may give an offer back (the reject flow) or redial. */
export type RecoverReservationsPorts = DialFlowPorts;

/** Reservations recovered per tick at most: bounded work; a backlog drains over the next ticks. */
export const RECOVER_PER_TICK = 200;

/**
 * Reserved agents past their phase deadline, once a minute, read from the routing table's sparse
 * `deadline` index (not a scan of the agents): an agent whose callback moved on without it is
 * freed; an offer nobody answered goes back to the queue (agent NOT_READY); a customer who never
 * confirmed or called completes FAIL_USER_NO_CONFIRM (unless its push is still pending: it was
 * never told); a dial whose result never came (a restart,
 * a lost message) gives the reservation back at once (`recoverLostDial`); a retry whose message was
 * lost is dialed now. Each agent is re-read and every write is conditional on what was read, so a
 * late message or a second tick changes nothing twice. BUSY agents have no deadline: their
 * callback ends through the agent (complete) or `callback-ended`, and `sweepWaitingQueue` frees
 * one whose callback ended without either.
 */
export async function recoverReservations(deps: RecoverReservationsPorts): Promise<void> {
  const now = deps.clock.now();
  for (const agentId of await deps.routing.listOverdueAgents(now, RECOVER_PER_TICK)) {
    try {
      await recoverReservation(deps, agentId, now);
    } catch (e) {
      // One agent's problem must not stop the sweep of the others.
      logger.error('Reservation recovery failed', { agentId, error: e as Error });
    }
  }
}

/**
 * For a runtime whose dialer lives in its own process (the local simulator answers through the
 * in-memory queue): dials a previous process started can never be answered, so at start they are
 * given back at once (`recoverLostDial`) rather than at their deadline. Reads the same index, with
 * no deadline bound. Returns how many were given back.
 */
export async function recoverDialsOfPreviousProcess(deps: DialFlowPorts): Promise<number> {
  let recovered = 0;
  for (const agentId of await deps.routing.listOverdueAgents(Number.MAX_SAFE_INTEGER, 5 * RECOVER_PER_TICK)) {
    try {
      const agent = await deps.routing.getAgent(agentId);
      if (!agent || agent.state !== 'RESERVED' || agent.phase !== 'dialing' || !agent.callbackId) continue;
      const record = await deps.callbacks.get(agent.callbackId);
      if (!record || record.state !== 'ROUTING' || record.agentId !== agent.id) continue;
      await recoverLostDial(deps, record, agent);
      recovered++;
    } catch (e) {
      logger.error('Recovery of a dial lost with the previous process failed', {
        agentId,
        error: e as Error,
      });
    }
  }
  return recovered;
}

async function recoverReservation(
  deps: RecoverReservationsPorts,
  agentId: string,
  now: number,
): Promise<void> {
  const agent = await deps.routing.getAgent(agentId);
  // The index may lag a change: the agent as stored decides.
  if (!agent || agent.state !== 'RESERVED' || !agent.callbackId) return;
  if (agent.deadline === undefined || agent.deadline > now) return;
  const callbackId = agent.callbackId;
  const record = await deps.callbacks.get(callbackId);
  const held =
    record && (record.state === 'ROUTING' || record.state === 'PROCESSING') && record.agentId === agent.id;
  if (!held) {
    await releaseAgent(deps, agent.id, callbackId, 'READY', { onlyVersion: agent.version });
    return;
  }
  if (record.state === 'PROCESSING') {
    // The answer moved the callback but the agent's own update was lost.
    await updateAgent(deps, agent.id, (a) =>
      a && a.version === agent.version ? hold(a, callbackId, 'connected', now, {}) : undefined,
    );
    return;
  }
  switch (agent.phase) {
    case 'offered':
      await rejectOffer(deps, agent.id, false);
      break;
    case 'awaiting-customer':
      // The customer was never told (the process died before posting the push): not its timeout.
      // `recoverPendingPushes` posts it and gives the customer its confirm time from then.
      if (await deps.routing.pendingPush(callbackId)) return;
      if (await completeCallback(deps, record, 'FAIL_USER_NO_CONFIRM')) {
        await releaseAgent(deps, agent.id, callbackId, 'READY', { onlyVersion: agent.version });
      }
      break;
    case 'dialing':
      await recoverLostDial(deps, record, agent);
      break;
    case 'retry-wait':
      await redial(deps, record, agent, (agent.attempt ?? 1) + 1);
      break;
    default:
      logger.warn('Agent is connected but its callback is still ROUTING', { agentId, callbackId });
  }
}
