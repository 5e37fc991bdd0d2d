import * as z from '../domain/zod.js';
import { newPasswordSchema } from '../domain/password-policy.js';
import type { Role } from '../domain/roles.js';
import { serverSettingsBody } from '../domain/server-settings.js';
import { templateDocumentFields } from '../domain/service-template.js';
import { defineRoute } from '../http/define-route.js';
import type { RouteResponse, RouteSpec } from '../http/route-spec.js';
import { authErrorResponses, configName, errorResponses, gmsError, optionMap } from './schemas.js';

const ADMIN: readonly Role[] = ['Administrator'];
const MONITOR: readonly Role[] = ['Administrator', 'Supervisor'];
const ANY: readonly Role[] = ['Administrator', 'Supervisor', 'CallbackReadOnly'];

interface CollectionOptions<P extends string, B extends z.ZodMiniType> {
  /** URL segment, e.g. `services`. */
  segment: string;
  /** Operation id stem, e.g. `Service`. */
  noun: string;
  param: P;
  tag: string;
  body: B;
  describe: string;
  /** What get and put answer. */
  item: z.ZodMiniType;
  /** What each entry of the list is, when not `item`. */
  listItem?: z.ZodMiniType;
  /** When put and delete can answer 409. */
  conflict?: string;
}

/**
 * Each management collection has the same four routes: list, get, put, delete. They keep the
 * types of the path parameter and the body, so the operations bound to them read typed input.
 */
function collection<const P extends string, B extends z.ZodMiniType>(o: CollectionOptions<P, B>) {
  const base = `/genesys/1/admin/${o.segment}`;
  const params = z.lazy(() => z.object({ [o.param]: configName } as Record<P, typeof configName>));
  const common = { area: 'admin' as const, access: { roles: ADMIN }, tags: [o.tag] };
  const notFound = { 404: { description: `No such ${o.noun.toLowerCase()}`, schema: gmsError } };
  const conflict: Record<number, RouteResponse> = o.conflict
    ? { 409: { description: o.conflict, schema: gmsError } }
    : {};
  const list = defineRoute({
    ...common,
    method: 'GET',
    path: base,
    operationId: `list${o.noun}s`,
    summary: `Lists ${o.describe}.`,
    responses: {
      200: { description: `All ${o.describe}`, schema: z.lazy(() => z.array(o.listItem ?? o.item)) },
      ...authErrorResponses,
    },
  });
  const get = defineRoute({
    ...common,
    method: 'GET',
    path: `${base}/{${o.param}}`,
    operationId: `get${o.noun}`,
    summary: `One of the ${o.describe}.`,
    params,
    responses: { 200: { description: o.noun, schema: o.item }, ...authErrorResponses, ...notFound },
  });
  const put = defineRoute({
    ...common,
    method: 'PUT',
    path: `${base}/{${o.param}}`,
    operationId: `put${o.noun}`,
    summary: `Creates or replaces one of the ${o.describe}.`,
    params,
    body: o.body,
    bodyTypes: ['json'],
    responses: {
      200: { description: 'Saved', schema: o.item },
      ...errorResponses,
      ...authErrorResponses,
      ...conflict,
    },
  });
  const remove = defineRoute({
    ...common,
    method: 'DELETE',
    path: `${base}/{${o.param}}`,
    operationId: `delete${o.noun}`,
    summary: `Deletes one of the ${o.describe}.`,
    params,
    responses: {
      200: { description: 'Deleted', schema: z.lazy(() => z.object({ deleted: z.string() })) },
      ...authErrorResponses,
      ...notFound,
      ...conflict,
    },
  });
  return { list, get, put, delete: remove };
}

/** A collection's routes in table order: list, get, put, delete. */
const inOrder = (c: ReturnType<typeof collection>): RouteSpec[] => [c.list, c.get, c.put, c.delete];

const stringMap = () => z.record(z.string(), z.string());

const serviceConfigView = z.lazy(() =>
  z
    .object({
      name: z.string(),
      url: z.string().check(z.describe('Where clients call it')),
      options: stringMap(),
    })
    .check(z.meta({ id: 'ServiceConfigView' })),
);

const resourceGroupView = z.lazy(() =>
  z
    .object({
      name: z.string(),
      options: stringMap(),
      resource_available: z.number().check(z.int()),
      resource_total: z.number().check(z.int()),
    })
    .check(z.meta({ id: 'ResourceGroupView' })),
);

