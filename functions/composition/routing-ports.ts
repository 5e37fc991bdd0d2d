import type { Ports } from '../ports/index.js';

/**
 * What the built-in router's flows use (the agent API, the worker's routing messages, the tick's
 * recoveries, `agent-chat` frames): callbacks and their events, agents and the waiting queue,
 * the work queue, the dialer, push (and ids for its notification ids), report metrics and the
 * services' routing options.
 */
export function routingPorts(
  p: Pick<
    Ports,
    'config' | 'callbacks' | 'callbackEvents' | 'routing' | 'queue' | 'dialer' | 'push' | 'metrics' | 'ids'
  >,
) {
  return {
    config: p.config,
    callbacks: p.callbacks,
    callbackEvents: p.callbackEvents,
    routing: p.routing,
    queue: p.queue,
    dialer: p.dialer,
    push: p.push,
    metrics: p.metrics,
    ids: p.ids,
  };
}
