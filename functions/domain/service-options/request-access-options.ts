import * as z from '../zod.js';
import { requestAccessTemplate } from '../templates/request-access-template.js';
import { requestInteractionTemplate } from '../templates/request-interaction-template.js';
import { accessInput, accessOptionsOf, accessOptionsShape, type AccessOptions } from './access-options.js';
import type { GmsRequest } from './effective-parameters.js';
import {
  gmsDefaulted,
  gmsRequiredText,
  gmsText,
  parseGmsParameters,
  requiredDefault,
} from './gms-parameter.js';

/** Session ids are 32 hex characters; a longer `_id` cannot name one (and is too long for a key). */
const MAX_SESSION_ID_LENGTH = 128;

const t = requestAccessTemplate;

const schema = z.pipe(
  z.object({
    _id: gmsRequiredText('_id', "Parameter '_id' (the service session id) is mandatory.", {
      max: MAX_SESSION_ID_LENGTH,
      message: `Parameter '_id' is at most ${MAX_SESSION_ID_LENGTH} characters: it names a service session.`,
    }),
    // Request parameters carry no template default (configuring one would override the request):
    // without one, a number comes from the group request-interaction uses by default.
    _resource_group: gmsDefaulted(requiredDefault(requestInteractionTemplate, '_resource_group')),
    _phone_number: gmsText(),
    ...accessOptionsShape(t),
  }),
  z.transform((p) => ({
    sessionId: p._id,
    resourceGroup: p._resource_group,
    phoneNumber: p._phone_number,
    access: accessOptionsOf(p),
  })),
);

/** A request-access call's parameters, read once: coerced, with the template's defaults. */
export interface RequestAccessParameters {
  sessionId: string;
  resourceGroup: string;
  /** The number to match the inbound call by; the session's own when not sent. */
  phoneNumber: string | undefined;
  access: AccessOptions;
}

export function parseRequestAccess(request: GmsRequest): RequestAccessParameters {
  return parseGmsParameters(schema, accessInput(request));
}
