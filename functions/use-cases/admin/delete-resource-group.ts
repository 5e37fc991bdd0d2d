import type { Ports } from '../../ports/index.js';
import { getResourceGroup } from './read-resource-groups.js';

export type DeleteResourceGroupPorts = Pick<Ports, 'config' | 'accessNumbers'>;

/** Removes the group (404 when unknown) and its access-number items. */
export async function deleteResourceGroup(ports: DeleteResourceGroupPorts, name: string): Promise<void> {
  await getResourceGroup(ports, name);
  await ports.config.delete('resource-group', name);
  await ports.accessNumbers.deleteGroup(name);
}
