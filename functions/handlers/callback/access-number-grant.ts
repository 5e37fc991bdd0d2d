import { effectiveCallbackOptions } from '../../domain/callback/callback-request.js';
import { mergeData } from '../../domain/data-record.js';
import type { RequestContext } from '../../http/request-context.js';
import type { AccessNumberGrant } from '../../use-cases/callback/callback-dialog.js';
import { grantAccess, resolveResourceGroup, type GrantAccessPorts } from '../service/access-grant.js';

export type AccessNumberGrantPorts = GrantAccessPorts;

/**
 * A callback's access number through the service area's grant: its resource group is the
 * callback's `_resource_group` (default `DNIS`), its booking and code parameters the request's.
 */
export function accessNumberGrant(ports: AccessNumberGrantPorts, req: RequestContext): AccessNumberGrant {
  return async ({ service, options, sessionId, phoneNumber, persist }) => {
    const params = effectiveCallbackOptions(options, mergeData(req.query, req.body.fields));
    const group = await resolveResourceGroup(ports, params._resource_group ?? 'DNIS');
    const grant = await grantAccess(
      { name: service, options, req, deps: ports },
      {
        sessionId,
        group,
        phoneNumber,
        persist: (allocation) =>
          persist({
            accessNumber: allocation.accessNumber,
            accessCode: allocation.accessCode,
            resourceGroup: group.name,
          }),
      },
    );
    return {
      accessNumber: grant._access_number,
      accessCode: grant._access_code,
      expirationSeconds: grant._expiration_time,
    };
  };
}
