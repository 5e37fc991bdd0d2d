import type { RuntimeConfig } from '../runtime-config.js';
import { composePorts } from './factories.js';
import { authPorts, httpPorts } from './http-ports.js';

/**
 * The reports function reads: report figures (metrics), the configured services and resource
 * groups, and the live access-number counts. It writes nothing but the failed-login counters.
 */
export function composeReports(runtime: RuntimeConfig) {
  const p = composePorts(runtime);
  return {
    ...httpPorts(p),
    ...authPorts(p),
    config: p.config,
    metricsStore: p.metricsStore,
    accessNumbers: p.accessNumbers,
  };
}
