import { allocateAccessNumber, type Allocation } from '../../domain/allocation.js';
import { InvalidParameterError, ResourceExhaustedError } from '../../domain/errors.js';
import { readBoolean, readInteger } from '../../domain/option-values.js';
import { parseResourceGroup, type ResourceGroup } from '../../domain/resource-group.js';
import { logger } from '../../observability.js';
import type { Ports } from '../../ports.js';
import { effectiveParameters, type ServiceCall } from './service-kind.js';

/** What granting an access number reads and writes (the callback area grants through it too). */
export type GrantAccessPorts = Pick<
  Ports,
  'config' | 'accessNumbers' | 'clock' | 'ids' | 'metrics' | 'operationalMetrics'
>;

export async function resolveResourceGroup(
  deps: Pick<Ports, 'config'>,
  name: string | undefined,
): Promise<ResourceGroup> {
  if (!name) {
    throw new InvalidParameterError(
      '_resource_group',
      "Parameter '_resource_group' is mandatory: send it or configure it on the service.",
    );
  }
  const entry = await deps.config.get('resource-group', name);
  if (!entry) throw new InvalidParameterError('_resource_group', `Resource group '${name}' does not exist.`);
  return parseResourceGroup(name, entry.options);
}

/** The GMS response fields describing a granted access number. */
export interface AccessGrant {
  _access_number: string;
  _access_code?: string;
  /** Seconds the number stays reserved for this session. */
  _expiration_time: number;
}

/**
 * Allocates and locks a number, then lets the caller persist its session. If persisting fails the
 * lock is released, so a failed request leaves nothing half written.
 */
export async function grantAccess(
  call: Omit<ServiceCall, 'deps'> & { deps: GrantAccessPorts },
  grant: {
    sessionId: string;
    group: ResourceGroup;
    phoneNumber?: string;
    persist: (allocation: Allocation) => Promise<void>;
  },
): Promise<AccessGrant> {
  const { deps, req } = call;
  const params = effectiveParameters(call);
  // For the booking timeout the request wins over the resource group, which wins over the service.
  const requestBooking = req.body.fields._booking_expiration_timeout ?? req.query._booking_expiration_timeout;
  const bookingSeconds = readInteger(
    '_booking_expiration_timeout',
    requestBooking ?? grant.group.bookingTimeout?.toString() ?? call.options._booking_expiration_timeout,
    30,
    { min: 1, max: 86_400 },
  );
  const codeLength = readInteger('_access_code_length', params._access_code_length, 6, { min: 1, max: 20 });
  const group = grant.group.name;
  let allocation: Allocation;
  try {
    allocation = await allocateAccessNumber(deps, {
      group,
      strategy: grant.group.strategy,
      sessionId: grant.sessionId,
      phoneNumber: grant.phoneNumber,
      provideCode: readBoolean('_provide_code', params._provide_code, false),
      codeLength,
      bookingSeconds,
    });
  } catch (e) {
    if (e instanceof ResourceExhaustedError) {
      await deps.metrics.record({ kind: 'access-exhausted', group, at: deps.clock.now() });
      deps.operationalMetrics.count('PoolExhausted', { pool: group });
    }
    throw e;
  }
  if (allocation.timedOut) {
    // The number this allocation took had been booked and never called: that session timed out.
    await deps.metrics.record({
      kind: 'access-exited',
      group,
      exit: 'timeout',
      at: allocation.timedOut.expiresAt,
    });
  }
  try {
    await grant.persist(allocation);
    await deps.metrics.record({ kind: 'access-allocated', group, at: deps.clock.now() });
    deps.operationalMetrics.count('AccessNumbersAllocated', { pool: group });
  } catch (e) {
    await deps.accessNumbers
      .release(
        grant.group.name,
        allocation.accessNumber,
        grant.sessionId,
        deps.clock.now(),
        grant.group.strategy,
      )
      .catch((releaseError: unknown) =>
        logger.error('Could not release access number', { error: releaseError as Error }),
      );
    throw e;
  }
  return {
    _access_number: allocation.accessNumber,
    ...(allocation.accessCode !== undefined ? { _access_code: allocation.accessCode } : {}),
    _expiration_time: bookingSeconds,
  };
}
