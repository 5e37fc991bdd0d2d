import { basicGetKind } from './basic-get-service.js';
import { getKind } from './get-service.js';
import { matchInteractionKind } from './match-interaction.js';
import { officeHoursKind } from './office-hours-service.js';
import { requestAccessKind } from './request-access.js';
import { requestChatKind } from './request-chat.js';
import { requestInteractionKind } from './request-interaction.js';
import type { ServiceKind } from './service-kind.js';

/** Built-in service types by their `_service` value. */
export const SERVICE_KINDS: Record<string, ServiceKind> = {
  'request-interaction': requestInteractionKind,
  'request-access': requestAccessKind,
  'request-chat': requestChatKind,
  'match-interaction': matchInteractionKind,
  get: getKind,
  basic_get: basicGetKind,
  'office-hours': officeHoursKind,
};

export { IMPLICIT_SERVICES } from './implicit-services.js';
