import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { buildOpenApiDocument } from '../../../functions/http/openapi-document.js';
import type { RouteSpec } from '../../../functions/http/route-spec.js';
import { ALL_ROUTES } from '../../../functions/routes/index.js';

type Json = Record<string, unknown>;

/** Every `$ref` in the document, with the JSON path where it sits. */
function refsOf(value: unknown, path = '#'): { at: string; ref: string }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => refsOf(v, `${path}/${i}`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value as Json).flatMap(([k, v]) =>
    k === '$ref' && typeof v === 'string' ? [{ at: path, ref: v }] : refsOf(v, `${path}/${k}`),
  );
}

/** Resolves a local JSON pointer (`#/a/b`) against the document, undefined when it leads nowhere. */
function resolve(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Json)[key];
  }
  return node;
}

describe('OpenAPI document', () => {
  const doc = buildOpenApiDocument(ALL_ROUTES, 'http://127.0.0.1:8080/');

  it('declares OpenAPI 3.x', () => {
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
  });

  it('every $ref points into components.schemas and resolves to a schema', () => {
    const refs = refsOf(doc);
    expect(refs.length).toBeGreaterThan(200);
    const unresolved = refs.filter(
      ({ ref }) => !ref.startsWith('#/components/schemas/') || typeof resolve(doc, ref) !== 'object',
    );
    expect(unresolved).toEqual([]);
    expect(JSON.stringify(doc)).not.toContain('"definitions"');
    const schemas = (doc.components as Json).schemas as Json;
    expect(Object.keys(schemas)).toEqual(
      expect.arrayContaining(['GmsError', 'CallbackView', 'ChatResponse']),
    );
    expect(schemas.GmsError).toMatchObject({ type: 'object', properties: { message: { type: 'string' } } });
    expect(schemas.GmsError).not.toHaveProperty('id');
  });

  it('keeps two different bodies under one id apart', () => {
    const shared = z.object({ n: z.string().default('1').transform(Number) }).meta({ id: 'Shared' });
    const route: RouteSpec = {
      method: 'POST',
      path: '/x',
      area: 'system',
      access: 'public',
      operationId: 'x',
      summary: 'x',
      tags: ['x'],
      body: shared,
      responses: { 200: { description: 'ok', schema: shared } },
    };
    const one = buildOpenApiDocument([route], 'http://x/');
    const schemas = (one.components as Json).schemas as Json;
    expect(Object.keys(schemas).sort()).toEqual(['GmsError', 'Shared', 'Shared_2']);
    expect(refsOf(one).every(({ ref }) => resolve(one, ref) !== undefined)).toBe(true);
  });

  it('every route says what each success answers: a schema, a content type, or no body', () => {
    const undeclared = (routes: readonly RouteSpec[]) =>
      routes.flatMap((r) =>
        Object.entries(r.responses)
          .filter(([status, res]) => Number(status) < 300 && !res.schema && !res.contentType && !res.empty)
          .map(([status]) => `${r.method} ${r.path} ${status}`),
      );
    expect(undeclared(ALL_ROUTES)).toEqual([]);
    for (const r of ALL_ROUTES) {
      expect(
        Object.keys(r.responses).some((s) => Number(s) < 300),
        r.operationId,
      ).toBe(true);
    }
    const bare: RouteSpec = {
      method: 'GET',
      path: '/new',
      area: 'system',
      access: 'public',
      operationId: 'bare',
      summary: 'x',
      tags: ['x'],
      responses: { 200: { description: 'ok' } },
    };
    expect(undeclared([bare])).toEqual(['GET /new 200']);
  });

  it('has no two paths that differ only in parameter names (storage/{ttl} beside storage/{id})', () => {
    const paths = Object.keys(doc.paths as Json);
    const templates = paths.map((p) => p.replace(/\{[^}]+\}/g, '{}'));
    expect(new Set(templates).size).toBe(templates.length);
    const storage = (doc.paths as Json)['/genesys/1/storage/{id}'] as Record<string, Json>;
    expect(Object.keys(storage).sort()).toEqual(['delete', 'get', 'post']);
    expect(storage.post!.operationId).toBe('storageCreate');
    expect(storage.post!.parameters).toEqual([
      expect.objectContaining({ name: 'id', in: 'path', description: '`ttl` of this operation' }),
    ]);
    expect(Object.keys((doc.paths as Json)['/genesys/1/storage/{id}/{key}'] as Json).sort()).toEqual([
      'get',
      'post',
    ]);
  });

  it('declares the statuses every route can answer, with the error body that allows extra fields', () => {
    const op = (path: string, method: string) =>
      ((doc.paths as Json)[path] as Record<string, { responses: Json }>)[method]!.responses;
    expect(Object.keys(op('/genesys/1/service/{service}', 'post'))).toEqual(
      expect.arrayContaining(['200', '400', '401', '404', '409', '413', '415', '429', '500', '503']),
    );
    expect(Object.keys(op('/genesys/1/admin/users/{username}', 'put'))).toEqual(
      expect.arrayContaining(['200', '400', '401', '403', '413', '415', '500']),
    );
    expect(Object.keys(op('/genesys/1/health', 'get'))).not.toContain('415');
    expect(op('/genesys/1/storage/{id}/{key}', 'get')['200']).toMatchObject({
      content: { 'text/plain': {}, '*/*': {} },
    });
    const schemas = (doc.components as Json).schemas as Json;
    const error = schemas.GmsError as Json;
    expect(error.additionalProperties).not.toBe(false);
    expect(Object.keys(error.properties as Json)).toEqual(
      expect.arrayContaining(['parameter', 'resource_group', 'availability']),
    );
  });

  it('types form-style parameters as the server takes them: strings, numbers or booleans', () => {
    const post = ((doc.paths as Json)['/genesys/1/service/{service}'] as Record<string, Json>).post!;
    const body = post.requestBody as { content: Record<string, { schema: Json }> };
    expect(body.content['application/json']!.schema.additionalProperties).toEqual({
      anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }],
    });
  });
});
