import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import * as z from '../domain/zod.js';
import { GmsError } from '../domain/errors.js';
import { savePatternGroup } from '../use-cases/admin/save-pattern-group.js';
import { saveResourceGroup } from '../use-cases/admin/save-resource-group.js';
import { serverSettingsBody } from '../domain/server-settings.js';
import { saveServerSettings } from '../use-cases/admin/save-server-settings.js';
import { saveServiceConfig } from '../use-cases/admin/save-service-config.js';
import { saveUser } from '../use-cases/admin/save-user.js';
import { userBody } from '../routes/admin-routes.js';
import { configName, optionMap } from '../routes/schemas.js';
import type { ConfigEntry, ConfigKind } from '../domain/config-entry.js';
import type { ConfigStore } from '../ports/config.js';
import type { User } from '../domain/user-account.js';
import type { UserStore } from '../ports/users-and-tokens.js';
import type { Deps } from '../composition/full.js';

/** The file `npm start -- --config FILE` applies: the same shapes the management API takes. */
export const configFileSchema = z.strictObject({
  services: z._default(z.record(configName, optionMap), {}),
  resources: z._default(z.record(configName, optionMap), {}),
  patterns: z._default(z.record(configName, optionMap), {}),
  users: z._default(z.record(configName, userBody), {}),
  /** GMS's `server` section: public API authentication and rate limit (as `PUT /admin/server`). */
  server: z.optional(serverSettingsBody),
});

export type ConfigFile = z.infer<typeof configFileSchema>;

export class ConfigFileError extends Error {}

export async function readConfigFile(path: string): Promise<ConfigFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new ConfigFileError(`Cannot read config file ${path}: ${(e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = /\.json$/i.test(path) ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new ConfigFileError(
      `Config file ${path} is not valid ${/\.json$/i.test(path) ? 'JSON' : 'YAML'}: ${(e as Error).message}`,
    );
  }
  const parsed = configFileSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigFileError(`Config file ${path}: at '${issue.path.join('.')}': ${issue.message}`);
  }
  return parsed.data;
}

/** What applying a config file touches. */
type ConfigPorts = Pick<Deps, 'config' | 'templates' | 'users' | 'accessNumbers' | 'clock' | 'ids'>;

/**
 * The stores of `deps` as a dry run sees them: reads go to the real stores, writes stay in memory
 * (so a service finds the resource group the same file defines), and any other write throws.
 */
function dryRun(deps: ConfigPorts): ConfigPorts {
  const configs = new Map<string, ConfigEntry>();
  const users = new Map<string, User>();
  const keyOf = (kind: ConfigKind, name: string) => `${kind}\u0000${name}`;
  const refuse = (what: string) => async (): Promise<never> => {
    throw new Error(`A config file dry run does not ${what}.`);
  };
  const config: ConfigStore = {
    get: async (kind, name) => configs.get(keyOf(kind, name)) ?? deps.config.get(kind, name),
    list: async (kind) => {
      const written = [...configs.values()].filter((e) => e.kind === kind);
      const kept = (await deps.config.list(kind)).filter((e) => !configs.has(keyOf(kind, e.name)));
      return [...kept, ...written];
    },
    put: async (kind, name, options) => {
      const entry: ConfigEntry = { kind, name, options, updatedAt: deps.clock.now() };
      configs.set(keyOf(kind, name), entry);
      return entry;
    },
    delete: refuse('delete configuration'),
  };
  const userStore: UserStore = {
    get: async (name) => users.get(name) ?? deps.users.get(name),
    list: async () => [...(await deps.users.list()).filter((u) => !users.has(u.username)), ...users.values()],
    put: async (user) => {
      users.set(user.username, user);
    },
    createIfAbsent: refuse('create users'),
    delete: refuse('delete users'),
  };
  // Resource groups sync their numbers and then count them: neither may touch the real pool.
  const accessNumbers = new Proxy(deps.accessNumbers, {
    get(target, prop, receiver) {
      if (prop === 'syncGroup') return async () => undefined;
      if (prop === 'counts') return async () => ({ total: 0, locked: 0 });
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? refuse(`call accessNumbers.${String(prop)}`) : value;
    },
  });
  return {
    config,
    users: userStore,
    accessNumbers,
    templates: deps.templates,
    clock: deps.clock,
    ids: deps.ids,
  };
}

/**
 * Applies a config file through the same domain use cases as the management API, so a file can
 * hold nothing the API would refuse. Resource and pattern groups go first: services refer to them.
 * The whole file is first applied to a dry run (same rules, writes kept in memory), so an entry
 * the rules refuse leaves nothing written, whichever entry it is.
 */
export async function applyConfig(
  deps: ConfigPorts,
  config: ConfigFile,
  source = 'config',
): Promise<Record<Exclude<keyof ConfigFile, 'server'>, number>> {
  await applyEntries(dryRun(deps), config, source);
  return applyEntries(deps, config, source);
}

async function applyEntries(
  deps: ConfigPorts,
  config: ConfigFile,
  source: string,
): Promise<Record<Exclude<keyof ConfigFile, 'server'>, number>> {
  const step = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (e) {
      if (e instanceof GmsError) throw new ConfigFileError(`${source}: ${what}: ${e.message}`);
      throw e;
    }
  };
  for (const [name, options] of Object.entries(config.resources)) {
    await step(`resources.${name}`, () => saveResourceGroup(deps, name, options));
  }
  for (const [name, patterns] of Object.entries(config.patterns)) {
    await step(`patterns.${name}`, () => savePatternGroup(deps, name, patterns));
  }
  for (const [name, options] of Object.entries(config.services)) {
    await step(`services.${name}`, () => saveServiceConfig(deps, name, options));
  }
  for (const [name, user] of Object.entries(config.users)) {
    await step(`users.${name}`, () => saveUser(deps, name, user));
  }
  if (config.server) {
    const server = config.server;
    await step('server', () => saveServerSettings(deps, server));
  }
  return {
    services: Object.keys(config.services).length,
    resources: Object.keys(config.resources).length,
    patterns: Object.keys(config.patterns).length,
    users: Object.keys(config.users).length,
  };
}

export async function applyConfigFile(deps: ConfigPorts, path: string) {
  return applyConfig(deps, await readConfigFile(path), path);
}
