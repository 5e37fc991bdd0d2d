import { ConfiguredStatusError, InvalidParameterError } from '../../domain/errors.js';
import { applicationData, readInteger } from '../../domain/option-values.js';
import { withoutAuthOptions } from '../../domain/public-access.js';
import type { HttpResult } from '../../http/http-result.js';
import type { ServiceCall, ServiceKind } from '../../handlers/service/service-kind.js';

/**
 * An HTTP status taken from a service option. Informational (1xx) codes are refused: they are not
 * final responses, so a load balancer could never see them.
 */
export function readStatusCode(call: ServiceCall, option: string, fallback: number): number {
  try {
    return readInteger(option, call.options[option], fallback, { min: 200, max: 599 });
  } catch (error) {
    if (!(error instanceof InvalidParameterError)) throw error;
    throw new InvalidParameterError(
      option,
      `Service '${call.name}' is misconfigured: option '${option}' must be an HTTP status code from 200 to 599, not '${call.options[option]}'.`,
    );
  }
}

/**
 * Answers with a configured status: a 2xx carries the service's options without a leading "_"
 * (the seed: custom parameters are returned, `_` ones never), any other code a GMS error body.
 */
export function configuredResponse(call: ServiceCall, status: number, errorMessage: string): HttpResult {
  // These statuses forbid a body.
  if (status === 204 || status === 205 || status === 304) return { status, empty: true };
  // The authentication options are the service's own, never part of its answer.
  if (status >= 200 && status < 300)
    return { status, json: applicationData(withoutAuthOptions(call.options)) };
  throw new ConfiguredStatusError(status, errorMessage);
}

/**
 * `get`: a load-balancer health check. ONLINE answers `_online_code` (200), OFFLINE or SHUTDOWN
 * answers `_offline_code` (503), so taking a node OFFLINE takes it out of the pool.
 */
export const getKind: ServiceKind = {
  async query(call) {
    const node = await call.deps.node.get();
    if (node === 'ONLINE') {
      const status = readStatusCode(call, '_online_code', 200);
      return configuredResponse(call, status, `Service '${call.name}': node is ONLINE.`);
    }
    const status = readStatusCode(call, '_offline_code', 503);
    return configuredResponse(call, status, `Service '${call.name}': node is ${node}.`);
  },
};
