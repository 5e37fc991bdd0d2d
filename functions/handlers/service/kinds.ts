import { parseMatchInteraction } from '../../domain/service-options/match-interaction-options.js';
import { parseRequestAccess } from '../../domain/service-options/request-access-options.js';
import { parseRequestChat } from '../../domain/service-options/request-chat-options.js';
import { parseRequestInteraction } from '../../domain/service-options/request-interaction-options.js';
import type { ServiceType } from '../../domain/service-types.js';
import { authorize, type AuthorizePorts } from '../../http/authenticate.js';
import type { HttpResult } from '../../http/http-result.js';
import { basicGetService } from '../../use-cases/service/basic-get-service.js';
import {
  getService,
  type ConfiguredAnswer,
  type GetServicePorts,
} from '../../use-cases/service/get-service.js';
import {
  matchInteraction,
  TELEPHONY_ROLES,
  type MatchInteractionPorts,
} from '../../use-cases/service/match-interaction.js';
import { officeHours, type OfficeHoursPorts } from '../../use-cases/service/office-hours.js';
import { requestAccess, type RequestAccessPorts } from '../../use-cases/service/request-access.js';
import { requestChat, type RequestChatPorts } from '../../use-cases/service/request-chat.js';
import {
  requestInteraction,
  type RequestInteractionPorts,
} from '../../use-cases/service/request-interaction.js';
import type { ServiceCall, ServiceKind } from './service-kind.js';

/** What the service kinds' flows need, together. */
export type ServiceKindPorts = RequestInteractionPorts &
  RequestAccessPorts &
  RequestChatPorts &
  MatchInteractionPorts &
  GetServicePorts &
  OfficeHoursPorts &
  AuthorizePorts;

function configured(answer: ConfiguredAnswer): HttpResult {
  return answer.body === undefined
    ? { status: answer.status, empty: true }
    : { status: answer.status, json: answer.body };
}

/**
 * The caller is the telephony side when it sends credentials of a telephony role (not the public
 * API's own Basic credentials, which every app of a locked-down server has); wrong ones are a 401
 * like anywhere else.
 */
async function isTelephony({ req }: ServiceCall, ports: AuthorizePorts): Promise<boolean> {
  return (
    req.headers.authorization !== undefined &&
    !req.publicAccess?.authorizationIsPublic &&
    (await authorize(ports, { roles: TELEPHONY_ROLES }, req.headers.authorization, req.sourceIp)) !==
      undefined
  );
}

/** Built-in service types by their `_service` value: each maps its call to its flow. */
export const SERVICE_KINDS: Record<ServiceType, ServiceKind<ServiceKindPorts>> = {
  'request-interaction': {
    idempotent: true,
    create: async (call, ports) => ({
      json: await requestInteraction(ports, {
        service: call.service.name,
        id: call.id,
        parameters: parseRequestInteraction(call.gms),
        fields: call.req.body.fields,
        files: call.req.body.files,
        gmsUser: call.req.headers.gms_user,
      }),
    }),
  },
  'request-access': {
    create: async (call, ports) => ({ json: await requestAccess(ports, parseRequestAccess(call.gms)) }),
  },
  'request-chat': {
    idempotent: true,
    create: async (call, ports) => ({
      json: await requestChat(ports, {
        service: call.service.name,
        id: call.id,
        parameters: parseRequestChat(call.gms),
        fields: call.req.body.fields,
        gmsUser: call.req.headers.gms_user,
      }),
    }),
  },
  'match-interaction': {
    create: async (call, ports) => {
      const parameters = parseMatchInteraction(call.gms);
      const telephony = await isTelephony(call, ports);
      return { json: await matchInteraction(ports, { parameters, telephony, sourceIp: call.req.sourceIp }) };
    },
  },
  get: { query: async (call, ports) => configured(await getService(ports, call.service)) },
  basic_get: { query: async (call) => configured(basicGetService(call.service)) },
  'office-hours': {
    query: async (call, ports) => ({ json: officeHours(ports, call.service.options, call.req.query) }),
  },
};
