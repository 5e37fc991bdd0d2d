import type { HttpPorts } from '../http/handler-factory.js';
import type { Ports } from '../ports.js';

/**
 * What every HTTP function needs before its operation runs (authorization, the public API
 * guard, the per-invocation metrics), picked from `p` (reading a port builds it).
 */
export function httpPorts(p: Ports): HttpPorts & Pick<Ports, 'operationalMetrics'> {
  return {
    runtime: p.runtime,
    clock: p.clock,
    config: p.config,
    attempts: p.attempts,
    tokens: p.tokens,
    users: p.users,
    operationalMetrics: p.operationalMetrics,
  };
}
