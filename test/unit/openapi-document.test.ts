import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { buildOpenApiDocument } from '../../functions/http/openapi-document.js';
import type { RouteSpec } from '../../functions/http/route-spec.js';
import { ALL_ROUTES } from '../../functions/routes/index.js';

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
    expect(Object.keys(schemas).sort()).toEqual(['Shared', 'Shared_2']);
    expect(refsOf(one).every(({ ref }) => resolve(one, ref) !== undefined)).toBe(true);
  });
});
