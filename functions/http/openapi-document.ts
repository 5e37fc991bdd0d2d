import * as z from '../domain/zod.js';
import { publicApiScope } from './public-api-guard.js';
import { gmsError } from '../routes/schemas.js';
import type { ObjectSchema, RouteSpec } from './route-spec.js';

type JsonSchema = Record<string, unknown>;

const DEFINITIONS = '#/definitions/';
const COMPONENTS = '#/components/schemas/';

const decodePointer = (segment: string) => segment.replace(/~1/g, '/').replace(/~0/g, '~');
const encodePointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/** Calls `visit` on every object in `value` (deeply), each after the objects it holds. */
function eachObjectInnermostFirst(value: unknown, visit: (record: Record<string, unknown>) => void): void {
  if (Array.isArray(value)) {
    for (const v of value) eachObjectInnermostFirst(v, visit);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  for (const v of Object.values(record)) eachObjectInnermostFirst(v, visit);
  visit(record);
}

/** Replaces every `$ref` in `value` (deeply, in place) with `rewrite(ref)`. */
function rewriteRefs(value: unknown, rewrite: (ref: string) => string): void {
  eachObjectInnermostFirst(value, (record) => {
    if (typeof record.$ref === 'string') record.$ref = rewrite(record.$ref);
  });
}

/**
 * Drops repeated members of `anyOf`/`oneOf` (in place): zod writes a tuple of five strings as an
 * `anyOf` of five `{type: string}` items for OpenAPI 3.0, which says nothing more than one.
 */
function dedupeCompositions(record: Record<string, unknown>): void {
  for (const key of ['anyOf', 'oneOf']) {
    const members = record[key];
    if (!Array.isArray(members)) continue;
    const seen = new Set<string>();
    const unique = members.filter((m) => {
      const text = JSON.stringify(m);
      return seen.has(text) ? false : (seen.add(text), true);
    });
    if (unique.length === 1 && Object.keys(record).length === 1) {
      delete record[key];
      Object.assign(record, unique[0]);
    } else record[key] = unique;
  }
}

/**
 * Replaces `{ allOf: [{ $ref }] }` (in place) with the `$ref` itself: zod writes a `z.lazy` whose
 * schema has an id that way (OpenAPI 3.0 allows no siblings beside a `$ref`, and zod keeps room
 * for them), where the schema itself would be a plain reference.
 */
function collapseSingleRef(record: Record<string, unknown>): void {
  const members = record.allOf;
  if (Object.keys(record).length !== 1 || !Array.isArray(members) || members.length !== 1) return;
  const only = members[0] as Record<string, unknown>;
  if (Object.keys(only).length !== 1 || typeof only.$ref !== 'string') return;
  delete record.allOf;
  record.$ref = only.$ref;
}

/**
 * The document's `components.schemas`. zod emits each schema on its own, with the schemas it
 * names (`.meta({ id })`) under that schema's `definitions` and `$ref`s to `#/definitions/<id>`,
 * which mean nothing inside an OpenAPI document. `adopt` moves those definitions here and points
 * the refs at `#/components/schemas/<id>`. Two different bodies under one id (input vs output of a
 * transform, zod's numbered cycle ids) get distinct names, so no ref ever lands on the wrong body.
 */
class SchemaComponents {
  readonly schemas: Record<string, JsonSchema> = {};
  /** The body each name was registered with, as zod emitted it (before any ref rewriting). */
  private readonly emitted = new Map<string, string>();

  private nameFor(id: string, body: unknown): string {
    const text = JSON.stringify(body);
    for (let n = 1; ; n++) {
      const name = n === 1 ? id : `${id}_${n}`;
      const seen = this.emitted.get(name);
      if (seen === undefined) {
        this.emitted.set(name, text);
        return name;
      }
      if (seen === text) return name;
    }
  }

  adopt(out: JsonSchema): JsonSchema {
    const defs = (out.definitions ?? {}) as Record<string, JsonSchema>;
    delete out.definitions;
    const names = new Map<string, string>();
    for (const [id, body] of Object.entries(defs)) names.set(id, this.nameFor(id, body));
    const rewrite = (ref: string) => {
      if (!ref.startsWith(DEFINITIONS)) return ref;
      const id = decodePointer(ref.slice(DEFINITIONS.length));
      return `${COMPONENTS}${encodePointer(names.get(id) ?? id)}`;
    };
    rewriteRefs(out, rewrite);
    for (const [id, body] of Object.entries(defs)) {
      rewriteRefs(body, rewrite);
      this.schemas[names.get(id)!] = body;
    }
    return out;
  }

  toSchema(schema: z.core.$ZodType, io: 'input' | 'output'): JsonSchema {
    const out = z.toJSONSchema(built(schema), {
      target: 'openapi-3.0',
      io,
      unrepresentable: 'any',
    }) as JsonSchema;
    delete out.$schema;
    eachObjectInnermostFirst(out, (record) => {
      dedupeCompositions(record);
      collapseSingleRef(record);
    });
    return this.adopt(out);
  }
}

/**
 * The schema a route's `z.lazy` stands for (route files build their schemas on first use, see
 * `RouteSpec`): the document describes it, not a reference to it.
 */
function built(schema: z.core.$ZodType): z.core.$ZodType {
  let s = schema;
  while (s._zod.def.type === 'lazy') s = (s as z.core.$ZodLazy)._zod.innerType;
  return s;
}

/** The members of a route's `params` or `query` object. */
const shapeOf = (schema: ObjectSchema | undefined) =>
  (schema ? (built(schema) as z.core.$ZodObject)._zod.def.shape : {}) as Record<string, z.core.$ZodType>;

const templateOf = (path: string) => path.replace(/\{[^}]+\}/g, '{}');
const pathNamesOf = (path: string) => [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);

