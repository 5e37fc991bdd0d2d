import { applicationData } from '../../domain/option-values.js';
import type { RequestInteractionParameters } from '../../domain/service-options/request-interaction-options.js';
import { checkKeyLengths } from '../../domain/storage.js';
import type { Ports } from '../../ports/index.js';
import type { StoredFile } from '../../domain/storage-entry.js';
import {
  grantAccess,
  resolveResourceGroup,
  type AccessGrant,
  type GrantAccessPorts,
} from './grant-access.js';

export type RequestInteractionPorts = GrantAccessPorts & Pick<Ports, 'config' | 'storage' | 'sessions'>;

export interface RequestInteractionInput {
  service: string;
  /** The session id an idempotent create must use; a fresh one otherwise. */
  id?: string;
  parameters: RequestInteractionParameters;
  /** The posted fields: those without a leading "_" are the application data stored. */
  fields: Record<string, string>;
  files: Record<string, StoredFile>;
  gmsUser?: string;
}

/** `_pool_health`: the resource group's numbers free and in all, as the Resources tab shows them. */
export interface PoolHealth {
  resource_available: number;
  resource_total: number;
}

export type RequestInteractionAnswer = {
  _id: string;
  _data_id: string;
  _pool_health?: PoolHealth;
} & AccessGrant;

/**
 * `request-interaction`: stores the application data, allocates an access number (and code) for
 * the caller to dial, and locks it so the inbound call can be matched back to this session.
 * Run again with the same id (its first request died), a number is granted afresh and the
 * session rewritten; the first number's lock times out.
 */
export async function requestInteraction(
  ports: RequestInteractionPorts,
  input: RequestInteractionInput,
): Promise<RequestInteractionAnswer> {
  const { parameters, gmsUser } = input;
  const data = applicationData(input.fields);
  checkKeyLengths([...Object.keys(data), ...Object.keys(input.files)]);
  const group = await resolveResourceGroup(ports, parameters.resourceGroup);
  const now = ports.clock.now();
  const sessionId = input.id ?? ports.ids.id();
  const dataId = ports.ids.id();

  const grant = await grantAccess(ports, {
    sessionId,
    group,
    phoneNumber: parameters.phoneNumber,
    options: parameters.access,
    persist: async (allocation) => {
      const expiresAt = Math.max(now + parameters.ttlSeconds * 1000, allocation.expiresAt);
      // Two independent items, written together; both settle before the outcome is known. If
      // either failed, the number is released (nothing can match the session) and the request
      // fails; what did land expires with its TTL.
      const written = await Promise.allSettled([
        ports.storage.put({ id: dataId, values: data, files: input.files, gmsUser, expiresAt }),
        ports.sessions.put({
          id: sessionId,
          service: input.service,
          serviceType: 'request-interaction',
          dataId,
          gmsUser,
          phoneNumber: parameters.phoneNumber,
          accessNumber: allocation.accessNumber,
          accessCode: allocation.accessCode,
          resourceGroup: group.name,
          createdAt: now,
          expiresAt,
        }),
      ]);
      for (const w of written) if (w.status === 'rejected') throw w.reason;
    },
  });
  let poolHealth: PoolHealth | undefined;
  if (parameters.returnPoolHealth) {
    // After this allocation. A COUNT over the group (as admin GET does): opt-in, so the default
    // request keeps its cost independent of the pool size.
    const { total, locked } = await ports.accessNumbers.counts(group.name, ports.clock.now());
    poolHealth = { resource_available: total - locked, resource_total: total };
  }
  return { _id: sessionId, _data_id: dataId, ...grant, ...(poolHealth ? { _pool_health: poolHealth } : {}) };
}
