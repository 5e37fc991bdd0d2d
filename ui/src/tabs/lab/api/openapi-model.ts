/** The parts of the OpenAPI 3 document (`GET /genesys/1/openapi.json`) the explorer uses. */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  default?: unknown;
  const?: unknown;
}

interface RawOperation {
  operationId: string;
  summary?: string;
  tags?: string[];
  parameters?: { name: string; in: 'path' | 'query' | 'header'; required?: boolean; schema?: JsonSchema }[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, { description?: string }>;
  security?: unknown[];
  'x-gms-roles'?: string[];
}

export interface OpenApiDocument {
  info?: { title?: string; version?: string };
  paths: Record<string, Record<string, RawOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  description?: string;
  choices?: string[];
}

export interface Operation {
  key: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  parameters: Parameter[];
  /** Declared body content types, JSON first. */
  bodyTypes: string[];
  bodySchema?: JsonSchema;
  /** No credentials needed (`security: []`). */
  public: boolean;
  roles: string[];
  responses: { status: string; description: string }[];
  raw: RawOperation;
}

const METHODS = ['get', 'post', 'put', 'delete'] as const;
const BODY_ORDER = ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'];

export function operationsOf(doc: OpenApiDocument): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const m of METHODS) {
      const op = item[m];
      if (!op) continue;
      const content = op.requestBody?.content ?? {};
      const bodyTypes = Object.keys(content).sort(
        (a, b) => (BODY_ORDER.indexOf(a) + 1 || 99) - (BODY_ORDER.indexOf(b) + 1 || 99),
      );
      out.push({
        key: `${m.toUpperCase()} ${path}`,
        method: m.toUpperCase() as Operation['method'],
        path,
        operationId: op.operationId,
        summary: op.summary ?? '',
        tag: op.tags?.[0] ?? 'Other',
        parameters: (op.parameters ?? []).map((p) => {
          const schema = resolve(doc, p.schema);
          return {
            name: p.name,
            in: p.in,
            required: p.in === 'path' || !!p.required,
            description: schema?.description,
            choices: schema?.enum?.map(String),
          };
        }),
        bodyTypes,
        bodySchema: bodyTypes[0] ? content[bodyTypes[0]]?.schema : undefined,
        public: Array.isArray(op.security) && op.security.length === 0,
        roles: op['x-gms-roles'] ?? [],
        responses: Object.entries(op.responses ?? {}).map(([status, r]) => ({
          status,
          description: r.description ?? '',
        })),
        raw: op,
      });
    }
  }
  return out;
}

/** Operations by tag, tags in the document's order of first use. */
export function byTag(ops: Operation[]): [string, Operation[]][] {
  const groups = new Map<string, Operation[]>();
  for (const op of ops) groups.set(op.tag, [...(groups.get(op.tag) ?? []), op]);
  return [...groups.entries()];
}

function resolve(doc: OpenApiDocument, schema: JsonSchema | undefined): JsonSchema | undefined {
  let s = schema;
  for (let i = 0; s?.$ref && i < 10; i++) {
    s = doc.components?.schemas?.[s.$ref.replace('#/components/schemas/', '')];
  }
  return s;
}

/** A starting body from the schema: required fields and the first enum value, nothing invented. */
export function exampleOf(doc: OpenApiDocument, schema: JsonSchema | undefined, depth = 0): unknown {
  const s = resolve(doc, schema);
  if (!s || depth > 5) return undefined;
  if (s.default !== undefined) return s.default;
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  const alternative = s.anyOf?.[0] ?? s.oneOf?.[0];
  if (alternative) return exampleOf(doc, alternative, depth + 1);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const props = s.properties ?? {};
      const keys = s.required?.length ? s.required : Object.keys(props);
      for (const k of keys) out[k] = exampleOf(doc, props[k], depth + 1) ?? '';
      if (keys.length === 0 && s.additionalProperties) out.key = 'value';
      return out;
    }
    case 'array': {
      const item = exampleOf(doc, s.items, depth + 1);
      return item === undefined ? [] : [item];
    }
    case 'integer':
    case 'number':
      return 0;
    case 'boolean':
      return false;
    case 'string':
      return '';
    default:
      return undefined;
  }
}
