import { NotFoundError } from '../../domain/errors.js';
import { checkSize, merged, normalize, parseTtl, type StorageWrite } from '../../domain/storage.js';
import type { Ports } from '../../ports/index.js';
import { findEntry } from './find-entry.js';

export type UpdateEntryPorts = Pick<Ports, 'storage' | 'clock'>;

/** Adds or replaces keys and restarts the ttl from now; the entry must exist and be unexpired. */
export async function updateEntry(
  ports: UpdateEntryPorts,
  id: string,
  ttl: string | undefined,
  write: StorageWrite,
): Promise<void> {
  const data = normalize(write);
  checkSize(merged(await findEntry(ports, id, write.gmsUser), data));
  const now = ports.clock.now();
  const out = await ports.storage.merge(id, data.values, data.files, now + parseTtl(ttl) * 1000, now);
  if (!out) throw new NotFoundError(`Storage entry '${id}' does not exist or has expired.`);
}
