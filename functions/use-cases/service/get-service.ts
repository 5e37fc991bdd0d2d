import { ConfiguredStatusError, InvalidParameterError } from '../../domain/errors.js';
import { applicationData, readInteger } from '../../domain/option-values.js';
import { withoutAuthOptions } from '../../domain/public-access.js';
import { STATUS_CHECK_MAX_AGE_MS } from '../../domain/status-check-age.js';
import type { Ports } from '../../ports/index.js';
import type { ResolvedService } from './resolve-service.js';

/** A configured status and, for a 2xx that may carry one, the body: the options without a leading "_". */
export interface ConfiguredAnswer {
  status: number;
  body?: Record<string, string>;
}

/**
 * An HTTP status taken from a service option. Informational (1xx) codes are refused: they are not
 * final responses, so a load balancer could never see them.
 */
export function readStatusCode(service: ResolvedService, option: string, fallback: number): number {
  try {
    return readInteger(option, service.options[option], fallback, { min: 200, max: 599 });
  } catch (error) {
    if (!(error instanceof InvalidParameterError)) throw error;
    throw new InvalidParameterError(
      option,
      `Service '${service.name}' is misconfigured: option '${option}' must be an HTTP status code from 200 to 599, not '${service.options[option]}'.`,
    );
  }
}

/**
 * Answers with a configured status: a 2xx carries the service's options without a leading "_"
 * (the seed: custom parameters are returned, `_` ones never), any other code a GMS error body.
 */
export function configuredAnswer(
  service: ResolvedService,
  status: number,
  errorMessage: string,
): ConfiguredAnswer {
  // These statuses forbid a body.
  if (status === 204 || status === 205 || status === 304) return { status };
  // The authentication options are the service's own, never part of its answer.
  if (status >= 200 && status < 300)
    return { status, body: applicationData(withoutAuthOptions(service.options)) };
  throw new ConfiguredStatusError(status, errorMessage);
}

export type GetServicePorts = Pick<Ports, 'node'>;

/**
 * `get`: a load-balancer health check. ONLINE answers `_online_code` (200), OFFLINE or SHUTDOWN
 * answers `_offline_code` (503), so taking a node OFFLINE takes it out of the pool. The status may
 * be up to a second old: the check is polled, and reads it at most once a second per process.
 */
export async function getService(
  ports: GetServicePorts,
  service: ResolvedService,
): Promise<ConfiguredAnswer> {
  const node = await ports.node.get(STATUS_CHECK_MAX_AGE_MS);
  if (node === 'ONLINE') {
    const status = readStatusCode(service, '_online_code', 200);
    return configuredAnswer(service, status, `Service '${service.name}': node is ONLINE.`);
  }
  const status = readStatusCode(service, '_offline_code', 503);
  return configuredAnswer(service, status, `Service '${service.name}': node is ${node}.`);
}
