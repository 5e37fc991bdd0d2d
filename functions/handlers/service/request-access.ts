import { InvalidParameterError, NotFoundError } from '../../domain/errors.js';
import { grantAccess, resolveResourceGroup } from './access-grant.js';
import { effectiveParameters, type ServiceKind } from './service-kind.js';

/** `request-access`: allocates access information for an existing, live service session `_id`. */
export const requestAccessKind: ServiceKind = {
  async create(call) {
    const { deps } = call;
    const params = effectiveParameters(call);
    const sessionId = params._id?.trim();
    if (!sessionId)
      throw new InvalidParameterError('_id', "Parameter '_id' (the service session id) is mandatory.");
    const session = await deps.sessions.get(sessionId, deps.clock.now());
    if (!session) throw new NotFoundError(`No active service session '${sessionId}'.`);
    const group = await resolveResourceGroup(deps, params._resource_group ?? 'DNIS');
    const phoneNumber = params._phone_number?.trim() || session.phoneNumber;
    const grant = await grantAccess(call, {
      sessionId,
      group,
      phoneNumber,
      persist: async (allocation) =>
        deps.sessions.attachAccess(sessionId, {
          accessNumber: allocation.accessNumber,
          accessCode: allocation.accessCode,
          resourceGroup: group.name,
          phoneNumber,
        }),
    });
    return { json: grant };
  },
};
