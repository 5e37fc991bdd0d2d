import { InvalidParameterError } from '../../domain/errors.js';
import { applicationData, readBoolean, readInteger } from '../../domain/option-values.js';
import { checkKeyLengths } from '../../domain/storage.js';
import { grantAccess, resolveResourceGroup } from './grant-access.js';
import type { ServiceKind } from '../../handlers/service/service-kind.js';
import { effectiveParameters } from '../../handlers/service/service-kind.js';

/** The group used when neither the request nor the service names one (the template's default). */
const DEFAULT_RESOURCE_GROUP = 'DNIS';

/** `_pool_health`: the resource group's numbers free and in all, as the Resources tab shows them. */
export interface PoolHealth {
  resource_available: number;
  resource_total: number;
}

/**
 * `request-interaction`: stores the application data, allocates an access number (and code) for
 * the caller to dial, and locks it so the inbound call can be matched back to this session.
 */
export const requestInteractionKind: ServiceKind = {
  // Run again with the same id (its first request died), a number is granted afresh and the
  // session rewritten; the first number's lock times out.
  idempotent: true,
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
    const data = applicationData(req.body.fields);
    checkKeyLengths([...Object.keys(data), ...Object.keys(req.body.files)]);
    const group = await resolveResourceGroup(deps, params._resource_group ?? DEFAULT_RESOURCE_GROUP);
    const ttlSeconds = readInteger('_ttl', params._ttl, 30, { min: 1, max: 30 * 86_400 });
    const returnPoolHealth = readBoolean('_return_pool_health', params._return_pool_health, false);
    const now = deps.clock.now();
    const sessionId = call.id ?? deps.ids.id();
    const dataId = deps.ids.id();

    const grant = await grantAccess(call, {
      sessionId,
      group,
      phoneNumber,
      persist: async (allocation) => {
        const expiresAt = Math.max(now + ttlSeconds * 1000, allocation.expiresAt);
        await deps.storage.put({
          id: dataId,
          values: data,
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
    let poolHealth: PoolHealth | undefined;
    if (returnPoolHealth) {
      // After this allocation. A COUNT over the group (as admin GET does): opt-in, so the default
      // request keeps its cost independent of the pool size.
      const { total, locked } = await deps.accessNumbers.counts(group.name, deps.clock.now());
      poolHealth = { resource_available: total - locked, resource_total: total };
    }
    return {
      json: {
        _id: sessionId,
        _data_id: dataId,
        ...grant,
        ...(poolHealth ? { _pool_health: poolHealth } : {}),
      },
    };
  },
};
