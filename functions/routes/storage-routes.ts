import * as z from '../domain/zod.js';
import { defineRoute } from '../http/define-route.js';
import { errorResponses, gmsError } from './schemas.js';

const storageId = z.string().check(z.minLength(1), z.maxLength(128));
const tooLarge = { 413: { description: 'Keys, values and files exceed 350 KB', schema: gmsError } };
/** A file key answers with the content type it was uploaded with, whatever that is. */
const FILE_CONTENT = '*/*';
const notFound = { 404: { description: 'Unknown or expired storage id (or key)', schema: gmsError } };

export const storageCreate = defineRoute({
  method: 'POST',
  path: '/genesys/1/storage/{ttl}',
  area: 'storage',
  access: 'public',
  operationId: 'storageCreate',
  summary:
    'Stores the posted key/values (form, JSON object of scalars, or multipart with files) for `ttl` seconds. ' +
    'An invalid ttl (not a positive integer) means 30 s; ttls above 30 days are shortened to 30 days. ' +
    'Keys, values and files together may hold at most 350 KB (413 above). The `gms_user` header is kept with the entry.',
  tags: ['Storage API'],
  params: z.lazy(() => z.object({ ttl: z.string() })),
  bodyTypes: ['form', 'multipart', 'json'],
  responses: {
    200: { description: 'The new id', schema: z.lazy(() => z.object({ id: z.string() })) },
    ...errorResponses,
    ...tooLarge,
  },
});

export const storageCreateCustom = defineRoute({
  method: 'POST',
  path: '/genesys/1/storage/custom/{customId}/{ttl}',
  area: 'storage',
  access: 'public',
  operationId: 'storageCreateCustom',
  summary:
    'GMS 8.5.103: stores the posted key/values under an id the app chooses, owned by the `gms_user` header ' +
    '(mandatory). Reads, updates and deletes of that id go through the routes below and need the same ' +
    '`gms_user` (404 to anyone else). Writing the id again with the same `gms_user` replaces the entry; ' +
    "another user's unexpired entry under it is a 409. `ttl` must be a positive integer here (400 otherwise); " +
    'above 30 days it is shortened to 30 days.',
  tags: ['Storage API'],
  params: z.lazy(() =>
    z.object({ customId: z.string().check(z.minLength(1), z.maxLength(128)), ttl: z.string() }),
  ),
  bodyTypes: ['form', 'multipart', 'json'],
  responses: {
    200: { description: 'The id (the custom id itself)', schema: z.lazy(() => z.object({ id: z.string() })) },
    ...errorResponses,
    409: { description: "The id holds another user's entry", schema: gmsError },
    ...tooLarge,
  },
});

export const storageUpdate = defineRoute({
  method: 'POST',
  path: '/genesys/1/storage/{id}/{ttl}',
  area: 'storage',
  access: 'public',
  operationId: 'storageUpdate',
  summary:
    'Adds or replaces keys of an existing, unexpired entry and restarts its ttl from now (same ttl rules as create). ' +
    'A key written as a file replaces a text value of the same key and vice versa.',
  tags: ['Storage API'],
  params: z.lazy(() => z.object({ id: storageId, ttl: z.string() })),
  bodyTypes: ['form', 'multipart', 'json'],
  responses: { 200: { description: 'Updated', empty: true }, ...errorResponses, ...notFound, ...tooLarge },
});

export const storageGetAll = defineRoute({
  method: 'GET',
  path: '/genesys/1/storage/{id}',
  area: 'storage',
  access: 'public',
  operationId: 'storageGetAll',
  summary: 'All keys of an entry as a JSON object of strings; a file key maps to the uploaded file name.',
  tags: ['Storage API'],
  params: z.lazy(() => z.object({ id: storageId })),
  responses: {
    200: { description: 'Key/value map', schema: z.lazy(() => z.record(z.string(), z.string())) },
    ...notFound,
  },
});

export const storageGetKey = defineRoute({
  method: 'GET',
  path: '/genesys/1/storage/{id}/{key}',
  area: 'storage',
  access: 'public',
  operationId: 'storageGetKey',
  summary: 'The raw value of one key as text/plain; for a file key, the file bytes with their content type.',
  tags: ['Storage API'],
  params: z.lazy(() => z.object({ id: storageId, key: z.string().check(z.minLength(1)) })),
  responses: {
    200: { description: 'The value', contentType: ['text/plain', FILE_CONTENT] },
    ...notFound,
  },
});

export const storageGetBinary = defineRoute({
  method: 'GET',
  path: '/genesys/1/storage/binary/{id}/{key}',
  area: 'storage',
  access: 'public',
  operationId: 'storageGetBinary',
  summary:
    'The binary content of one key (a file uploaded with multipart) with its content type; a text value comes back as UTF-8 bytes.',
  tags: ['Storage API'],
  params: z.lazy(() => z.object({ id: storageId, key: z.string().check(z.minLength(1)) })),
  responses: {
    200: { description: 'The file', contentType: ['application/octet-stream', FILE_CONTENT] },
    ...notFound,
  },
});

export const storageDelete = defineRoute({
  method: 'DELETE',
  path: '/genesys/1/storage/{id}',
  area: 'storage',
  access: 'public',
  operationId: 'storageDelete',
  summary: 'Deletes an entry.',
  tags: ['Storage API'],
  params: z.lazy(() => z.object({ id: storageId })),
  responses: { 200: { description: 'Deleted', empty: true }, ...notFound },
});

export const storageRoutes = [
  storageCreate,
  storageCreateCustom,
  storageUpdate,
  storageGetAll,
  storageGetKey,
  storageGetBinary,
  storageDelete,
];
