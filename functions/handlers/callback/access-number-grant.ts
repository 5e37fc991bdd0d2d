import { effectiveCallbackOptions } from '../../domain/callback/callback-request.js';
import { mergeData } from '../../domain/data-record.js';
import { parseAccessOptions } from '../../domain/service-options/access-options.js';
import { CALLBACK_RESOURCE_GROUP } from '../../domain/templates/callback-defaults.js';
import type { RequestContext } from '../../http/request-context.js';
import type { AccessNumberGrant } from '../../use-cases/callback/callback-dialog.js';
import {
  grantAccess,
  resolveResourceGroup,
  type GrantAccessPorts,
  type ResolveResourceGroupPorts,
} from '../../use-cases/service/grant-access.js';

export type AccessNumberGrantPorts = GrantAccessPorts & ResolveResourceGroupPorts;

/**
 * A callback's access number through the service area's grant: its resource group is the
 * callback's `_resource_group` (the template's default otherwise), its booking and code
 * parameters the request's.
 */
export function accessNumberGrant(ports: AccessNumberGrantPorts, req: RequestContext): AccessNumberGrant {
  return async ({ options, sessionId, phoneNumber, persist }) => {
    const params = effectiveCallbackOptions(options, mergeData(req.query, req.body.fields));
    const group = await resolveResourceGroup(ports, params._resource_group ?? CALLBACK_RESOURCE_GROUP);
    const grant = await grantAccess(ports, {
      sessionId,
      group,
      phoneNumber,
      options: parseAccessOptions({ options, fields: req.body.fields, query: req.query }),
      persist: (allocation) =>
        persist({
          accessNumber: allocation.accessNumber,
          accessCode: allocation.accessCode,
          resourceGroup: group.name,
        }),
    });
    return {
      accessNumber: grant._access_number,
      accessCode: grant._access_code,
      expirationSeconds: grant._expiration_time,
    };
  };
}
