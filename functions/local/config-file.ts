import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import * as z from 'zod';
import { GmsError } from '../domain/errors.js';
import { savePatternGroup } from '../domain/pattern-group.js';
import { saveResourceGroup } from '../domain/resource-groups.js';
import { saveServiceConfig } from '../domain/service-config.js';
import { saveUser } from '../domain/users.js';
import { userBody } from '../routes/admin-routes.js';
import { configName, optionMap } from '../routes/schemas.js';
import type { Deps } from '../wiring.js';

/** The file `npm start -- --config FILE` applies: the same shapes the management API takes. */
export const configFileSchema = z
  .object({
    services: z.record(configName, optionMap).default({}),
    resources: z.record(configName, optionMap).default({}),
    patterns: z.record(configName, optionMap).default({}),
    users: z.record(configName, userBody).default({}),
  })
  .strict();

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

/**
 * Applies a config file through the same domain use cases as the management API, so a file can
 * hold nothing the API would refuse. Resource and pattern groups go first: services refer to them.
 */
export async function applyConfig(
  deps: Deps,
  config: ConfigFile,
  source = 'config',
): Promise<Record<keyof ConfigFile, number>> {
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
  return {
    services: Object.keys(config.services).length,
    resources: Object.keys(config.resources).length,
    patterns: Object.keys(config.patterns).length,
    users: Object.keys(config.users).length,
  };
}

export async function applyConfigFile(deps: Deps, path: string) {
  return applyConfig(deps, await readConfigFile(path), path);
}
