import { InvalidParameterError } from '../../domain/errors.js';
import type { StorageWrite } from '../../domain/storage.js';
import { operation } from '../../http/define-route.js';
import { json, type HttpResult } from '../../http/http-result.js';
import type { RequestContext } from '../../http/request-context.js';
import {
  storageCreate,
  storageCreateCustom,
  storageDelete,
  storageGetAll,
  storageGetBinary,
  storageGetKey,
  storageUpdate,
} from '../../routes/storage-routes.js';
import {
  createCustomEntry,
  type CreateCustomEntryPorts,
} from '../../use-cases/storage/create-custom-entry.js';
import { createEntry, type CreateEntryPorts } from '../../use-cases/storage/create-entry.js';
import { deleteEntry, type DeleteEntryPorts } from '../../use-cases/storage/delete-entry.js';
import { readAll, readKey, type ReadEntryPorts } from '../../use-cases/storage/read-entry.js';
import { updateEntry, type UpdateEntryPorts } from '../../use-cases/storage/update-entry.js';

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

/** GMS Storage API: each route maps the request to its use case and shapes the answer. */
export const storageOperations = [
  operation(storageCreate, async ({ params }, ports: CreateEntryPorts, req) =>
    json({ id: await createEntry(ports, params.ttl, writeOf(req)) }),
  ),
  operation(storageCreateCustom, async ({ params }, ports: CreateCustomEntryPorts, req) =>
    json({ id: await createCustomEntry(ports, params.customId, params.ttl, writeOf(req)) }),
  ),
  operation(storageUpdate, async ({ params }, ports: UpdateEntryPorts, req) => {
    await updateEntry(ports, params.id, params.ttl, writeOf(req));
    return { status: 200, empty: true };
  }),
  operation(storageGetAll, async ({ params }, ports: ReadEntryPorts, req) =>
    json(await readAll(ports, params.id, req.headers.gms_user)),
  ),
  operation(storageGetKey, async ({ params }, ports: ReadEntryPorts, req): Promise<HttpResult> => {
    const value = await readKey(ports, params.id, params.key, req.headers.gms_user);
    return value.kind === 'text'
      ? { text: value.text, contentType: TEXT }
      : { binary: value.file.data, contentType: value.file.contentType };
  }),
  operation(storageGetBinary, async ({ params }, ports: ReadEntryPorts, req): Promise<HttpResult> => {
    const value = await readKey(ports, params.id, params.key, req.headers.gms_user);
    return value.kind === 'file'
      ? { binary: value.file.data, contentType: value.file.contentType }
      : { binary: Buffer.from(value.text, 'utf8'), contentType: TEXT };
  }),
  operation(storageDelete, async ({ params }, ports: DeleteEntryPorts, req) => {
    await deleteEntry(ports, params.id, req.headers.gms_user);
    return { status: 200, empty: true };
  }),
];
