import type { CallbackRecord } from '../../domain/callback/callback-record.js';
import { transition } from '../../domain/callback/callback-transition.js';
import { free, hold, type AgentRecord } from '../../domain/routing/agent.js';
import { phaseDeadline } from '../../domain/routing/routing-plan.js';
import { logger } from '../../observability.js';
import type { DialOutcome } from '../../ports/dialer.js';
import type { Ports } from '../../ports/index.js';
import type { WorkMessage } from '../../ports/work-queue.js';
import {
  changeCallback,
  completeCallback,
  entryFor,
  serviceRouting,
  updateAgent,
} from './routing-context.js';

/** SQS cannot delay a message longer; a longer retry wait is finished by the tick (phase deadline). */
const MAX_DELAY_MS = 15 * 60_000;

const OUTCOMES: readonly DialOutcome[] = ['answered', 'busy', 'no-answer'];

/** Frees an agent and announces it (`agent-ready`). */
export type ReleaseAgentPorts = Pick<Ports, 'routing' | 'clock' | 'queue'>;
/** The dial steps of a reservation: callback and agent writes, the dialer, retries through the queue. */
export type DialFlowPorts = Pick<
  Ports,
  'callbacks' | 'callbackEvents' | 'routing' | 'clock' | 'config' | 'queue' | 'dialer'
>;

/**
 * Frees the agent that held `callbackId` and asks the worker to offer it the next waiting
 * callback (a message, so this module needs no reference to the reservation code).
 */
export async function releaseAgent(
  deps: ReleaseAgentPorts,
  agentId: string,
  callbackId: string,
  state: 'READY' | 'NOT_READY',
  counters: {
    handled?: boolean;
    rejected?: boolean;
    announce?: boolean;
    onlyVersion?: number;
    /** The agent as the caller read it (saves a read; a stale one costs a retry, see `updateAgent`). */
    read?: AgentRecord;
  } = {},
): Promise<AgentRecord | undefined> {
  const now = deps.clock.now();
  const freed = await updateAgent(
    deps,
    agentId,
    (a) => {
      if (!a || a.callbackId !== callbackId) return undefined;
      // The tick frees what it read: the agent may hold the same callback again by now.
      if (counters.onlyVersion !== undefined && a.version !== counters.onlyVersion) return undefined;
      const next = free(a, state, now);
      if (counters.handled) next.handled += 1;
      if (counters.rejected) next.rejects += 1;
      return next;
    },
    counters.read,
  );
  if (freed?.state === 'READY' && counters.announce !== false)
    await deps.queue.send({ kind: 'agent-ready', id: agentId });
  return freed;
}

/** The attempt a new reservation of `record` dials: numbering continues across reservations. */
export const nextDialAttempt = (record: CallbackRecord) => (record.dialAttempts ?? 0) + 1;

/** Asks the telephony side to call the customer (attempt `attempt`). */
export async function dialCustomer(
  deps: DialFlowPorts,
  record: CallbackRecord,
  agent: AgentRecord,
  attempt: number,
): Promise<void> {
  if (!record.customerNumber) {
    if (await completeCallback(deps, record, 'FAIL_NO_CUSTOMER_NUMBER')) {
      await releaseAgent(deps, agent.id, record.id, 'READY');
    }
    return;
  }
  logger.info('Dialing customer', { callbackId: record.id, agentId: agent.id, attempt });
  await deps.dialer.dial({
    callbackId: record.id,
    customerNumber: record.customerNumber,
    agentId: agent.id,
    attempt,
  });
}

/** The callback in ROUTING and its agent, if the agent still holds it in `phase`. */
export async function heldPair(
  deps: Pick<Ports, 'callbacks' | 'routing'>,
  callbackId: string,
  phase: AgentRecord['phase'],
): Promise<{ record: CallbackRecord; agent: AgentRecord } | undefined> {
  const record = await deps.callbacks.get(callbackId);
  if (!record || record.state !== 'ROUTING' || !record.agentId) return undefined;
  const agent = await deps.routing.getAgent(record.agentId);
  if (!agent || agent.callbackId !== callbackId || agent.phase !== phase) return undefined;
  return { record, agent };
}

/**
 * A dial attempt failed. With attempts left, the agent stays reserved and the next attempt is
 * sent as a delayed message after `_dial_retry_timeout`; otherwise the callback completes with
 * FAIL_CALL_TO_CUSTOMER (giving back its guards) and the agent is free again.
 */
export async function dialFailed(
  deps: DialFlowPorts,
  record: CallbackRecord,
  agent: AgentRecord,
): Promise<void> {
  const { options } = await serviceRouting(deps, record.service);
  const attempt = agent.attempt ?? 1;
  const now = deps.clock.now();
  if (attempt < options.maxDialAttempts) {
    const waiting = await updateAgent(deps, agent.id, (a) =>
      a && a.callbackId === record.id && a.phase === 'dialing' && a.attempt === attempt
        ? hold(a, record.id, 'retry-wait', now, {
            deadline: phaseDeadline('retry-wait', record.scenario, options, now),
            attempt,
          })
        : undefined,
    );
    if (waiting) {
      await deps.queue.send(
        { kind: 'dial-retry', id: record.id, data: { agentId: agent.id, attempt: attempt + 1 } },
        Math.min(options.dialRetryMs, MAX_DELAY_MS),
      );
    }
    return;
  }
  if (await completeCallback(deps, record, 'FAIL_CALL_TO_CUSTOMER')) {
    logger.info('Customer not reached', { callbackId: record.id, attempts: attempt });
    await releaseAgent(deps, agent.id, record.id, 'READY');
  }
}

