import type { AuthorizePorts } from '../http/authenticate.js';
import type { HttpPorts } from '../http/handler-factory.js';
import type { Ports } from '../ports.js';

/**
 * What every HTTP function needs before its operation runs (the public API guard, the
 * per-invocation metrics), picked from `p` (reading a port builds it).
 */
export function httpPorts(p: Ports): HttpPorts & Pick<Ports, 'operationalMetrics'> {
  return {
    runtime: p.runtime,
    clock: p.clock,
    config: p.config,
    attempts: p.attempts,
    operationalMetrics: p.operationalMetrics,
  };
}

/** What authorizing a request reads, for the areas with routes that are not public. */
export function authPorts(p: Ports): Pick<AuthorizePorts, 'tokens' | 'users'> {
  return { tokens: p.tokens, users: p.users };
}
