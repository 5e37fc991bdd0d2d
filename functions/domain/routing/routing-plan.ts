import type { CallbackScenario } from '../callback/callback-record.js';
import { readInteger } from '../option-values.js';
import type { AgentPhase } from './agent.js';
import { userConfirmationRequest } from '../callback/user-confirmation-dialog.js';

/** The service options the router reads (defaults as in the callback template). */
export interface RoutingOptions {
  maxDialAttempts: number;
  dialRetryMs: number;
  userConfirmTimeoutMs: number;
  bookingExpirationMs: number;
  firstConnectParty: 'CUSTOMER' | 'AGENT';
  /** `_agent_availability_notification_delay`, the EWT threshold of `_agent_ready_threshold_passed`. */
  readyEtaThresholdSeconds: number;
  queuedTtlMs: number;
  /** `_max_agent_rejects` (this product's option): rejects before AGENT_PREVIEW_CANCEL_AFTER_<n>REJECTS; 0 = never. */
  maxAgentRejects: number;
}

/** An offered callback goes back to the queue when the agent neither accepts nor rejects in this time. */
export const AGENT_ACCEPT_TIMEOUT_MS = 60_000;
/** A dial with no result after this long counts as not answered (the result was lost). */
export const DIAL_RESULT_TIMEOUT_MS = 120_000;
/** Slack after a due retry before the tick redials (the delayed message was lost). */
export const RETRY_SLACK_MS = 60_000;
/**
 * A BUSY agent has no phase deadline; the tick checks this long after it connected (and as long
 * again each time) that its callback still runs, so one whose `callback-ended` was lost is freed.
 */
export const BUSY_CHECK_MS = 10 * 60_000;
/** A rejected callback is not offered again before this, so the next agent gets a fair chance. */
export const REJECT_BACKOFF_MS = 2_000;

const DAY = 86_400;

export function readRoutingOptions(options: Record<string, string>): RoutingOptions {
  const seconds = (name: string, fallback: number) =>
    readInteger(name, options[name], fallback, { min: 0, max: 30 * DAY });
  const party = (options._userterminated_first_connect_party ?? 'CUSTOMER').trim().toUpperCase();
  return {
    maxDialAttempts: readInteger('_max_dial_attempts', options._max_dial_attempts, 3, { min: 1, max: 100 }),
    dialRetryMs: seconds('_dial_retry_timeout', 300) * 1000,
    userConfirmTimeoutMs: seconds('_user_confirm_timeout', 30) * 1000,
    bookingExpirationMs: seconds('_booking_expiration_timeout', 30) * 1000,
    firstConnectParty: party === 'AGENT' ? 'AGENT' : 'CUSTOMER',
    readyEtaThresholdSeconds: seconds('_agent_availability_notification_delay', 30),
    queuedTtlMs: seconds('_urs_queued_ttl', 14_400) * 1000,
    maxAgentRejects: readInteger('_max_agent_rejects', options._max_agent_rejects, 0, { min: 0, max: 1000 }),
  };
}

/**
 * What happens once an agent is reserved for a callback:
 * - delayed scenarios (`_wait_for_agent`) first tell the customer an agent is available (push);
 * - user-terminated voice calls the customer right away, unless the customer must confirm first
 *   (`_wait_for_user_confirm`) or the agent is to be connected first
 *   (`_userterminated_first_connect_party=AGENT`: the agent accepts, then the dial starts);
 * - user-originated voice waits for the customer's call (delayed) or, when the call is already
 *   there (immediate: only queued once it arrived), offers it to the agent;
 * - chat is offered to the agent, who accepts it.
 */
export interface ReservationPlan {
  notifyCustomer: boolean;
  phase: AgentPhase;
  dialNow: boolean;
}

export function planReservation(scenario: CallbackScenario, options: RoutingOptions): ReservationPlan {
  const notifyCustomer = scenario.waitForAgent;
  if (scenario.mediaType === 'chat') return { notifyCustomer, phase: 'offered', dialNow: false };
  if (scenario.direction === 'USERORIGINATED') {
    return { notifyCustomer, phase: scenario.waitForAgent ? 'awaiting-customer' : 'offered', dialNow: false };
  }
  if (scenario.waitForAgent && scenario.waitForUserConfirm) {
    return { notifyCustomer, phase: 'awaiting-customer', dialNow: false };
  }
  if (options.firstConnectParty === 'AGENT') return { notifyCustomer, phase: 'offered', dialNow: false };
  return { notifyCustomer, phase: 'dialing', dialNow: true };
}

/** When the phase entered at `now` times out. */
export function phaseDeadline(
  phase: AgentPhase,
  scenario: CallbackScenario,
  options: RoutingOptions,
  now: number,
): number | undefined {
  switch (phase) {
    case 'offered':
      return now + AGENT_ACCEPT_TIMEOUT_MS;
    case 'awaiting-customer':
      // A user-originated customer must also dial the access number it is given.
      return (
        now +
        options.userConfirmTimeoutMs +
        (scenario.direction === 'USERORIGINATED' && scenario.mediaType === 'voice'
          ? options.bookingExpirationMs
          : 0)
      );
    case 'dialing':
      return now + DIAL_RESULT_TIMEOUT_MS;
    case 'retry-wait':
      return now + options.dialRetryMs + RETRY_SLACK_MS;
    case 'connected':
      return undefined;
  }
}

/** Whether the scenario waits in the queue only once the customer's call has arrived. */
export function queuesOnCallArrival(scenario: CallbackScenario): boolean {
  return scenario.mediaType === 'voice' && scenario.direction === 'USERORIGINATED' && !scenario.waitForAgent;
}

/**
 * The push action that tells the customer an agent is available: the next dialog's name, or with
 * the service option `_agent_available_action=get-dialog` the request GMS's own callback strategy
 * names (`get-dialog-user-confirmation-provide_code-<_provide_code>`), which the seed's samples
 * POST to as they receive it.
 */
export function agentAvailableAction(
  scenario: CallbackScenario,
  serviceOptions: Record<string, string> = {},
): string {
  if (serviceOptions._agent_available_action?.trim().toLowerCase() === 'get-dialog') {
    return userConfirmationRequest(serviceOptions._provide_code?.trim().toLowerCase() === 'true');
  }
  return scenario.mediaType === 'chat' ? 'StartChat' : 'ConnectCall';
}
