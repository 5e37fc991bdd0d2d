import { NotFoundError } from '../../domain/errors.js';
import type { Ports } from '../../ports/index.js';
import { findEntry } from './find-entry.js';

export type DeleteEntryPorts = Pick<Ports, 'storage' | 'clock'>;

/** `DELETE storage/{id}`. */
export async function deleteEntry(ports: DeleteEntryPorts, id: string, gmsUser?: string): Promise<void> {
  // Reading first makes an expired entry that DynamoDB TTL has not removed yet a 404 too.
  await findEntry(ports, id, gmsUser);
  if (!(await ports.storage.delete(id))) {
    throw new NotFoundError(`Storage entry '${id}' does not exist or has expired.`);
  }
}
