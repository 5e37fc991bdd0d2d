import type { AuthorizePorts } from '../http/authenticate.js';
import type { HttpPorts } from '../http/handler-factory.js';
import type { Ports } from '../ports/index.js';

/** What every HTTP function needs around its operations (settings, time, per-invocation metrics). */
export function httpPorts(
  p: Pick<Ports, 'runtime' | 'clock' | 'operationalMetrics'>,
): HttpPorts & Pick<Ports, 'operationalMetrics'> {
  return { runtime: p.runtime, clock: p.clock, operationalMetrics: p.operationalMetrics };
}

/** The public API guard (rate limit, Basic or API key), for areas with routes under the lock-down. */
export function guardPorts(p: Pick<Ports, 'config' | 'attempts'>): Pick<Ports, 'config' | 'attempts'> {
  return { config: p.config, attempts: p.attempts };
}

/** What authorizing a request reads, for the areas with routes that are not public. */
export function authPorts(
  p: Pick<Ports, 'tokens' | 'users' | 'attempts'>,
): Pick<AuthorizePorts, 'tokens' | 'users' | 'attempts'> {
  return { tokens: p.tokens, users: p.users, attempts: p.attempts };
}
