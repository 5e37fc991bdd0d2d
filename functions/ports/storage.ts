import type { StorageEntry, StoredFile } from '../domain/storage-entry.js';

/** GMS storage entries (`/genesys/1/storage`). */

export interface StorageStore {
  /** Creates or replaces the entry. */
  put(entry: StorageEntry): Promise<void>;
  /**
   * Creates or replaces a custom-id entry unless the id holds an unexpired entry that is not this
   * `gmsUser`'s custom entry; false then (nothing written).
   */
  putCustom(entry: StorageEntry & { custom: true; gmsUser: string }, now: number): Promise<boolean>;
  /** Adds/replaces keys and sets the new expiry; returns undefined when the entry is missing or expired. */
  merge(
    id: string,
    values: Record<string, string>,
    files: Record<string, StoredFile>,
    expiresAt: number,
    now: number,
  ): Promise<StorageEntry | undefined>;
  /** The entry if it exists and has not expired at `now` (DynamoDB TTL deletes late). */
  get(id: string, now: number): Promise<StorageEntry | undefined>;
  delete(id: string): Promise<boolean>;
}
