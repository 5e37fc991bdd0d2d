import { InvalidParameterError, NotFoundError } from '../../domain/errors.js';
import { grantAccess, resolveResourceGroup } from './grant-access.js';
import { effectiveParameters, type ServiceKind } from '../../handlers/service/service-kind.js';

/** Session ids are 32 hex characters; a longer `_id` cannot name one (and is too long for a key). */
const MAX_SESSION_ID_LENGTH = 128;

/** `request-access`: allocates access information for an existing, live service session `_id`. */
export const requestAccessKind: ServiceKind = {
  async create(call) {
    const { deps } = call;
    const params = effectiveParameters(call);
    const sessionId = params._id?.trim();
    if (!sessionId)
      throw new InvalidParameterError('_id', "Parameter '_id' (the service session id) is mandatory.");
    if (sessionId.length > MAX_SESSION_ID_LENGTH) {
      throw new InvalidParameterError(
        '_id',
        `Parameter '_id' is at most ${MAX_SESSION_ID_LENGTH} characters: it names a service session.`,
      );
    }
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
