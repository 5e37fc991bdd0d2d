import { parseResourceGroup } from '../../domain/resource-group.js';
import type { Ports } from '../../ports/index.js';
import { describeResourceGroup, type ResourceGroupView } from './read-resource-groups.js';

export type SaveResourceGroupPorts = Pick<Ports, 'config' | 'accessNumbers' | 'clock'>;

/** Validates and stores a resource group, then makes its access-number items match it. */
export async function saveResourceGroup(
  ports: SaveResourceGroupPorts,
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
