import type { AccessNumberStore, Clock, ConfigEntry, ConfigStore } from '../../ports.js';
import { NotFoundError } from '../../domain/errors.js';
import { parseResourceGroup } from '../../domain/resource-group.js';

export interface ResourceGroupView {
  name: string;
  options: Record<string, string>;
  resource_available: number;
  resource_total: number;
}

type Ports = { config: ConfigStore; accessNumbers: AccessNumberStore; clock: Clock };

/** Validates and stores a resource group, then makes its access-number items match it. */
export async function saveResourceGroup(
  ports: Ports,
  name: string,
  options: Record<string, string>,
): Promise<ResourceGroupView> {
  const group = parseResourceGroup(name, options);
  await ports.accessNumbers.syncGroup(
    name,
    group.numbers.map((n) => n.number),
    ports.clock.now(),
    group.strategy,
  );
  const entry = await ports.config.put('resource-group', name, options);
  return describeResourceGroup(ports, entry);
}

export async function describeResourceGroup(ports: Ports, entry: ConfigEntry): Promise<ResourceGroupView> {
  const { total, locked } = await ports.accessNumbers.counts(entry.name, ports.clock.now());
  return {
    name: entry.name,
    options: entry.options,
    resource_available: total - locked,
    resource_total: total,
  };
}

export async function getResourceGroup(ports: Ports, name: string): Promise<ConfigEntry> {
  const entry = await ports.config.get('resource-group', name);
  if (!entry) throw new NotFoundError(`Resource group '${name}' does not exist.`);
  return entry;
}

export async function deleteResourceGroup(ports: Ports, name: string): Promise<void> {
  await getResourceGroup(ports, name);
  await ports.config.delete('resource-group', name);
  await ports.accessNumbers.deleteGroup(name);
}
