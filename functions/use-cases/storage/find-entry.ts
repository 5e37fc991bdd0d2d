import { NotFoundError } from '../../domain/errors.js';
import type { Ports } from '../../ports/index.js';
import type { StorageEntry } from '../../domain/storage-entry.js';

export type FindEntryPorts = Pick<Ports, 'storage' | 'clock'>;

/**
 * The entry `gmsUser` may see. A custom-id entry belongs to the `gms_user` that created it (GMS
 * 8.5.103: "to retrieve the stored value, you also need to pass the gms_user header"); to anyone
 * else it does not exist, so a guessed name tells nothing.
 */
export async function findEntry(ports: FindEntryPorts, id: string, gmsUser?: string): Promise<StorageEntry> {
  const entry = await ports.storage.get(id, ports.clock.now());
  if (!entry || (entry.custom && entry.gmsUser !== gmsUser)) {
    throw new NotFoundError(
      `Storage entry '${id}' does not exist or has expired` +
        (gmsUser === undefined ? ' (an entry stored under a custom id needs its gms_user header).' : '.'),
    );
  }
  return entry;
}