const userView = z.lazy(() =>
  z
    .object({
      username: z.string(),
      roles: z.array(z.string()),
      createdAt: z.string().check(z.describe('ISO-8601')),
    })
    .check(z.meta({ id: 'UserView' })),
);

const templateSummary = z.lazy(() =>
  z
    .object({
      name: z.string(),
      service: z.string(),
      description: z.string(),
      builtin: z.boolean(),
      presets: z.array(z.string()),
    })
    .check(z.meta({ id: 'TemplateSummary' })),
);

const templateView = z.lazy(() =>
  z.extend(templateDocumentFields(), { builtin: z.boolean() }).check(z.meta({ id: 'TemplateView' })),
);

/** Secrets read as `********`. */
const serverSettingsView = z.lazy(() =>
  stringMap().check(z.describe('The server settings (secrets masked)')),
);

export const userBody = z.lazy(() =>
  z.object({
    password: z.optional(newPasswordSchema),
    roles: z.array(z.enum(['Administrator', 'Supervisor', 'CallbackReadOnly'])).check(z.minLength(1)),
  }),
);

export const login = defineRoute({
  method: 'POST',
  path: '/genesys/1/admin/login',
  area: 'admin',
  access: 'public',
  operationId: 'login',
  summary: 'Exchanges a username and password for a bearer token.',
  tags: ['Management: auth'],
  body: z.lazy(() =>
    z.object({
      username: z.string().check(z.minLength(1), z.maxLength(128)),
      password: z.string().check(z.minLength(1), z.maxLength(256)),
    }),
  ),
  bodyTypes: ['json', 'form'],
  responses: {
    200: {
      description: 'Token',
      schema: z.lazy(() =>
        z.object({
          token: z.string(),
          token_type: z.literal('Bearer'),
          expires_in: z.number(),
          username: z.string(),
          roles: z.array(z.string()),
        }),
      ),
    },
    ...errorResponses,
    401: { description: 'Wrong username or password', schema: gmsError },
    429: { description: 'Locked out after repeated failed logins (see Retry-After)', schema: gmsError },
  },
});

export const logout = defineRoute({
  method: 'POST',
  path: '/genesys/1/admin/logout',
  area: 'admin',
  access: { roles: ANY },
  operationId: 'logout',
  summary: 'Revokes the bearer token used for this request.',
  tags: ['Management: auth'],
  responses: {
    200: {
      description: 'Revoked (`false`: the request used Basic, which has no token to revoke)',
      schema: z.lazy(() => z.object({ revoked: z.boolean() })),
    },
    ...authErrorResponses,
  },
});

export const nodeStatus = defineRoute({
  method: 'GET',
  path: '/genesys/1/admin/node/status',
  area: 'admin',
  access: { roles: MONITOR },
  operationId: 'nodeStatus',
  summary: 'The node status as text/plain: ONLINE or OFFLINE.',
  tags: ['Node API'],
  responses: {
    200: { description: 'ONLINE or OFFLINE', contentType: 'text/plain' },
    ...authErrorResponses,
  },
});

export const nodeChangeStatus = defineRoute({
  method: 'POST',
  path: '/genesys/1/admin/node/changestatus/{status}',
  area: 'admin',
  access: { roles: ADMIN },
  operationId: 'nodeChangeStatus',
  summary: 'ONLINE or OFFLINE (load balancers take OFFLINE nodes out); SHUTDOWN stops a local server.',
  tags: ['Node API'],
  params: z.lazy(() => z.object({ status: z.enum(['ONLINE', 'OFFLINE', 'SHUTDOWN']) })),
  responses: {
    200: { description: 'Changed: the new status (SHUTDOWN answers OFFLINE)', contentType: 'text/plain' },
    ...errorResponses,
    ...authErrorResponses,
  },
});

export const serviceConfigs = collection({
  segment: 'services',
  noun: 'ServiceConfig',
  param: 'name',
  tag: 'Management: services',
  body: optionMap,
  describe: 'configured services (flat maps of options, like a GMS `service.{name}` section)',
  item: serviceConfigView,
});

export const getServerSettings = defineRoute({
  method: 'GET',
  path: '/genesys/1/admin/server',
  area: 'admin',
  access: { roles: ADMIN },
  operationId: 'getServerSettings',
  summary:
    "GMS's `server` section as it concerns the public API: Basic authentication (`realm`, `username`, `password`), " +
    '`api_key` (X-API-Key header) and the per-client rate limit. Secrets read as `********`.',
  tags: ['Management: server'],
  responses: {
    200: { description: 'The settings (empty: the public API is open)', schema: serverSettingsView },
    ...authErrorResponses,
  },
});

