import { readQueuedCallback } from '../../domain/routing/queued-callback.js';
import type { Ports } from '../../ports/index.js';
import { handleDialResult, retryDial } from '../../use-cases/routing/dial-flow.js';
import { serveAgent, type RouteCallbackPorts } from '../../use-cases/routing/route-callback.js';
import type { WorkProcessor } from './work-processor.js';

/** The router's messages go through the `Router` port; the built-in router's own events need its ports. */
export type RoutingProcessorPorts = RouteCallbackPorts & Pick<Ports, 'router'>;

/**
 * Work messages of the built-in router (`id` is the callback id unless said otherwise):
 * - `route-callback` (`data.callback` optional: the callback as its sender wrote it, at `version`):
 *   a callback became QUEUED: queue it and offer it to a READY agent;
 * - `agent-ready` (`id` = agent id): an agent became free: offer it the next waiting callback;
 * - `dial-result` (`data.outcome`, `data.attempt`): the dialer's answer for one attempt;
 * - `dial-retry` (`data.attempt`): the next dial attempt is due;
 * - `callback-confirmed`: the customer confirmed a delayed user-terminated callback: dial;
 * - `callback-call-arrived`: the customer's call matched a user-originated callback;
 * - `callback-ended` (`data.agentId` optional): cancelled / rescheduled / completed elsewhere:
 *   drop its waiting entry and free its agent.
 *
 * What concerns a callback goes through `ports.router` (the `Router` port); `agent-ready`,
 * `dial-result` and `dial-retry` are the built-in router's own events.
 */
export const routingProcessors: Record<string, WorkProcessor<RoutingProcessorPorts>> = {
  'route-callback': (message, deps) =>
    deps.router.callbackQueued(
      message.id,
      readQueuedCallback(message.data?.callback, message.id, message.version),
    ),
  'agent-ready': (message, deps) => serveAgent(deps, message.id),
  'dial-result': (message, deps) => handleDialResult(deps, message),
  'dial-retry': (message, deps) => retryDial(deps, message),
  'callback-confirmed': (message, deps) => deps.router.customerConfirmed(message.id),
  'callback-call-arrived': (message, deps) => deps.router.customerCallArrived(message.id),
  'callback-ended': (message, deps) =>
    deps.router.callbackEnded(
      message.id,
      typeof message.data?.agentId === 'string' ? message.data.agentId : undefined,
    ),
};
