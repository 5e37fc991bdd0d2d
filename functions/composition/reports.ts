import type { RuntimeConfig } from '../runtime-config.js';
import { composePorts } from './factories.js';
import * as F from './port-factories.js';
import { authPorts, httpPorts } from './http-ports.js';

/**
 * The reports function reads: report figures (metrics), the configured services and resource
 * groups, and the live access-number counts. It writes nothing but the failed-login counters.
 */
export function composeReports(runtime: RuntimeConfig) {
  const p = composePorts(runtime, {
    accessNumbers: F.accessNumbers,
    attempts: F.attempts,
    clock: F.clock,
    config: F.config,
    doc: F.doc,
    ids: F.ids,
    metricsStore: F.metricsStore,
    operationalMetrics: F.operationalMetrics,
    runtime: F.runtime,
    tokens: F.tokens,
    users: F.users,
  });
  return {
    ...httpPorts(p),
    ...authPorts(p),
    config: p.config,
    metricsStore: p.metricsStore,
    accessNumbers: p.accessNumbers,
  };
}
