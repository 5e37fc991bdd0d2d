import * as z from '../zod.js';
import type { ServiceTemplateInput } from '../service-template.js';
import { requestAccessTemplate } from '../templates/request-access-template.js';
import { effectiveParameters, type GmsRequest } from './effective-parameters.js';
import {
  gmsBoolean,
  gmsInteger,
  gmsOptionalInteger,
  parseGmsParameters,
  requiredDefault,
  templateDefault,
} from './gms-parameter.js';

/** Seconds a granted number stays booked when neither the request, the group nor the service says. */
export const DEFAULT_BOOKING_SECONDS = 30;
const BOOKING_RANGE = { min: 1, max: 86_400 };

/** How an access number is granted: the access code, and the booking time as each level gives it. */
export interface AccessOptions {
  provideCode: boolean;
  codeLength: number;
  /** The request's own `_booking_expiration_timeout`: it wins over the resource group's. */
  requestBooking: number | undefined;
  /** The service's `_booking_expiration_timeout`, used when the resource group sets none. */
  serviceBooking: number;
}

/** The access-grant parameters with `template`'s defaults, in the order they are checked. */
export function accessOptionsShape(template: ServiceTemplateInput) {
  return {
    requestBooking: gmsOptionalInteger('_booking_expiration_timeout', BOOKING_RANGE, DEFAULT_BOOKING_SECONDS),
    serviceBooking: gmsInteger('_booking_expiration_timeout', BOOKING_RANGE, DEFAULT_BOOKING_SECONDS),
    _access_code_length: gmsInteger(
      '_access_code_length',
      { min: 1, max: 20 },
      requiredDefault(template, '_access_code_length'),
    ),
    _provide_code: gmsBoolean('_provide_code', templateDefault(template, '_provide_code')),
  };
}

type AccessFields = z.output<z.ZodMiniObject<ReturnType<typeof accessOptionsShape>>>;

export function accessOptionsOf(fields: AccessFields): AccessOptions {
  return {
    provideCode: fields._provide_code,
    codeLength: fields._access_code_length,
    requestBooking: fields.requestBooking,
    serviceBooking: fields.serviceBooking,
  };
}

/**
 * What an access-granting schema parses: the effective parameters, plus the booking timeout as
 * the request sends it (the body's over the query's) and as the service configures it, since for
 * the booking the request wins over the configuration.
 */
export function accessInput(request: GmsRequest): Record<string, string | undefined> {
  return {
    ...effectiveParameters(request),
    requestBooking: request.fields._booking_expiration_timeout ?? request.query._booking_expiration_timeout,
    serviceBooking: request.options._booking_expiration_timeout,
  };
}

/**
 * The access options of a service that grants numbers without a template of its own (callback's
 * user-originated scenarios): request-access's defaults, the kind that grants a session a number.
 */
export function parseAccessOptions(
  request: GmsRequest,
  template: ServiceTemplateInput = requestAccessTemplate,
): AccessOptions {
  return accessOptionsOf(parseGmsParameters(z.object(accessOptionsShape(template)), accessInput(request)));
}

/** The booking time of a grant: the request's, else the resource group's, else the service's. */
export function bookingSeconds(options: AccessOptions, groupBooking: number | undefined): number {
  return options.requestBooking ?? groupBooking ?? options.serviceBooking;
}
