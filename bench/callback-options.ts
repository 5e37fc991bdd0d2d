import { defaultServiceOptions } from '../functions/domain/service-template.js';
import { builtinTemplate } from '../functions/domain/templates/index.js';

/** A callback service from a template preset, with limits no bench run reaches. */
export function callbackOptions(preset: string, group: string): Record<string, string> {
  return {
    ...defaultServiceOptions(builtinTemplate('callback')!, preset),
    _target: `${group}@StatServer.GA`,
    _max_request_by_time_bucket: '1000000',
    _max_queued_callbacks_per_service: '1000000',
    _throttle_callbacks_per_service_1: '1000000',
    _throttle_callbacks_per_service_2: '1000000',
    _throttle_request_parameters_limit: '1000000',
    _enable_in_queue_checking: 'false',
  };
}
