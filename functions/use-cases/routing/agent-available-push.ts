import type { AgentRecord } from '../../domain/routing/agent.js';
import type { ReservableCopy } from '../../domain/routing/reservable-copy.js';
import { agentAvailableAction } from '../../domain/routing/routing-plan.js';
import { logger } from '../../observability.js';
import type { Ports } from '../../ports/index.js';
import type { PushRecipients } from '../../ports/push.js';
import type { PendingPush } from '../../ports/routing.js';

/**
 * The agent-available push of a reservation, at least once across a crash: it is recorded in the
 * reservation's own transaction (`Reservation.push`), posted right after the commit and forgotten
 * after the post (`RoutingStore.pushSent`). A process that dies in between leaves it pending; the
 * tick (or, locally, the next start) posts it with the same notification id, so a device that
 * got it twice can tell, and forgets it then.
 */

/**
 * How long a pending push is left to the process that recorded it: longer than any function that
 * reserves runs (agent API 10 s, work queue consumer 30 s, tick 55 s), so the tick never posts a
 * push whose own post may still be under way.
 */
export const PENDING_PUSH_GRACE_MS = 60_000;

/** Pending pushes posted again per pass at most: bounded work; a backlog drains over the next ticks. */
export const PENDING_PUSHES_PER_PASS = 200;

export type AgentAvailablePushPorts = Pick<Ports, 'push' | 'routing' | 'callbacks' | 'clock' | 'ids'>;

/**
 * The push a reservation of `agent` for callback `id` owes its customer, with its notification
 * id. `callback`: the record as read, or its waiting entry's copy (`ReservableCopy`).
 */
export function agentAvailablePush(
  deps: Pick<Ports, 'ids'>,
  id: string,
  callback: Pick<ReservableCopy, 'scenario' | 'deviceOs' | 'deviceNotificationId'>,
  agent: AgentRecord,
  raw: Record<string, string>,
  now: number,
): PendingPush {
  return {
    callbackId: id,
    agentId: agent.id,
    target: {
      sessionId: id,
      ...(callback.deviceOs !== undefined ? { deviceOs: callback.deviceOs } : {}),
      ...(callback.deviceNotificationId !== undefined
        ? { deviceNotificationId: callback.deviceNotificationId }
        : {}),
    },
    notification: {
      id: deps.ids.id(),
      tag: `service.agentavailable.${id}`,
      message: { _action: agentAvailableAction(callback.scenario, raw), _id: id },
    },
    at: now,
    phaseMs: agent.deadline !== undefined ? Math.max(0, agent.deadline - now) : 0,
  };
}

/**
 * The recipients of `push`, looked up now so that the lookup runs while the reservation commits
 * (the frame then leaves as soon as it has). A reservation that loses its race never awaits it: a
 * failed lookup is marked handled here and thrown to the `notify` that awaits it.
 */
export function lookAhead(deps: Pick<Ports, 'push'>, push: PendingPush): Promise<PushRecipients> {
  const recipients = deps.push.recipients(push.target.sessionId);
  recipients.catch(() => undefined);
  return recipients;
}

/**
 * Posts the push (to `recipients` when they were looked up ahead). A failure is logged, not thrown: the reservation stands and the push stays
 * pending for the recovery. True when the push port took it.
 */
export async function postAgentAvailable(
  deps: Pick<Ports, 'push'>,
  push: PendingPush,
  recipients?: Promise<PushRecipients>,
): Promise<boolean> {
  try {
    await deps.push.notify(push.target, push.notification, recipients);
    return true;
  } catch (e) {
    logger.error('Agent-available notification failed; it stays pending', {
      callbackId: push.callbackId,
      error: e as Error,
    });
    return false;
  }
}

/** Forgets a posted push. A failure only means it may be posted once more (same id): logged. */
export async function forgetPosted(deps: Pick<Ports, 'routing'>, push: PendingPush): Promise<void> {
  try {
    await deps.routing.pushSent(push.callbackId);
  } catch (e) {
    logger.warn('Forgetting a posted push failed; it may be posted again', {
      callbackId: push.callbackId,
      error: e as Error,
    });
  }
}

/**
 * Posts the pending pushes recorded at or before `until` whose reservation still stands (the
 * callback ROUTING with the agent, the agent RESERVED for it) and forgets the rest. An agent
 * awaiting the customer gets its whole phase again from the frame: a customer told late must not
 * time out (FAIL_USER_NO_CONFIRM) for the time it was not told. Returns how many were posted.
 */
export async function resendPendingPushes(deps: AgentAvailablePushPorts, until: number): Promise<number> {
  let posted = 0;
  for (const push of await deps.routing.listPendingPushes(until, PENDING_PUSHES_PER_PASS)) {
    try {
      if (await resendPendingPush(deps, push)) posted++;
    } catch (e) {
      // One push's problem must not stop the others; it stays pending for the next pass.
      logger.error('Posting a pending push again failed', { callbackId: push.callbackId, error: e as Error });
    }
  }
  return posted;
}

async function resendPendingPush(deps: AgentAvailablePushPorts, push: PendingPush): Promise<boolean> {
  const [record, agent] = await Promise.all([
    deps.callbacks.get(push.callbackId),
    deps.routing.getAgent(push.agentId),
  ]);
  const stands =
    record?.state === 'ROUTING' &&
    record.agentId === push.agentId &&
    agent?.state === 'RESERVED' &&
    agent.callbackId === push.callbackId;
  if (!stands) {
    await deps.routing.pushSent(push.callbackId);
    return false;
  }
  const deadline = deps.clock.now() + push.phaseMs;
  if (agent.phase === 'awaiting-customer' && (agent.deadline === undefined || agent.deadline < deadline)) {
    // Conditional on the version read: an agent that moved meanwhile is looked at again next pass.
    if (!(await deps.routing.saveAgent({ ...agent, deadline, version: agent.version + 1 }, agent.version))) {
      return false;
    }
  }
  logger.warn('Posting an agent-available push left pending (a process died before posting it)', {
    callbackId: push.callbackId,
    agentId: push.agentId,
  });
  if (!(await postAgentAvailable(deps, push))) return false;
  await forgetPosted(deps, push);
  return true;
}

/** The tick's pass: pushes pending for longer than their own process can have been posting them. */
export async function recoverPendingPushes(deps: AgentAvailablePushPorts): Promise<void> {
  await resendPendingPushes(deps, deps.clock.now() - PENDING_PUSH_GRACE_MS);
}
