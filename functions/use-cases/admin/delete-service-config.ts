import { NotFoundError } from '../../domain/errors.js';
import type { Ports } from '../../ports/index.js';

export type DeleteServiceConfigPorts = Pick<Ports, 'config'>;

export async function deleteServiceConfig(ports: DeleteServiceConfigPorts, name: string): Promise<void> {
  if (!(await ports.config.delete('service', name)))
    throw new NotFoundError(`Service '${name}' does not exist.`);
}
