import type { WorkProcessor } from './work-processor.js';
import { callArrived, callbackEnded, customerConfirmed } from '../routing/agent-lifecycle.js';
import { handleDialResult, retryDial } from '../routing/dial-flow.js';
import { routeCallback, serveAgent } from '../routing/reservation.js';

/**
 * Work messages of the built-in router (`id` is the callback id unless said otherwise):
 * - `route-callback`: a callback became QUEUED: queue it and offer it to a READY agent;
 * - `agent-ready` (`id` = agent id): an agent became free: offer it the next waiting callback;
 * - `dial-result` (`data.outcome`, `data.attempt`): the dialer's answer for one attempt;
 * - `dial-retry` (`data.attempt`): the next dial attempt is due;
 * - `callback-confirmed`: the customer confirmed a delayed user-terminated callback: dial;
 * - `callback-call-arrived`: the customer's call matched a user-originated callback;
 * - `callback-ended` (`data.agentId` optional): cancelled / rescheduled / completed elsewhere:
 *   drop its waiting entry and free its agent.
 */
export const routingProcessors: Record<string, WorkProcessor> = {
  'route-callback': (message, deps) => routeCallback(deps, message.id),
  'agent-ready': (message, deps) => serveAgent(deps, message.id),
  'dial-result': (message, deps) => handleDialResult(deps, message),
  'dial-retry': (message, deps) => retryDial(deps, message),
  'callback-confirmed': (message, deps) => customerConfirmed(deps, message.id),
  'callback-call-arrived': (message, deps) => callArrived(deps, message.id),
  'callback-ended': (message, deps) =>
    callbackEnded(
      deps,
      message.id,
      typeof message.data?.agentId === 'string' ? message.data.agentId : undefined,
    ),
};
