import type { RuntimeConfig } from '../runtime-config.js';
import { composePorts } from './factories.js';
import * as F from './port-factories.js';
import { httpPorts } from './http-ports.js';

/** The patterns function: matches posted fields against the stored pattern groups (config). */
export function composePatterns(runtime: RuntimeConfig) {
  const p = composePorts(runtime, {
    clock: F.clock,
    config: F.config,
    doc: F.doc,
    operationalMetrics: F.operationalMetrics,
    runtime: F.runtime,
  });
  // Patterns are outside the public API lock-down: no rate-limit counters.
  return { ...httpPorts(p), config: p.config };
}