/**
 * A dial whose result did not come by its deadline (the runtime restarted, the telephony side lost
 * it): the attempt counts, and the reservation is given back at once rather than after a retry
 * wait, since nothing says the customer was busy. With attempts left, one transaction frees the
 * agent and puts the callback back in the queue at its old place with the attempts made (the next
 * reservation dials the following attempt); otherwise it completes with FAIL_CALL_TO_CUSTOMER.
 * Every write is conditional on the agent version read with the overdue deadline and the callback
 * version, so a concurrent tick or a late result for this attempt changes nothing twice.
 */
export async function recoverLostDial(
  deps: DialFlowPorts,
  record: CallbackRecord,
  agent: AgentRecord,
): Promise<void> {
  const routing = await serviceRouting(deps, record.service);
  const attempt = agent.attempt ?? 1;
  // A tick running alongside may have acted on this agent already.
  if ((await deps.routing.getAgent(agent.id))?.version !== agent.version) return;
  logger.warn('Dial result lost; giving the reservation back', {
    callbackId: record.id,
    agentId: agent.id,
    attempt,
  });
  if (attempt >= routing.options.maxDialAttempts) {
    if (await completeCallback(deps, record, 'FAIL_CALL_TO_CUSTOMER')) {
      await releaseAgent(deps, agent.id, record.id, 'READY', { onlyVersion: agent.version });
    }
    return;
  }
  const now = deps.clock.now();
  const queued = transition(record, 'QUEUED', {
    now,
    clearAgent: true,
    set: { dialAttempts: attempt },
    statusOnly: true,
  });
  const requeued = await deps.routing.requeue({
    agent: free(agent, 'READY', now),
    callbackId: record.id,
    callbackVersion: record.version,
    change: queued.change,
    entry: entryFor(record, routing, { rejects: agent.offerRejects ?? 0 }),
    now,
  });
  if (!requeued) return;
  await deps.callbackEvents.publish(queued.events);
  await deps.queue.send({ kind: 'agent-ready', id: agent.id });
  await deps.queue.send({ kind: 'route-callback', id: record.id });
}

/** `dial-result`: answered -> PROCESSING with the agent BUSY; busy / no-answer -> retry or fail. */
export async function handleDialResult(deps: DialFlowPorts, message: WorkMessage): Promise<void> {
  const outcome = message.data?.outcome as DialOutcome;
  const attempt = message.data?.attempt;
  if (!OUTCOMES.includes(outcome) || typeof attempt !== 'number') {
    // Redelivery cannot fix a malformed message: drop it loudly.
    logger.error('dial-result without a valid outcome and attempt', { workMessage: message });
    return;
  }
  const pair = await heldPair(deps, message.id, 'dialing');
  if (!pair) return;
  const { record, agent } = pair;
  // Attempt numbers never repeat for a callback (every way back to the queue from ROUTING keeps
  // `dialAttempts`: `recoverLostDial`, `returnToQueue`): a late result for an earlier (or
  // recovered) one matches nothing.
  if (attempt !== agent.attempt) return;
  if (outcome !== 'answered') {
    await dialFailed(deps, record, agent);
    return;
  }
  if (!(await changeCallback(deps, record, 'PROCESSING'))) return;
  const now = deps.clock.now();
  // The agent as read with the callback: a stale copy fails the conditional put and is read again.
  await updateAgent(
    deps,
    agent.id,
    (a) =>
      a && a.callbackId === record.id && a.state === 'RESERVED'
        ? hold(a, record.id, 'connected', now, { attempt: a.attempt })
        : undefined,
    agent,
  );
}

/** `dial-retry`: the next attempt, if the agent still waits for it. */
export async function retryDial(deps: DialFlowPorts, message: WorkMessage): Promise<void> {
  const pair = await heldPair(deps, message.id, 'retry-wait');
  if (!pair) return;
  const attempt = (pair.agent.attempt ?? 1) + 1;
  if (message.data?.attempt !== undefined && message.data.attempt !== attempt) return;
  await redial(deps, pair.record, pair.agent, attempt);
}

/** Moves the agent to `dialing` for `attempt` and dials (also used by the tick). */
export async function redial(
  deps: DialFlowPorts,
  record: CallbackRecord,
  agent: AgentRecord,
  attempt: number,
): Promise<void> {
  const { options } = await serviceRouting(deps, record.service);
  const now = deps.clock.now();
  const dialing = await updateAgent(deps, agent.id, (a) =>
    a && a.callbackId === record.id && a.version === agent.version
      ? hold(a, record.id, 'dialing', now, {
          deadline: phaseDeadline('dialing', record.scenario, options, now),
          attempt,
        })
      : undefined,
  );
  if (dialing) await dialCustomer(deps, record, dialing, attempt);
}
