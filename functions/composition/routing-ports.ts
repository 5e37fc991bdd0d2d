import type { Ports } from '../ports/index.js';
import * as F from './port-factories.js';

/**
 * The factories `routingPorts` needs, with everything they read in turn (push reads sockets,
 * device channels, sessions...): what every function running the router's flows composes.
 */
export const ROUTING_FACTORIES = {
  bayeux: F.bayeux,
  callbackEvents: F.callbackEvents,
  callbacks: F.callbacks,
  clock: F.clock,
  config: F.config,
  connections: F.connections,
  deviceChannels: F.deviceChannels,
  dialer: F.dialer,
  doc: F.doc,
  ids: F.ids,
  metrics: F.metrics,
  metricsStore: F.metricsStore,
  mobilePush: F.mobilePush,
  notifications: F.notifications,
  operationalMetrics: F.operationalMetrics,
  push: F.push,
  pushEndpoints: F.pushEndpoints,
  queue: F.queue,
  routing: F.routing,
  runtime: F.runtime,
  sessions: F.sessions,
  sockets: F.sockets,
  webhooks: F.webhooks,
};

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
