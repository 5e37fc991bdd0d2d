import { NotFoundError } from '../../domain/errors.js';
import type { ConfigEntry } from '../../domain/config-entry.js';
import type { Ports } from '../../ports/index.js';

export type ReadServiceConfigsPorts = Pick<Ports, 'config'>;

/** The configured services (`service.{name}` sections), as stored. */
export async function listServiceConfigs(ports: ReadServiceConfigsPorts): Promise<ConfigEntry[]> {
  return ports.config.list('service');
}

export async function getServiceConfig(ports: ReadServiceConfigsPorts, name: string): Promise<ConfigEntry> {
  const entry = await ports.config.get('service', name);
  if (!entry) throw new NotFoundError(`Service '${name}' does not exist.`);
  return entry;
}
