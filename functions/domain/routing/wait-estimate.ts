/**
 * Estimated wait time (EWT), in seconds:
 *
 *     position x average handle time / agents serving the queue
 *
 * where the average is over the last `HANDLE_TIME_SAMPLES` completed callbacks of the same queue
 * (virtual queue, else target) and "agents serving" counts logged-in agents (READY, NOT_READY,
 * RESERVED or BUSY) that match the target. Without any completed callback, or with no agent
 * logged in for the target, there is nothing to estimate from and the answer is `n/a`, as GMS
 * answers when URS gives no EWT.
 */
export const HANDLE_TIME_SAMPLES = 10;

export type Eta = number | 'n/a';

export function estimateWait(
  position: number,
  handleTimesSeconds: readonly number[],
  servingAgents: number,
): Eta {
  if (handleTimesSeconds.length === 0 || servingAgents <= 0) return 'n/a';
  const average = handleTimesSeconds.reduce((s, t) => s + t, 0) / handleTimesSeconds.length;
  return Math.ceil((position * average) / servingAgents);
}

/** Position at or below which the customer is near the head of the queue. */
export const READY_POSITION_THRESHOLD = 5;

export interface ReadyThreshold {
  passed: boolean;
  reason: string;
}

/**
 * `_agent_ready_threshold_passed`: whether the app should get ready for the agent (show "an agent
 * will be with you shortly", keep the user in the app). Passed when an agent is already held for
 * the callback, when the EWT is `n/a` (nothing says it is far off; GMS answers `true` with reason
 * `eta n/a` too), or when both the EWT is at most `etaThresholdSeconds` (the service's
 * `_agent_availability_notification_delay`) and the position at most `READY_POSITION_THRESHOLD`.
 */
export function readyThreshold(
  position: number,
  eta: Eta,
  etaThresholdSeconds: number,
  agentHeld = false,
): ReadyThreshold {
  if (agentHeld) return { passed: true, reason: 'agent reserved' };
  if (eta === 'n/a') return { passed: true, reason: 'eta n/a' };
  const etaOk = eta <= etaThresholdSeconds;
  const positionOk = position <= READY_POSITION_THRESHOLD;
  if (etaOk && positionOk) {
    return {
      passed: true,
      reason: `eta <= ${etaThresholdSeconds} and position <= ${READY_POSITION_THRESHOLD}`,
    };
  }
  return {
    passed: false,
    reason: !etaOk ? `eta > ${etaThresholdSeconds}` : `position > ${READY_POSITION_THRESHOLD}`,
  };
}
