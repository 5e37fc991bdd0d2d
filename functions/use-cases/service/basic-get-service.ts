import { InvalidParameterError } from '../../domain/errors.js';
import { configuredAnswer, readStatusCode, type ConfiguredAnswer } from './get-service.js';
import type { ResolvedService } from './resolve-service.js';

/**
 * `basic_get`: answers the status configured in its mandatory `result` option. With a 2xx the body
 * is the options without a leading "_" (seed: `{"result":"200","error_code":"200 OK"}`); with any
 * other status a GMS error body whose message is the `error_code` option when there is one.
 * Needs no port: the answer is all in the configuration.
 */
export function basicGetService(service: ResolvedService): ConfiguredAnswer {
  if ((service.options.result ?? '').trim() === '') {
    throw new InvalidParameterError(
      'result',
      `Service '${service.name}' is misconfigured: the mandatory option 'result' (the HTTP status to answer) is missing.`,
    );
  }
  const status = readStatusCode(service, 'result', 200);
  const message = service.options.error_code?.trim() || `Service '${service.name}' answers ${status}.`;
  return configuredAnswer(service, status, message);
}
