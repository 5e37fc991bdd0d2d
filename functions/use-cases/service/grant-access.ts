import { allocateAccessNumber, type Allocation } from '../../domain/allocation.js';
import { InvalidParameterError, ResourceExhaustedError } from '../../domain/errors.js';
import { parseResourceGroupSettings, type ResourceGroupSettings } from '../../domain/resource-group.js';
import { bookingSeconds, type AccessOptions } from '../../domain/service-options/access-options.js';
import { logger } from '../../observability.js';
import type { Ports } from '../../ports/index.js';

export type ResolveResourceGroupPorts = Pick<Ports, 'config'>;

export async function resolveResourceGroup(
  ports: ResolveResourceGroupPorts,
  name: string | undefined,
): Promise<ResourceGroupSettings> {
  if (!name) {
    throw new InvalidParameterError(
      '_resource_group',
      "Parameter '_resource_group' is mandatory: send it or configure it on the service.",
    );
  }
  const entry = await ports.config.get('resource-group', name);
  if (!entry) throw new InvalidParameterError('_resource_group', `Resource group '${name}' does not exist.`);
  return parseResourceGroupSettings(name, entry.options);
}

/** The GMS response fields describing a granted access number. */
export interface AccessGrant {
  _access_number: string;
  _access_code?: string;
  /** Seconds the number stays reserved for this session. */
  _expiration_time: number;
}

export type GrantAccessPorts = Pick<
  Ports,
  'accessNumbers' | 'clock' | 'ids' | 'metrics' | 'operationalMetrics'
>;

/**
 * Allocates and locks a number, then lets the caller persist its session. If persisting fails the
 * lock is released, so a failed request leaves nothing half written.
 */
export async function grantAccess(
  ports: GrantAccessPorts,
  grant: {
    sessionId: string;
    group: ResourceGroupSettings;
    phoneNumber?: string;
    options: AccessOptions;
    persist: (allocation: Allocation) => Promise<void>;
  },
): Promise<AccessGrant> {
  // For the booking timeout the request wins over the resource group, which wins over the service.
  const booking = bookingSeconds(grant.options, grant.group.bookingTimeout);
  const group = grant.group.name;
  let allocation: Allocation;
  try {
    allocation = await allocateAccessNumber(ports, {
      group,
      strategy: grant.group.strategy,
      sessionId: grant.sessionId,
      phoneNumber: grant.phoneNumber,
      provideCode: grant.options.provideCode,
      codeLength: grant.options.codeLength,
      bookingSeconds: booking,
    });
  } catch (e) {
    if (e instanceof ResourceExhaustedError) {
      await ports.metrics.record({ kind: 'access-exhausted', group, at: ports.clock.now() });
      ports.operationalMetrics.count('PoolExhausted', { pool: group });
    }
    throw e;
  }
  // What the reports count rides alongside the session's writes: none waits for another.
  const counted: Promise<void>[] = [];
  if (allocation.timedOut) {
    // The number this allocation took had been booked and never called: that session timed out.
    counted.push(
      ports.metrics.record({
        kind: 'access-exited',
        group,
        exit: 'timeout',
        at: allocation.timedOut.expiresAt,
      }),
    );
  }
  const persisted = grant.persist(allocation).then(
    () => true,
    (e: unknown) => e,
  );
  counted.push(ports.metrics.record({ kind: 'access-allocated', group, at: ports.clock.now() }));
  // `record` never rejects (a report figure never fails the request).
  const [outcome] = await Promise.all([persisted, ...counted]);
  if (outcome !== true) {
    await ports.accessNumbers
      .release(
        grant.group.name,
        allocation.accessNumber,
        grant.sessionId,
        ports.clock.now(),
        grant.group.strategy,
      )
      .catch((releaseError: unknown) =>
        logger.error('Could not release access number', { error: releaseError as Error }),
      );
    throw outcome;
  }
  ports.operationalMetrics.count('AccessNumbersAllocated', { pool: group });
  return {
    _access_number: allocation.accessNumber,
    ...(allocation.accessCode !== undefined ? { _access_code: allocation.accessCode } : {}),
    _expiration_time: booking,
  };
}
