import type { Ports } from '../ports/index.js';
import { guardPorts, httpPorts } from './http-ports.js';
import * as F from './port-factories.js';
import { ROUTING_FACTORIES } from './routing-ports.js';

/**
 * The factories of the two functions that serve the customer's side of a callback (callback:
 * the Callback Services API; session: what follows on its session), with what they read in turn.
 */
export const CUSTOMER_FACTORIES = {
  ...ROUTING_FACTORIES,
  accessNumbers: F.accessNumbers,
  attempts: F.attempts,
  router: F.router,
};

/**
 * What both of them use: the HTTP and public API guard ports, callbacks and their events, the
 * session records, access numbers, report metrics, the work queue and the router.
 */
export function customerPorts(
  p: Pick<
    Ports,
    | 'runtime'
    | 'clock'
    | 'operationalMetrics'
    | 'config'
    | 'attempts'
    | 'ids'
    | 'callbacks'
    | 'callbackEvents'
    | 'sessions'
    | 'accessNumbers'
    | 'metrics'
    | 'queue'
    | 'router'
  >,
) {
  return {
    ...httpPorts(p),
    ...guardPorts(p),
    ids: p.ids,
    callbacks: p.callbacks,
    callbackEvents: p.callbackEvents,
    sessions: p.sessions,
    accessNumbers: p.accessNumbers,
    metrics: p.metrics,
    queue: p.queue,
    router: p.router,
  };
}
