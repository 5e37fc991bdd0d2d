import { basicGetKind } from '../../use-cases/service/basic-get-service.js';
import { getKind } from '../../use-cases/service/get-service.js';
import { matchInteractionKind } from '../../use-cases/service/match-interaction.js';
import { officeHoursKind } from '../../use-cases/service/office-hours.js';
import { requestAccessKind } from '../../use-cases/service/request-access.js';
import { requestChatKind } from '../../use-cases/service/request-chat.js';
import { requestInteractionKind } from '../../use-cases/service/request-interaction.js';
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

export { IMPLICIT_SERVICES } from '../../domain/implicit-services.js';