export const putServerSettings = defineRoute({
  method: 'PUT',
  path: '/genesys/1/admin/server',
  area: 'admin',
  access: { roles: ADMIN },
  operationId: 'putServerSettings',
  summary:
    'Replaces the `server` section. A secret sent as `********` keeps the stored one; a setting left out is removed.',
  tags: ['Management: server'],
  body: serverSettingsBody,
  bodyTypes: ['json'],
  responses: {
    200: { description: 'Saved (secrets masked)', schema: serverSettingsView },
    ...errorResponses,
    ...authErrorResponses,
  },
});

export const templates = collection({
  segment: 'templates',
  noun: 'Template',
  param: 'name',
  tag: 'Management: templates',
  body: z.lazy(() => z.partial(templateDocumentFields(), { name: true })),
  describe: 'service templates (built-in and uploaded)',
  item: templateView,
  listItem: templateSummary,
  conflict: 'A built-in template has this name or provides its `_service`',
});

export const uploadTemplate = defineRoute({
  method: 'POST',
  path: '/genesys/1/admin/templates',
  area: 'admin',
  access: { roles: ADMIN },
  operationId: 'uploadTemplate',
  summary: 'Uploads a user template: a JSON document, or a zip holding one (multipart field `file`).',
  tags: ['Management: templates'],
  bodyTypes: ['json', 'multipart'],
  bodyDocument: z.lazy(() =>
    z.union([
      templateDocumentFields(),
      z.object({ file: z.string().check(z.describe('The template file: JSON, or a zip holding one')) }),
    ]),
  ),
  responses: {
    200: { description: 'Saved', schema: templateView },
    ...errorResponses,
    ...authErrorResponses,
    409: { description: 'A built-in template has this name or provides its `_service`', schema: gmsError },
  },
});

export const resourceGroups = collection({
  segment: 'resources',
  noun: 'ResourceGroup',
  param: 'group',
  tag: 'Management: resources',
  body: optionMap,
  describe:
    'resource groups (access-number pools): `_allocation_strategy`, `_booking_expiration_timeout` and one option per number',
  item: resourceGroupView,
});

export const patternGroups = collection({
  segment: 'patterns',
  noun: 'PatternGroup',
  param: 'group',
  tag: 'Management: patterns',
  body: optionMap,
  describe: 'pattern groups (pattern name -> regular expression)',
  item: z.lazy(() => stringMap().check(z.describe('Pattern name -> regular expression'))),
  listItem: z.lazy(() => z.object({ name: z.string(), patterns: stringMap() })),
});

export const users = collection({
  segment: 'users',
  noun: 'User',
  param: 'username',
  tag: 'Management: users',
  body: userBody,
  describe: 'users and their roles (passwords are write-only)',
  item: userView,
  conflict: 'The last Administrator cannot lose that role or be deleted',
});

export const changeOwnPassword = defineRoute({
  method: 'PUT',
  path: '/genesys/1/admin/users/{username}/password',
  area: 'admin',
  // Open to a user whose initial password must be changed: the one route it may call.
  access: { roles: ANY, passwordChange: true },
  operationId: 'changeOwnPassword',
  summary:
    "Changes the caller's own password (the current one is asked again). Ends the user's bearer tokens; " +
    'clears a pending first-login change.',
  tags: ['Management: users'],
  params: z.lazy(() => z.object({ username: configName })),
  body: z.lazy(() =>
    z.object({
      current_password: z.string().check(z.minLength(1), z.maxLength(256)),
      new_password: newPasswordSchema,
    }),
  ),
  bodyTypes: ['json', 'form'],
  responses: {
    200: { description: 'Changed: sign in again with the new password', schema: userView },
    ...errorResponses,
    ...authErrorResponses,
  },
});

export const adminRoutes: RouteSpec[] = [
  login,
  logout,
  nodeStatus,
  nodeChangeStatus,
  ...inOrder(serviceConfigs),
  getServerSettings,
  putServerSettings,
  ...inOrder(templates),
  uploadTemplate,
  ...inOrder(resourceGroups),
  ...inOrder(patternGroups),
  ...inOrder(users),
  changeOwnPassword,
];
