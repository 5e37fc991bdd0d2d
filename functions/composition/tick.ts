import type { RuntimeConfig } from '../runtime-config.js';
import { composePorts } from './factories.js';
import * as F from './port-factories.js';
import { routingPorts } from './routing-ports.js';

/**
 * The one-minute tick: fan-out of the scheduling and expiry sweeps, the built-in router's
 * recovery and waiting-queue sweep, the report gauges, the index backfill and its heartbeat.
 */
export function composeTick(runtime: RuntimeConfig) {
  const p = composePorts(runtime, {
    accessNumbers: F.accessNumbers,
    bayeux: F.bayeux,
    callbackEvents: F.callbackEvents,
    callbackIndexUpgrade: F.callbackIndexUpgrade,
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
    ticks: F.ticks,
    webhooks: F.webhooks,
  });
  return {
    ...routingPorts(p),
    runtime: p.runtime,
    clock: p.clock,
    callbackIndexUpgrade: p.callbackIndexUpgrade,
    accessNumbers: p.accessNumbers,
    ticks: p.ticks,
    operationalMetrics: p.operationalMetrics,
  };
}
