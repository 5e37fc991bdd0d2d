import type { RuntimeConfig } from '../runtime-config.js';
import { composePorts } from './factories.js';
import { routingPorts } from './routing-ports.js';

/**
 * The one-minute tick: fan-out of the scheduling and expiry sweeps, the built-in router's
 * recovery and waiting-queue sweep, the report gauges, the index backfill and its heartbeat.
 */
export function composeTick(runtime: RuntimeConfig) {
  const p = composePorts(runtime);
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
