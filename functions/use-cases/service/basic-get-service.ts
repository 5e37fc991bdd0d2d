import { InvalidParameterError } from '../../domain/errors.js';
import { configuredResponse, readStatusCode } from './get-service.js';
import type { ServiceKind } from '../../handlers/service/service-kind.js';

/**
 * `basic_get`: answers the status configured in its mandatory `result` option. With a 2xx the body
 * is the options without a leading "_" (seed: `{"result":"200","error_code":"200 OK"}`); with any
 * other status a GMS error body whose message is the `error_code` option when there is one.
 */
export const basicGetKind: ServiceKind = {
  async query(call) {
    if ((call.options.result ?? '').trim() === '') {
      throw new InvalidParameterError(
        'result',
        `Service '${call.name}' is misconfigured: the mandatory option 'result' (the HTTP status to answer) is missing.`,
      );
    }
    const status = readStatusCode(call, 'result', 200);
    const message = call.options.error_code?.trim() || `Service '${call.name}' answers ${status}.`;
    return configuredResponse(call, status, message);
  },
};
