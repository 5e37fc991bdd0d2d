import type { StorageEntry, StoredFile } from './storage-entry.js';
import { InvalidParameterError, PayloadTooLargeError } from './errors.js';
import { dataFromEntries, mergeData } from './data-record.js';

/**
 * GMS Storage API rules (the flows are in use-cases/storage/): short-lived key/value entries (text values and uploaded files) under a random
 * id. Keys are unique across values and files: writing a key replaces it whatever its kind.
 */

/** GMS: "ttl in seconds, greater than 0; an invalid value means 30 s". */
export const DEFAULT_TTL_SECONDS = 30;
/** Storage is for hand-offs between channels, not archiving: longer ttls are shortened to this. */
export const MAX_TTL_SECONDS = 30 * 24 * 60 * 60;
/** DynamoDB items hold at most 400 KB; the rest is left for attribute names and bookkeeping. */
export const MAX_ENTRY_BYTES = 350 * 1024;

export interface StorageWrite {
  values: Record<string, string>;
  files: Record<string, StoredFile>;
  gmsUser?: string;
}

/** A value read by key: text for values, bytes and content type for files. */
export type StoredValue = { kind: 'text'; text: string } | { kind: 'file'; file: StoredFile };

/** Positive integer seconds; anything else (`abc`, `0`, `-5`, `1.5`) is GMS's 30 s, never an error. */
export function parseTtl(raw: string | undefined): number {
  if (raw === undefined || !/^\d+$/.test(raw)) return DEFAULT_TTL_SECONDS;
  const seconds = Number(raw);
  if (seconds <= 0) return DEFAULT_TTL_SECONDS;
  return Math.min(seconds, MAX_TTL_SECONDS);
}

/** Bytes the entry's data takes: keys, values, files with their names and types. */
export function entryBytes(entry: Pick<StorageEntry, 'values' | 'files'>): number {
  let total = 0;
  for (const [k, v] of Object.entries(entry.values)) total += Buffer.byteLength(k) + Buffer.byteLength(v);
  for (const [k, f] of Object.entries(entry.files)) {
    total +=
      Buffer.byteLength(k) + f.data.length + Buffer.byteLength(f.filename) + Buffer.byteLength(f.contentType);
  }
  return total;
}

export function checkSize(entry: Pick<StorageEntry, 'values' | 'files'>): void {
  const bytes = entryBytes(entry);
  if (bytes > MAX_ENTRY_BYTES) {
    throw new PayloadTooLargeError(
      `Storage entry would hold ${bytes} bytes of keys, values and files; the limit is ${MAX_ENTRY_BYTES} bytes (350 KB).`,
    );
  }
}

/**
 * Longest storage key, in characters. Keys are names, not data; DynamoDB refuses attribute names
 * over 64 KB (a 500 if it got that far), and nothing GMS documents needs more than this.
 */
export const MAX_KEY_LENGTH = 256;

/** 400 naming the key when one is longer than `MAX_KEY_LENGTH`. */
export function checkKeyLengths(keys: Iterable<string>): void {
  for (const key of keys) {
    if (key.length > MAX_KEY_LENGTH) {
      throw new InvalidParameterError(
        `${key.slice(0, 64)}…`,
        `Storage key '${key.slice(0, 64)}…' has ${key.length} characters; keys are at most ${MAX_KEY_LENGTH}.`,
      );
    }
  }
}

/** A key sent both as a field and as a file is kept as the file. */
export function normalize(write: StorageWrite): Pick<StorageEntry, 'values' | 'files'> {
  for (const key of [...Object.keys(write.values), ...Object.keys(write.files)]) {
    if (key === '') throw new InvalidParameterError('body', 'Storage keys must not be empty.');
  }
  checkKeyLengths([...Object.keys(write.values), ...Object.keys(write.files)]);
  const values = dataFromEntries(
    Object.entries(write.values).filter(([k]) => !Object.hasOwn(write.files, k)),
  );
  return { values, files: write.files };
}

export function merged(current: StorageEntry, write: Pick<StorageEntry, 'values' | 'files'>) {
  const without = <T>(map: Record<string, T>, keys: Record<string, unknown>) =>
    dataFromEntries(Object.entries(map).filter(([k]) => !Object.hasOwn(keys, k)));
  return {
    values: mergeData(without(current.values, write.files), write.values),
    files: mergeData(without(current.files, write.values), write.files),
  };
}

/** Letters, digits and `._~-` (safe in a URL path as is), at most 128 characters. */
export const CUSTOM_ID = /^[A-Za-z0-9._~-]{1,128}$/;
/** The shape of the ids this server generates: refused as custom ids so the two never meet. */
export const GENERATED_ID = /^[0-9a-f]{32}$/;

/**
 * A custom id's ttl must be a positive integer: the app finds the entry again by the name it
 * chose, and GMS's silent 30 s for a bad value would make it vanish under the app's feet.
 */
export function parseCustomTtl(raw: string | undefined): number {
  if (raw === undefined || !/^\d+$/.test(raw) || Number(raw) <= 0) {
    throw new InvalidParameterError(
      'ttl',
      `Parameter 'ttl' must be a positive number of seconds, got '${raw ?? ''}'.`,
    );
  }
  return Math.min(Number(raw), MAX_TTL_SECONDS);
}