/**
 * The document path of each route. OpenAPI forbids two paths that differ only in their parameter
 * names (GMS has `POST storage/{ttl}` beside `GET storage/{id}`), so routes sharing a template
 * share one path, named after its GET route (else the first one); each operation's parameter
 * says what the segment means for it.
 */
function documentPaths(routes: readonly RouteSpec[]): Map<RouteSpec, string> {
  const byTemplate = new Map<string, RouteSpec[]>();
  for (const route of routes) {
    const key = templateOf(route.path);
    byTemplate.set(key, [...(byTemplate.get(key) ?? []), route]);
  }
  const out = new Map<RouteSpec, string>();
  for (const group of byTemplate.values()) {
    const named = group.find((r) => r.method === 'GET') ?? group[0]!;
    for (const route of group) out.set(route, named.path);
  }
  return out;
}

function parameters(route: RouteSpec, documentPath: string, components: SchemaComponents): JsonSchema[] {
  const list: JsonSchema[] = [];
  const ownNames = pathNamesOf(route.path);
  const documentNames = pathNamesOf(documentPath);
  const pathShape = shapeOf(route.params);
  ownNames.forEach((name, i) => {
    const documentName = documentNames[i]!;
    list.push({
      name: documentName,
      in: 'path',
      required: true,
      ...(documentName === name ? {} : { description: `\`${name}\` of this operation` }),
      schema: pathShape[name] ? components.toSchema(pathShape[name], 'input') : { type: 'string' },
    });
  });
  for (const [name, schema] of Object.entries(shapeOf(route.query))) {
    list.push({
      name,
      in: 'query',
      required: !z.safeParse(schema, undefined).success,
      schema: components.toSchema(schema, 'input'),
    });
  }
  return list;
}

const CONTENT_TYPES = {
  json: 'application/json',
  form: 'application/x-www-form-urlencoded',
  multipart: 'multipart/form-data',
} as const;

function requestBody(route: RouteSpec, components: SchemaComponents): JsonSchema | undefined {
  if (route.method === 'GET' || route.method === 'DELETE') return undefined;
  const types = route.bodyTypes ?? (['json', 'form', 'multipart'] as const);
  const documented = route.body ?? route.bodyDocument;
  const schema = documented
    ? components.toSchema(documented, 'input')
    : {
        type: 'object',
        // A form sends strings; a JSON body may send the same parameters as numbers or booleans.
        additionalProperties: { anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] },
        description: 'Request parameters as key/value pairs',
      };
  return {
    required: route.body !== undefined,
    content: Object.fromEntries(types.map((t) => [CONTENT_TYPES[t], { schema }])),
  };
}

