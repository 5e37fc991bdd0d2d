import { InvalidParameterError } from '../domain/errors.js';
import {
  createCustomEntry,
  createEntry,
  deleteEntry,
  readAll,
  readKey,
  updateEntry,
  type StorageWrite,
} from '../domain/storage.js';
import { createAreaHandler, legacyOperations, type RequestContext } from '../http/handler-factory.js';
import { createDeps } from '../composition/full.js';
import { json, type HttpResult } from '../http/http-result.js';

const TEXT = 'text/plain;charset=UTF-8';

/**
 * The posted keys: form and multipart fields, multipart files, or the members of a JSON object.
 * A JSON member that is an object, array or null has no GMS string form, so it is refused
 * rather than silently dropped.
 */
function writeOf(req: RequestContext): StorageWrite {
  const { body } = req;
  if (body.kind === 'json') {
    if (body.json === null || typeof body.json !== 'object' || Array.isArray(body.json)) {
      throw new InvalidParameterError('body', 'A JSON storage body must be an object of key/value pairs.');
    }
    for (const [k, v] of Object.entries(body.json)) {
      if (!['string', 'number', 'boolean'].includes(typeof v)) {
        throw new InvalidParameterError(k, `Storage value '${k}' must be a string, number or boolean.`);
      }
    }
  }
  const gmsUser = req.headers.gms_user;
  return { values: body.fields, files: body.files, ...(gmsUser !== undefined ? { gmsUser } : {}) };
}

export const handler = createAreaHandler(
  'storage',
  legacyOperations('storage', {
    storageCreate: async (req, deps) => json({ id: await createEntry(deps, req.params.ttl, writeOf(req)) }),
    storageCreateCustom: async (req, deps) =>
      json({ id: await createCustomEntry(deps, req.params.customId!, req.params.ttl, writeOf(req)) }),
    storageUpdate: async (req, deps) => {
      await updateEntry(deps, req.params.id!, req.params.ttl, writeOf(req));
      return { status: 200, empty: true };
    },
    storageGetAll: async (req, deps) => json(await readAll(deps, req.params.id!, req.headers.gms_user)),
    storageGetKey: async (req, deps): Promise<HttpResult> => {
      const value = await readKey(deps, req.params.id!, req.params.key!, req.headers.gms_user);
      return value.kind === 'text'
        ? { text: value.text, contentType: TEXT }
        : { binary: value.file.data, contentType: value.file.contentType };
    },
    storageGetBinary: async (req, deps): Promise<HttpResult> => {
      const value = await readKey(deps, req.params.id!, req.params.key!, req.headers.gms_user);
      return value.kind === 'file'
        ? { binary: value.file.data, contentType: value.file.contentType }
        : { binary: Buffer.from(value.text, 'utf8'), contentType: TEXT };
    },
    storageDelete: async (req, deps) => {
      await deleteEntry(deps, req.params.id!, req.headers.gms_user);
      return { status: 200, empty: true };
    },
  }),
  createDeps,
);
