import { dataFromEntries } from '../../domain/data-record.js';
import { NotFoundError } from '../../domain/errors.js';
import type { StoredValue } from '../../domain/storage.js';
import type { Ports } from '../../ports/index.js';
import { findEntry } from './find-entry.js';

export type ReadEntryPorts = Pick<Ports, 'storage' | 'clock'>;

/** Every key as a string: a value as itself, a file key as the file's name (its bytes via the binary route). */
export async function readAll(
  ports: ReadEntryPorts,
  id: string,
  gmsUser?: string,
): Promise<Record<string, string>> {
  const entry = await findEntry(ports, id, gmsUser);
  const out = new Map<string, string>(Object.entries(entry.values));
  for (const [k, f] of Object.entries(entry.files)) out.set(k, f.filename);
  return dataFromEntries(out);
}

export async function readKey(
  ports: ReadEntryPorts,
  id: string,
  key: string,
  gmsUser?: string,
): Promise<StoredValue> {
  const entry = await findEntry(ports, id, gmsUser);
  if (Object.hasOwn(entry.files, key)) return { kind: 'file', file: entry.files[key]! };
  if (Object.hasOwn(entry.values, key)) return { kind: 'text', text: entry.values[key]! };
  throw new NotFoundError(`Storage entry '${id}' has no key '${key}'.`);
}
