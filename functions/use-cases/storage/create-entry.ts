import { checkSize, normalize, parseTtl, type StorageWrite } from '../../domain/storage.js';
import type { Ports } from '../../ports/index.js';

export type CreateEntryPorts = Pick<Ports, 'storage' | 'clock' | 'ids'>;

/** `POST storage/{ttl}`: stores the posted keys under a new random id. */
export async function createEntry(
  ports: CreateEntryPorts,
  ttl: string | undefined,
  write: StorageWrite,
): Promise<string> {
  const data = normalize(write);
  checkSize(data);
  const id = ports.ids.id();
  await ports.storage.put({
    id,
    ...data,
    ...(write.gmsUser !== undefined ? { gmsUser: write.gmsUser } : {}),
    expiresAt: ports.clock.now() + parseTtl(ttl) * 1000,
  });
  return id;
}
