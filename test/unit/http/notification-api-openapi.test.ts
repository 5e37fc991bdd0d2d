import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../../functions/http/openapi-document.js';
import { ALL_ROUTES } from '../../../functions/routes/index.js';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('OpenAPI document: the Notification API', () => {
  const doc = buildOpenApiDocument(ALL_ROUTES, 'http://127.0.0.1:8080') as Json;
  const deref = (schema: Json): Json =>
    schema?.$ref ? doc.components.schemas[(schema.$ref as string).split('/').pop()!] : schema;

  it('subscribe takes JSON only, requires subscriberId, filter and notificationDetails, declares 200/400/415', () => {
    const op = doc.paths['/genesys/1/notification/subscription'].post;
    expect(Object.keys(op.requestBody.content)).toEqual(['application/json']);
    const body = deref(op.requestBody.content['application/json'].schema);
    expect(body.required).toEqual(expect.arrayContaining(['subscriberId', 'filter', 'notificationDetails']));
    expect(Object.keys(body.properties)).toEqual(
      expect.arrayContaining(['providerName', 'authorization', 'expire']),
    );
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '400', '409', '415']));
    expect(deref(op.responses['200'].content['application/json'].schema).properties.id).toBeDefined();
  });

  it('GET and DELETE by id declare 404; publish declares credentials errors and its answer', () => {
    const byId = doc.paths['/genesys/1/notification/subscription/{id}'];
    expect(Object.keys(byId.get.responses)).toEqual(expect.arrayContaining(['200', '404']));
    expect(Object.keys(byId.delete.responses)).toEqual(expect.arrayContaining(['200', '404']));
    const publish = doc.paths['/genesys/1/notification/publish'].post;
    expect(Object.keys(publish.responses)).toEqual(expect.arrayContaining(['200', '401', '403', '415']));
    const answer = deref(publish.responses['200'].content['application/json'].schema);
    expect(Object.keys(answer.properties)).toEqual(['id', 'subscriptions', 'delivered']);
    expect(deref(publish.requestBody.content['application/json'].schema).required).toEqual([
      'tag',
      'message',
    ]);
  });
});
