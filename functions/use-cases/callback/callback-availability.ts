import type { Availability } from '../../domain/callback/callback-errors.js';
import { effectiveCallbackOptions, parseInstant } from '../../domain/callback/callback-request.js';
import type { CallbackRuleContext } from '../../domain/callback/callback-options.js';
import { readInteger } from '../../domain/option-values.js';
import type { Ports } from '../../ports/index.js';
import { availabilitySlots, loadRuleResources } from './callback-admission.js';
import { callbackService, type CallbackServicePorts } from './callback-service.js';

export type CallbackAvailabilityPorts = Pick<Ports, 'callbacks' | 'clock'> & CallbackServicePorts;

/** The request's range, as sent: read after the service is found (an unknown service is a 404 first). */
export interface AvailabilityRequest {
  start?: string;
  end?: string;
  'number-of-days'?: string;
  'max-time-slots'?: string;
}

const integer = (name: string, value: string | undefined) =>
  value === undefined || value.trim() === ''
    ? undefined
    : readInteger(name, value, 0, { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });

/** `GET service/callback/{name}/availability`: the free capacity of the service's time buckets. */
export async function callbackAvailability(
  ports: CallbackAvailabilityPorts,
  name: string,
  q: AvailabilityRequest,
): Promise<Availability> {
  const options = effectiveCallbackOptions(await callbackService(ports, name), {});
  const now = ports.clock.now();
  const ctx: CallbackRuleContext = {
    serviceName: name,
    options,
    parameters: {},
    desiredTime: now,
    scheduled: true,
    now,
    ...(await loadRuleResources(ports, options)),
  };
  return availabilitySlots(ports, ctx, {
    start: q.start?.trim() ? parseInstant('start', q.start) : undefined,
    end: q.end?.trim() ? parseInstant('end', q.end) : undefined,
    numberOfDays: integer('number-of-days', q['number-of-days']),
    maxTimeSlots: integer('max-time-slots', q['max-time-slots']),
  });
}
