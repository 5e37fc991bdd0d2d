import * as z from 'zod';
import type { RouteSpec } from './route-spec.js';

type JsonSchema = Record<string, unknown>;

const toSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const out = z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' }) as JsonSchema;
  delete out.$schema;
  return out;
};

function parameters(route: RouteSpec): JsonSchema[] {
  const list: JsonSchema[] = [];
  const pathNames = [...route.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  const pathShape = (route.params?.shape ?? {}) as Record<string, z.ZodType>;
  for (const name of pathNames) {
    list.push({
      name,
      in: 'path',
      required: true,
      schema: pathShape[name] ? toSchema(pathShape[name], 'input') : { type: 'string' },
    });
  }
  for (const [name, schema] of Object.entries((route.query?.shape ?? {}) as Record<string, z.ZodType>)) {
    list.push({
      name,
      in: 'query',
      required: !schema.safeParse(undefined).success,
      schema: toSchema(schema, 'input'),
    });
  }
  return list;
}

const CONTENT_TYPES = {
  json: 'application/json',
  form: 'application/x-www-form-urlencoded',
  multipart: 'multipart/form-data',
} as const;

function requestBody(route: RouteSpec): JsonSchema | undefined {
  if (route.method === 'GET' || route.method === 'DELETE') return undefined;
  const types = route.bodyTypes ?? (['json', 'form', 'multipart'] as const);
  const schema = route.body
    ? toSchema(route.body, 'input')
    : {
        type: 'object',
        additionalProperties: { type: 'string' },
        description: 'Request parameters as key/value pairs',
      };
  return {
    required: route.body !== undefined,
    content: Object.fromEntries(types.map((t) => [CONTENT_TYPES[t], { schema }])),
  };
}

/** The OpenAPI 3 document of every route, generated from the zod schemas the handlers validate with. */
export function buildOpenApiDocument(routes: readonly RouteSpec[], serverUrl: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const responses: Record<string, JsonSchema> = {};
    for (const [status, r] of Object.entries(route.responses)) {
      responses[status] = {
        description: r.description,
        ...(r.schema || r.contentType
          ? {
              content: {
                [r.contentType ?? 'application/json']: {
                  schema: r.schema ? toSchema(r.schema, 'output') : {},
                },
              },
            }
          : {}),
      };
    }
    const operation: JsonSchema = {
      operationId: route.operationId,
      summary: route.summary,
      tags: route.tags,
      parameters: parameters(route),
      responses,
      ...(route.access === 'public' ? { security: [] } : { 'x-gms-roles': route.access.roles }),
    };
    const body = requestBody(route);
    if (body) operation.requestBody = body;
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation;
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
      securitySchemes: {
        basic: { type: 'http', scheme: 'basic' },
        bearer: { type: 'http', scheme: 'bearer', description: 'Token from POST /genesys/1/admin/login' },
      },
    },
    paths,
  };
}
