import type { RuntimeConfig } from '../runtime-config.js';
import { composePorts } from './factories.js';

/**
 * The one-minute tick: fan-out of the scheduling and expiry sweeps, the built-in router's
 * recovery and waiting-queue sweep, the report gauges, the index backfill and its heartbeat.
 */
export function composeTick(runtime: RuntimeConfig) {
  const p = composePorts(runtime);
  return {
    runtime: p.runtime,
    clock: p.clock,
    config: p.config,
    callbacks: p.callbacks,
    callbackEvents: p.callbackEvents,
    callbackIndexUpgrade: p.callbackIndexUpgrade,
    routing: p.routing,
    queue: p.queue,
    dialer: p.dialer,
    push: p.push,
    accessNumbers: p.accessNumbers,
    metrics: p.metrics,
    ticks: p.ticks,
    operationalMetrics: p.operationalMetrics,
  };
}
