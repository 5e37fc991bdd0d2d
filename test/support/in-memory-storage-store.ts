import type { StorageEntry, StoredFile } from '../../functions/domain/storage-entry.js';
import type { StorageStore } from '../../functions/ports/storage.js';

/** The `StorageStore` port in memory, with the DynamoDB adapter's contract (expiry, custom ids, merge). */
export class InMemoryStorageStore implements StorageStore {
  readonly entries = new Map<string, StorageEntry>();
  async put(entry: StorageEntry) {
    this.entries.set(entry.id, { ...entry });
  }
  async putCustom(entry: StorageEntry & { custom: true; gmsUser: string }, now: number) {
    const current = await this.get(entry.id, now);
    if (current && !(current.custom && current.gmsUser === entry.gmsUser)) return false;
    this.entries.set(entry.id, { ...entry });
    return true;
  }
  async merge(
    id: string,
    values: Record<string, string>,
    files: Record<string, StoredFile>,
    expiresAt: number,
    now: number,
  ) {
    const current = await this.get(id, now);
    if (!current) return undefined;
    const drop = <T>(m: Record<string, T>, keys: object) =>
      Object.fromEntries(Object.entries(m).filter(([k]) => !Object.hasOwn(keys, k)));
    const next = {
      ...current,
      values: { ...drop(current.values, files), ...values },
      files: { ...drop(current.files, values), ...files },
      expiresAt,
    };
    this.entries.set(id, next);
    return next;
  }
  async get(id: string, now: number) {
    const e = this.entries.get(id);
    return e && e.expiresAt > now ? e : undefined;
  }
  async delete(id: string) {
    return this.entries.delete(id);
  }
}
