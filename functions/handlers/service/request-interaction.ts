import { InvalidParameterError } from '../../domain/errors.js';
import { applicationData, readInteger } from '../../domain/option-values.js';
import { grantAccess, resolveResourceGroup } from './access-grant.js';
import type { ServiceKind } from './service-kind.js';
import { effectiveParameters } from './service-kind.js';

/**
 * `request-interaction`: stores the application data, allocates an access number (and code) for
 * the caller to dial, and locks it so the inbound call can be matched back to this session.
 */
export const requestInteractionKind: ServiceKind = {
  async create(call) {
    const { deps, req } = call;
    const params = effectiveParameters(call);
    const phoneNumber = params._phone_number?.trim();
    if (!phoneNumber) {
      throw new InvalidParameterError(
        '_phone_number',
        "Parameter '_phone_number' is mandatory for request-interaction.",
      );
    }
    const group = await resolveResourceGroup(deps, params._resource_group);
    const ttlSeconds = readInteger('_ttl', params._ttl, 30, { min: 1, max: 30 * 86_400 });
    const now = deps.clock.now();
    const sessionId = deps.ids.id();
    const dataId = deps.ids.id();

    const grant = await grantAccess(call, {
      sessionId,
      group,
      phoneNumber,
      persist: async (allocation) => {
        const expiresAt = Math.max(now + ttlSeconds * 1000, allocation.expiresAt);
        await deps.storage.put({
          id: dataId,
          values: applicationData(req.body.fields),
          files: req.body.files,
          gmsUser: req.headers.gms_user,
          expiresAt,
        });
        await deps.sessions.put({
          id: sessionId,
          service: call.name,
          serviceType: 'request-interaction',
          dataId,
          gmsUser: req.headers.gms_user,
          phoneNumber,
          accessNumber: allocation.accessNumber,
          accessCode: allocation.accessCode,
          resourceGroup: group.name,
          createdAt: now,
          expiresAt,
        });
      },
    });
    return { json: { _id: sessionId, _data_id: dataId, ...grant } };
  },
};
