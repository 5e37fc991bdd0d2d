import type { CallbackRecord } from '../../domain/callback/callback-record.js';
import { ConflictError } from '../../domain/errors.js';
import { heldCallback, hold, type AgentRecord } from '../../domain/routing/agent.js';
import { REJECT_BACKOFF_MS } from '../../domain/routing/routing-plan.js';
import { queueKeyOf } from '../../domain/routing/waiting-queue.js';
import { logger } from '../../observability.js';
import type { Ports } from '../../ports/index.js';
import { agentJoinsChat, agentLeavesChat, type AgentChatPorts } from '../chat/chat-actions.js';
import {
  heldPair,
  nextDialAttempt,
  redial,
  releaseAgent,
  type DialFlowPorts,
  type ReleaseAgentPorts,
} from './dial-flow.js';
import { routeCallback, serveAgent, isStale, type RouteCallbackPorts } from './route-callback.js';
import {
  changeCallback,
  completeCallback,
  entryFor,
  serviceRouting,
  updateAgent,
} from './routing-context.js';

/** The agent's steps on its callback (accept, reject, complete) and the router's callback events. */
export type AgentLifecyclePorts = RouteCallbackPorts & AgentChatPorts;

/** Giving an offer back: to the queue, or completed after too many rejects. */
export type RejectOfferPorts = Pick<
  Ports,
  'callbacks' | 'callbackEvents' | 'routing' | 'clock' | 'config' | 'queue'
>;

const isUserTerminatedVoice = (record: CallbackRecord) =>
  record.scenario.mediaType === 'voice' && record.scenario.direction === 'USERTERMINATED';

/** The callback the agent holds, or a 409 after freeing an agent whose callback moved on. */
async function heldRecord(
  deps: Pick<Ports, 'callbacks'> & ReleaseAgentPorts,
  agent: AgentRecord,
  callbackId: string,
): Promise<CallbackRecord> {
  const record = await deps.callbacks.get(callbackId);
  if (
    record &&
    (record.state === 'ROUTING' || record.state === 'PROCESSING') &&
    record.agentId === agent.id
  ) {
    return record;
  }
  await releaseAgent(deps, agent.id, callbackId, 'READY');
  throw new ConflictError(
    `Callback ${callbackId} is no longer held for agent ${agent.id} (${record ? record.state : 'gone'}); the agent is READY again.`,
  );
}

/**
 * The agent accepts the offered callback: a user-terminated voice callback starts dialing the
 * customer (the agent is connected first, `_userterminated_first_connect_party=AGENT`); any other
 * becomes PROCESSING with the agent BUSY.
 */
export async function acceptOffer(deps: AgentLifecyclePorts, agentId: string): Promise<void> {
  const agent = await deps.routing.getAgent(agentId);
  const callbackId = heldCallback(agent, agentId, ['offered']);
  const record = await heldRecord(deps, agent!, callbackId);
  if (isUserTerminatedVoice(record)) {
    await redial(deps, record, agent!, nextDialAttempt(record));
    return;
  }
  if (!(await connect(deps, record, agent!))) {
    throw new ConflictError(`Callback ${record.id} changed meanwhile; try again.`);
  }
  if (record.scenario.mediaType === 'chat') await agentJoinsChat(deps, record.id, agentId);
}

/**
 * ROUTING -> PROCESSING and the agent BUSY (accept, or the customer's call arrived). False when
 * the callback changed meanwhile (for a duplicate call-arrived message: the first one connected it).
 */
async function connect(
  deps: Pick<Ports, 'callbacks' | 'callbackEvents' | 'routing' | 'clock'>,
  record: CallbackRecord,
  agent: AgentRecord,
): Promise<boolean> {
  if (!(await changeCallback(deps, record, 'PROCESSING'))) return false;
  const now = deps.clock.now();
  await updateAgent(deps, agent.id, (a) =>
    a && a.callbackId === record.id ? hold(a, record.id, 'connected', now, {}) : undefined,
  );
  return true;
}

/**
 * Gives a ROUTING callback back to the waiting queue (the entry first: a callback never sits in
 * QUEUED without one). False when the callback moved on meanwhile. The attempt numbers the
 * reservation used are kept (`dialAttempts`), as `recoverLostDial` keeps them, so the next
 * reservation never dials a number already used.
 */
async function returnToQueue(
  deps: RejectOfferPorts,
  record: CallbackRecord,
  agent: AgentRecord,
  rejects: number,
): Promise<boolean> {
  const routing = await serviceRouting(deps, record.service);
  const now = deps.clock.now();
  const entry = entryFor(record, routing, {
    rejects,
    notBefore: now + REJECT_BACKOFF_MS,
  });
  await deps.routing.putWaiting(entry);
  const dialAttempts = Math.max(record.dialAttempts ?? 0, agent.attempt ?? 0);
  const queued = await changeCallback(deps, record, 'QUEUED', {
    clearAgent: true,
    ...(dialAttempts > (record.dialAttempts ?? 0) ? { set: { dialAttempts } } : {}),
  });
  if (!queued) {
    await deps.routing.removeWaiting(entry);
    return false;
  }
  await deps.queue.send({ kind: 'route-callback', id: record.id }, REJECT_BACKOFF_MS);
  return true;
}

