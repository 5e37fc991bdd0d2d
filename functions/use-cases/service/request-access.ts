import { NotFoundError } from '../../domain/errors.js';
import type { RequestAccessParameters } from '../../domain/service-options/request-access-options.js';
import type { Ports } from '../../ports/index.js';
import {
  grantAccess,
  resolveResourceGroup,
  type AccessGrant,
  type GrantAccessPorts,
} from './grant-access.js';

export type RequestAccessPorts = GrantAccessPorts & Pick<Ports, 'config' | 'sessions'>;

/** `request-access`: allocates access information for an existing, live service session `_id`. */
export async function requestAccess(
  ports: RequestAccessPorts,
  parameters: RequestAccessParameters,
): Promise<AccessGrant> {
  const { sessionId } = parameters;
  const session = await ports.sessions.get(sessionId, ports.clock.now());
  if (!session) throw new NotFoundError(`No active service session '${sessionId}'.`);
  const group = await resolveResourceGroup(ports, parameters.resourceGroup);
  const phoneNumber = parameters.phoneNumber ?? session.phoneNumber;
  return grantAccess(ports, {
    sessionId,
    group,
    phoneNumber,
    options: parameters.access,
    persist: async (allocation) =>
      ports.sessions.attachAccess(sessionId, {
        accessNumber: allocation.accessNumber,
        accessCode: allocation.accessCode,
        resourceGroup: group.name,
        phoneNumber,
      }),
  });
}
