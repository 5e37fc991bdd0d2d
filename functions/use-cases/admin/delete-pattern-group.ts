import { NotFoundError } from '../../domain/errors.js';
import type { Ports } from '../../ports/index.js';

export type DeletePatternGroupPorts = Pick<Ports, 'config'>;

export async function deletePatternGroup(ports: DeletePatternGroupPorts, group: string): Promise<void> {
  if (!(await ports.config.delete('pattern-group', group))) {
    throw new NotFoundError(`Pattern group '${group}' does not exist.`);
  }
}
