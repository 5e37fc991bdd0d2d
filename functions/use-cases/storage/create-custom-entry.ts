import { ConflictError, InvalidParameterError } from '../../domain/errors.js';
import {
  checkSize,
  CUSTOM_ID,
  GENERATED_ID,
  normalize,
  parseCustomTtl,
  type StorageWrite,
} from '../../domain/storage.js';
import type { Ports } from '../../ports/index.js';

export type CreateCustomEntryPorts = Pick<Ports, 'storage' | 'clock'>;

/**
 * `POST storage/custom/{customId}/{ttl}` (GMS 8.5.103): stores under the app's own id, owned by
 * the `gms_user` header. The same user writing the id again replaces the entry; another user's
 * unexpired entry under that id is a 409.
 */
export async function createCustomEntry(
  ports: CreateCustomEntryPorts,
  customId: string,
  ttl: string | undefined,
  write: StorageWrite,
): Promise<string> {
  const gmsUser = write.gmsUser?.trim();
  if (!gmsUser) {
    throw new InvalidParameterError(
      'gms_user',
      "A custom storage id needs the 'gms_user' header: it owns the entry.",
    );
  }
  if (!CUSTOM_ID.test(customId) || GENERATED_ID.test(customId)) {
    throw new InvalidParameterError(
      'customId',
      "Parameter 'customId' must be 1-128 letters, digits or '._~-', and not 32 lowercase hex digits (the shape of generated ids).",
    );
  }
  const seconds = parseCustomTtl(ttl);
  const data = normalize(write);
  checkSize(data);
  const now = ports.clock.now();
  const stored = await ports.storage.putCustom(
    { id: customId, ...data, gmsUser, custom: true, expiresAt: now + seconds * 1000 },
    now,
  );
  if (!stored) throw new ConflictError(`Storage id '${customId}' is in use by another entry.`);
  return customId;
}
