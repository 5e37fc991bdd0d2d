import { describe, expect, it } from 'vitest';
import {
  InvalidParameterError,
  NotFoundError,
  PayloadTooLargeError,
} from '../../../functions/domain/errors.js';
import {
  DEFAULT_TTL_SECONDS,
  MAX_ENTRY_BYTES,
  MAX_TTL_SECONDS,
  parseTtl,
} from '../../../functions/domain/storage.js';
import { createEntry } from '../../../functions/use-cases/storage/create-entry.js';
import { deleteEntry } from '../../../functions/use-cases/storage/delete-entry.js';
import { readAll, readKey } from '../../../functions/use-cases/storage/read-entry.js';
import { updateEntry } from '../../../functions/use-cases/storage/update-entry.js';
import type { IdGenerator } from '../../../functions/ports/clock-and-ids.js';
import type { StoredFile } from '../../../functions/domain/storage-entry.js';
import { InMemoryStorageStore } from '../../support/in-memory-storage-store.js';

const T0 = Date.UTC(2024, 0, 15, 12, 0, 0);

function setup() {
  let now = T0;
  let n = 0;
  const ids = { id: () => `id${++n}` } as IdGenerator;
  const storage = new InMemoryStorageStore();
  const ports = { storage, ids, clock: { now: () => now } };
  return { ports, storage, advance: (ms: number) => (now += ms) };
}

const file = (text: string, contentType = 'image/png'): StoredFile => ({
  filename: 'a.png',
  contentType,
  data: Buffer.from(text),
});

describe('parseTtl', () => {
  it.each([
    ['3600', 3600],
    ['1', 1],
    ['007', 7],
    [String(MAX_TTL_SECONDS), MAX_TTL_SECONDS],
  ])('reads %s as %d seconds', (raw, seconds) => {
    expect(parseTtl(raw)).toBe(seconds);
  });

  it.each(['abc', '0', '-5', '1.5', '', ' 10', '1e3', '+5', '0x10', undefined])(
    'falls back to 30 s for %j',
    (raw) => {
      expect(parseTtl(raw)).toBe(DEFAULT_TTL_SECONDS);
    },
  );

  it('shortens ttls above 30 days, including absurdly long numbers', () => {
    expect(parseTtl(String(MAX_TTL_SECONDS + 1))).toBe(MAX_TTL_SECONDS);
    expect(parseTtl('9'.repeat(40))).toBe(MAX_TTL_SECONDS);
  });
});

describe('storage use cases', () => {
  it('creates an entry with values, files, gms_user and an expiry from the ttl', async () => {
    const { ports, storage } = setup();
    const id = await createEntry(ports, '60', {
      values: { Key1: 'Value1' },
      files: { pic: file('png') },
      gmsUser: 'u1',
    });
    expect(id).toBe('id1');
    const stored = storage.entries.get(id)!;
    expect(stored.values).toEqual({ Key1: 'Value1' });
    expect(stored.files.pic!.data.toString()).toBe('png');
    expect(stored.gmsUser).toBe('u1');
    expect(stored.expiresAt).toBe(T0 + 60_000);
  });

  it('expires after the ttl (invalid ttl = 30 s)', async () => {
    const { ports, advance } = setup();
    const id = await createEntry(ports, 'abc', { values: { k: 'v' }, files: {} });
    advance(29_999);
    expect(await readAll(ports, id)).toEqual({ k: 'v' });
    advance(1);
    await expect(readAll(ports, id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('reads all keys, file keys as their file name, and single keys by kind', async () => {
    const { ports } = setup();
    const id = await createEntry(ports, '60', { values: { k: 'v' }, files: { pic: file('png') } });
    expect(await readAll(ports, id)).toEqual({ k: 'v', pic: 'a.png' });
    expect(await readKey(ports, id, 'k')).toEqual({ kind: 'text', text: 'v' });
    const pic = await readKey(ports, id, 'pic');
    expect(pic.kind === 'file' && pic.file.contentType).toBe('image/png');
    await expect(readKey(ports, id, 'missing')).rejects.toBeInstanceOf(NotFoundError);
    await expect(readKey(ports, id, 'toString')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('keeps the file when one request sends a key as both field and file', async () => {
    const { ports } = setup();
    const id = await createEntry(ports, '60', {
      values: { pic: 'text', k: 'v' },
      files: { pic: file('png') },
    });
    expect(await readAll(ports, id)).toEqual({ k: 'v', pic: 'a.png' });
  });

  it('updates: adds and replaces keys, restarts the ttl from now', async () => {
    const { ports, advance } = setup();
    const id = await createEntry(ports, '30', { values: { a: '1', b: '2' }, files: {} });
    advance(20_000);
    await updateEntry(ports, id, '60', { values: { b: '3', c: '4' }, files: {} });
    advance(50_000);
    expect(await readAll(ports, id)).toEqual({ a: '1', b: '3', c: '4' });
    advance(10_000);
    await expect(readAll(ports, id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses to update a missing or expired entry', async () => {
    const { ports, advance } = setup();
    await expect(updateEntry(ports, 'nope', '60', { values: { a: '1' }, files: {} })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    const id = await createEntry(ports, '1', { values: {}, files: {} });
    advance(1_000);
    await expect(updateEntry(ports, id, '60', { values: { a: '1' }, files: {} })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('deletes once; the second delete, and deleting an expired entry, is NotFound', async () => {
    const { ports, advance } = setup();
    const id = await createEntry(ports, '10', { values: {}, files: {} });
    await deleteEntry(ports, id);
    await expect(deleteEntry(ports, id)).rejects.toBeInstanceOf(NotFoundError);
    const old = await createEntry(ports, '10', { values: {}, files: {} });
    advance(10_000);
    await expect(deleteEntry(ports, old)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('rejects entries over the size limit, on create and when an update would grow past it', async () => {
    const { ports } = setup();
    const big = 'x'.repeat(MAX_ENTRY_BYTES);
    await expect(createEntry(ports, '60', { values: { k: big }, files: {} })).rejects.toBeInstanceOf(
      PayloadTooLargeError,
    );
    const half = 'x'.repeat(MAX_ENTRY_BYTES / 2);
    const id = await createEntry(ports, '60', { values: { a: half }, files: {} });
    await expect(updateEntry(ports, id, '60', { values: { b: half }, files: {} })).rejects.toThrow(/350 KB/);
    // Replacing a key counts its new size only.
    await updateEntry(ports, id, '60', { values: { a: half }, files: {} });
  });

  it('rejects an empty key', async () => {
    const { ports } = setup();
    await expect(createEntry(ports, '60', { values: { '': 'v' }, files: {} })).rejects.toBeInstanceOf(
      InvalidParameterError,
    );
  });
});
