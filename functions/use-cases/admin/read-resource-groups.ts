import { NotFoundError } from '../../domain/errors.js';
import type { ConfigEntry } from '../../domain/config-entry.js';
import type { Ports } from '../../ports/index.js';

export type ReadResourceGroupsPorts = Pick<Ports, 'config' | 'accessNumbers' | 'clock'>;

export interface ResourceGroupView {
  name: string;
  options: Record<string, string>;
  resource_available: number;
  resource_total: number;
}

/** A group as the management API shows it: its options and how many of its numbers are free now. */
export async function describeResourceGroup(
  ports: ReadResourceGroupsPorts,
  entry: ConfigEntry,
): Promise<ResourceGroupView> {
  const { total, locked } = await ports.accessNumbers.counts(entry.name, ports.clock.now());
  return {
    name: entry.name,
    options: entry.options,
    resource_available: total - locked,
    resource_total: total,
  };
}

export async function getResourceGroup(ports: Pick<Ports, 'config'>, name: string): Promise<ConfigEntry> {
  const entry = await ports.config.get('resource-group', name);
  if (!entry) throw new NotFoundError(`Resource group '${name}' does not exist.`);
  return entry;
}

/** `GET admin/resources`: every group with its counts. */
export async function listResourceGroups(ports: ReadResourceGroupsPorts): Promise<ResourceGroupView[]> {
  return Promise.all((await ports.config.list('resource-group')).map((e) => describeResourceGroup(ports, e)));
}

/** `GET admin/resources/{group}`. */
export async function readResourceGroup(
  ports: ReadResourceGroupsPorts,
  name: string,
): Promise<ResourceGroupView> {
  return describeResourceGroup(ports, await getResourceGroup(ports, name));
}
