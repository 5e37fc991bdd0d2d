import * as z from '../zod.js';
import { requestInteractionTemplate } from '../templates/request-interaction-template.js';
import { accessInput, accessOptionsOf, accessOptionsShape, type AccessOptions } from './access-options.js';
import type { GmsRequest } from './effective-parameters.js';
import {
  gmsBoolean,
  gmsDefaulted,
  gmsInteger,
  gmsRequiredText,
  parseGmsParameters,
  requiredDefault,
  templateDefault,
} from './gms-parameter.js';

const t = requestInteractionTemplate;

const schema = z.pipe(
  z.object({
    _phone_number: gmsRequiredText(
      '_phone_number',
      "Parameter '_phone_number' is mandatory for request-interaction.",
    ),
    _resource_group: gmsDefaulted(requiredDefault(t, '_resource_group')),
    _ttl: gmsInteger('_ttl', { min: 1, max: 30 * 86_400 }, requiredDefault(t, '_ttl')),
    _return_pool_health: gmsBoolean('_return_pool_health', templateDefault(t, '_return_pool_health')),
    ...accessOptionsShape(t),
  }),
  z.transform((p) => ({
    phoneNumber: p._phone_number,
    resourceGroup: p._resource_group,
    ttlSeconds: p._ttl,
    returnPoolHealth: p._return_pool_health,
    access: accessOptionsOf(p),
  })),
);

/** A request-interaction call's parameters, read once: coerced, with the template's defaults. */
export interface RequestInteractionParameters {
  phoneNumber: string;
  resourceGroup: string;
  ttlSeconds: number;
  returnPoolHealth: boolean;
  access: AccessOptions;
}

export function parseRequestInteraction(request: GmsRequest): RequestInteractionParameters {
  return parseGmsParameters(schema, accessInput(request));
}
