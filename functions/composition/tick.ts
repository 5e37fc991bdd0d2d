import type { RuntimeConfig } from '../runtime-config.js';
import { composePorts } from './factories.js';
import * as F from './port-factories.js';
import { ROUTING_FACTORIES, routingPorts } from './routing-ports.js';

/**
 * The one-minute tick: fan-out of the scheduling and expiry sweeps, the built-in router's
 * recovery and waiting-queue sweep, the report gauges, the index backfill and its heartbeat.
 */
export function composeTick(runtime: RuntimeConfig) {
  const p = composePorts(runtime, {
    ...ROUTING_FACTORIES,
    accessNumbers: F.accessNumbers,
    callbackIndexUpgrade: F.callbackIndexUpgrade,
    ticks: F.ticks,
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
