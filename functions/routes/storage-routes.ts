import { z } from 'zod';
import type { RouteSpec } from '../http/route-spec.js';
import { errorResponses, gmsError } from './schemas.js';

const storageId = z.string().min(1).max(128);
const notFound = { 404: { description: 'Unknown or expired storage id (or key)', schema: gmsError } };

export const storageRoutes: RouteSpec[] = [
  {
    method: 'POST',
    path: '/genesys/1/storage/{ttl}',
    area: 'storage',
    access: 'public',
    operationId: 'storageCreate',
    summary: 'Stores the posted key/values (and files) for `ttl` seconds; an invalid ttl falls back to 30 s.',
    tags: ['Storage API'],
    params: z.object({ ttl: z.string() }),
    bodyTypes: ['form', 'multipart', 'json'],
    responses: { 200: { description: 'The new id', schema: z.object({ id: z.string() }) }, ...errorResponses },
  },
  {
    method: 'POST',
    path: '/genesys/1/storage/{id}/{ttl}',
    area: 'storage',
    access: 'public',
    operationId: 'storageUpdate',
    summary: 'Adds or replaces keys of an existing entry and sets its ttl.',
    tags: ['Storage API'],
    params: z.object({ id: storageId, ttl: z.string() }),
    bodyTypes: ['form', 'multipart', 'json'],
    responses: { 200: { description: 'Updated' }, ...errorResponses, ...notFound },
  },
  {
    method: 'GET',
    path: '/genesys/1/storage/{id}',
    area: 'storage',
    access: 'public',
    operationId: 'storageGetAll',
    summary: 'All key/values of an entry as a JSON object.',
    tags: ['Storage API'],
    params: z.object({ id: storageId }),
    responses: { 200: { description: 'Key/value map' }, ...notFound },
  },
  {
    method: 'GET',
    path: '/genesys/1/storage/{id}/{key}',
    area: 'storage',
    access: 'public',
    operationId: 'storageGetKey',
    summary: 'The raw value of one key.',
    tags: ['Storage API'],
    params: z.object({ id: storageId, key: z.string().min(1) }),
    responses: { 200: { description: 'The value', contentType: 'text/plain' }, ...notFound },
  },
  {
    method: 'GET',
    path: '/genesys/1/storage/binary/{id}/{key}',
    area: 'storage',
    access: 'public',
    operationId: 'storageGetBinary',
    summary: 'The binary content of one key (a file uploaded with multipart), with its content type.',
    tags: ['Storage API'],
    params: z.object({ id: storageId, key: z.string().min(1) }),
    responses: { 200: { description: 'The file', contentType: 'application/octet-stream' }, ...notFound },
  },
  {
    method: 'DELETE',
    path: '/genesys/1/storage/{id}',
    area: 'storage',
    access: 'public',
    operationId: 'storageDelete',
    summary: 'Deletes an entry.',
    tags: ['Storage API'],
    params: z.object({ id: storageId }),
    responses: { 200: { description: 'Deleted' }, ...notFound },
  },
];