/**
 * The agent declines (or did not answer an offer in time): the callback goes back to the queue,
 * the agent becomes NOT_READY. After `_max_agent_rejects` rejects (when set) the callback
 * completes with AGENT_PREVIEW_CANCEL_AFTER_<n>REJECTS.
 */
export async function rejectOffer(deps: RejectOfferPorts, agentId: string, counted = true): Promise<void> {
  const agent = await deps.routing.getAgent(agentId);
  const callbackId = heldCallback(agent, agentId, ['offered', 'awaiting-customer']);
  const record = await heldRecord(deps, agent!, callbackId);
  const rejects = (agent!.offerRejects ?? 0) + (counted ? 1 : 0);
  const { options } = await serviceRouting(deps, record.service);
  const moved =
    options.maxAgentRejects > 0 && rejects >= options.maxAgentRejects
      ? await completeCallback(deps, record, `AGENT_PREVIEW_CANCEL_AFTER_${rejects}REJECTS`)
      : await returnToQueue(deps, record, agent!, rejects);
  if (!moved) throw new ConflictError(`Callback ${callbackId} changed meanwhile; try again.`);
  await releaseAgent(deps, agentId, callbackId, 'NOT_READY', { rejected: counted });
}

/**
 * The conversation is over: COMPLETED with AGENT_CONNECTED (guards given back), the handle time
 * recorded for the estimated wait, the agent READY (and offered the next callback) or NOT_READY.
 */
export async function completeWork(
  deps: AgentLifecyclePorts,
  agentId: string,
  then: 'READY' | 'NOT_READY',
  /** The agent as the caller just read it (saves a read; a stale one costs a retry when freed). */
  read?: AgentRecord,
): Promise<void> {
  const agent = read ?? (await deps.routing.getAgent(agentId));
  const callbackId = heldCallback(agent, agentId, ['connected']);
  const record = await deps.callbacks.get(callbackId);
  const now = deps.clock.now();
  if (record && record.state === 'PROCESSING' && record.agentId === agentId) {
    // A chat still running ends with the agent's Notice.Left before the callback completes.
    if (record.scenario.mediaType === 'chat') await agentLeavesChat(deps, record.id, agentId);
    const seconds = Math.max(0, Math.round((now - agent!.stateSince) / 1000));
    // The handle time rides on the completion's metrics write (same series, subject and minute).
    const handled = {
      kind: 'agent-handled',
      id: callbackId,
      service: record.service,
      mediaType: record.scenario.mediaType,
      seconds,
      at: now,
    } as const;
    if (!(await completeCallback(deps, record, 'AGENT_CONNECTED', [handled]))) {
      throw new ConflictError(`Callback ${callbackId} changed meanwhile; try again.`);
    }
    const { raw } = await serviceRouting(deps, record.service);
    const key = queueKeyOf({
      virtualQueue: record.virtualQueue ?? raw._urs_virtual_queue,
      target: record.target ?? raw._target,
    });
    await deps.routing.recordHandleTime(key, callbackId, now, seconds);
  } else {
    logger.warn('Agent completed a callback that was not PROCESSING with it', { agentId, callbackId });
  }
  // The callback's completion does not write the agent: the one read is still current (or the
  // conditional put finds out and reads it again).
  const freed = await releaseAgent(deps, agentId, callbackId, then, {
    handled: true,
    announce: false,
    ...(agent ? { read: agent } : {}),
  });
  if (then === 'READY') await serveAgent(deps, agentId, freed);
}

/** `callback-confirmed`: the customer confirmed a delayed user-terminated callback: dial now. */
export async function customerConfirmed(deps: DialFlowPorts, callbackId: string): Promise<void> {
  const pair = await heldPair(deps, callbackId, 'awaiting-customer');
  if (!pair || !isUserTerminatedVoice(pair.record)) return;
  await redial(deps, pair.record, pair.agent, nextDialAttempt(pair.record));
}

/**
 * `callback-call-arrived`: the customer's call was matched to the callback. Delayed: the agent
 * reserved for it gets the call (PROCESSING). Immediate: the call now waits in the queue.
 */
export async function callArrived(deps: RouteCallbackPorts, callbackId: string): Promise<void> {
  const record = await deps.callbacks.get(callbackId);
  if (!record) return;
  if (record.state === 'QUEUED') {
    await routeCallback(deps, callbackId, { callArrived: true });
    return;
  }
  const pair = await heldPair(deps, callbackId, 'awaiting-customer');
  if (pair) await connect(deps, pair.record, pair.agent);
}

/**
 * `callback-ended`: the callback left routing from outside (cancelled, rescheduled, completed by
 * an admin). Its waiting entry goes and the agent holding it, if any, is free again.
 */
export async function callbackEnded(
  deps: Pick<Ports, 'callbacks'> & ReleaseAgentPorts,
  callbackId: string,
  agentId?: string,
): Promise<void> {
  const record = await deps.callbacks.get(callbackId);
  if (isStale(record)) {
    const entry = await deps.routing.getWaiting(callbackId);
    if (entry) await deps.routing.removeWaiting(entry);
  }
  const holder = agentId ?? record?.agentId;
  if (!holder) return;
  const stillHeld =
    record && (record.state === 'ROUTING' || record.state === 'PROCESSING') && record.agentId === holder;
  if (!stillHeld) await releaseAgent(deps, holder, callbackId, 'READY');
}