const errorResponse = (description: string, components: SchemaComponents): JsonSchema => ({
  description,
  content: { 'application/json': { schema: components.toSchema(gmsError, 'output') } },
});

/**
 * Statuses any route of its kind can answer, whatever its operation does: every request is parsed
 * and validated (400, 413 and 415 for a body), authenticated routes check the caller (401, 403),
 * and a fault is a bare 500. A route's own description of one of them wins.
 */
function commonResponses(route: RouteSpec): Record<number, string> {
  const common: Record<number, string> = {
    400: 'Bad input; `parameter` names the offending parameter',
    500: 'Internal error (no details)',
  };
  if (route.method === 'POST' || route.method === 'PUT') {
    common[413] = 'Request body over 6 MB, or over one of its part, field or file limits';
    common[415] =
      'Content-Type other than application/json, application/x-www-form-urlencoded or multipart/form-data';
  }
  if (route.access !== 'public') {
    common[401] = 'Missing or invalid credentials';
    common[403] = "The user's roles do not allow this route (or the initial password must be changed first)";
  }
  return common;
}

function responsesOf(route: RouteSpec, components: SchemaComponents): Record<string, JsonSchema> {
  const responses: Record<string, JsonSchema> = {};
  for (const [status, r] of Object.entries(route.responses)) {
    const types = r.contentType === undefined ? [] : [r.contentType].flat();
    if (types.length === 0 && r.schema) types.push('application/json');
    const schema = r.schema ? components.toSchema(r.schema, 'output') : {};
    const content = Object.fromEntries([
      ...types.map((t) => [t, { schema }]),
      ...(r.alsoContentTypes ?? []).map((t) => [t, { schema: {} }]),
    ]);
    responses[status] = {
      description: r.description,
      ...(Object.keys(content).length > 0 && !r.empty ? { content } : {}),
    };
  }
  for (const [status, description] of Object.entries(commonResponses(route))) {
    responses[status] ??= errorResponse(description, components);
  }
  return responses;
}

/** The OpenAPI 3 document of every route, generated from the zod schemas the handlers validate with. */
export function buildOpenApiDocument(routes: readonly RouteSpec[], serverUrl: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const components = new SchemaComponents();
  const documentPath = documentPaths(routes);
  for (const route of routes) {
    const responses = responsesOf(route, components);
    const operation: JsonSchema = {
      operationId: route.operationId,
      summary: route.summary,
      tags: route.tags,
      parameters: parameters(route, documentPath.get(route)!, components),
      responses,
      ...(route.access === 'public' ? { security: [] } : { 'x-gms-roles': route.access.roles }),
    };
    if (publicApiScope(route).kind !== 'none') {
      // Open by default; an operator may require Basic or an API key (401) and rate-limit clients (429).
      operation.security = [{}, { basic: [] }, { apiKey: [] }];
      responses['401'] ??= errorResponse(
        'The operator requires credentials (server or service `username`/`password`, `api_key`)',
        components,
      );
      responses['429'] ??= errorResponse('Per-client rate limit reached; see Retry-After', components);
    }
    const body = requestBody(route, components);
    if (body) operation.requestBody = body;
    (paths[documentPath.get(route)!] ??= {})[route.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Genesys Mobile Services 8.5 compatible API',
      version: '1',
      description:
        'GMS-compatible public API (service, storage, patterns) and the management API used by the Service Management UI.',
    },
    servers: [{ url: serverUrl }],
    security: [{ basic: [] }, { bearer: [] }],
    components: {
      schemas: components.schemas,
      securitySchemes: {
        basic: { type: 'http', scheme: 'basic' },
        bearer: { type: 'http', scheme: 'bearer', description: 'Token from POST /genesys/1/admin/login' },
        apiKey: {
          type: 'apiKey',
          in: 'header',
          name: 'X-API-Key',
          description: 'Public API key an operator configured (server section or service option `api_key`)',
        },
      },
    },
    paths,
  };
}
