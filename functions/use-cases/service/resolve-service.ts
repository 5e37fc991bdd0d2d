import { NotFoundError } from '../../domain/errors.js';
import { IMPLICIT_SERVICES } from '../../domain/implicit-services.js';
import { isServiceType, type ServiceType } from '../../domain/service-types.js';
import type { Ports } from '../../ports/index.js';

export type ResolveServicePorts = Pick<Ports, 'config' | 'metrics' | 'clock'>;

/** A configured service (or a built-in called by its own name) and the kind that runs it. */
export interface ResolvedService {
  name: string;
  /** The `service.{name}` options as configured (`_type`/`_service` only for an implicit built-in). */
  options: Record<string, string>;
  type: ServiceType;
}

/** Finds the service `service/{name}` names; an access to a service this server runs is counted. */
export async function resolveService(ports: ResolveServicePorts, name: string): Promise<ResolvedService> {
  const { service, counted } = await resolveServiceCounting(ports, name);
  await counted;
  return service;
}

/**
 * As `resolveService`, but the count of the access is still being written when it returns: the
 * caller runs the request alongside it and awaits `counted` before answering (it never rejects:
 * a report figure never fails a request), so the count costs no round trip of its own.
 */
export async function resolveServiceCounting(
  ports: ResolveServicePorts,
  name: string,
): Promise<{ service: ResolvedService; counted: Promise<void> }> {
  const entry = await ports.config.get('service', name);
  const options =
    entry?.options ?? (IMPLICIT_SERVICES.includes(name) ? { _type: 'builtin', _service: name } : undefined);
  if (!options) throw new NotFoundError(`Service '${name}' is not configured.`);
  const type = options._service ?? '';
  if (!isServiceType(type)) {
    throw new NotFoundError(`Service '${name}' has type '${type}', which this server does not provide.`);
  }
  const counted = ports.metrics.record({ kind: 'service-accessed', service: name, at: ports.clock.now() });
  return { service: { name, options, type }, counted };
}
