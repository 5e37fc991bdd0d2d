import type * as z from '../../domain/zod.js';
import { InvalidParameterError } from '../../domain/errors.js';
import { sealSecrets } from '../../domain/public-access.js';
import {
  DEFAULT_RATE_WINDOW_SECONDS,
  readServerSettings,
  SERVER_KIND,
  SERVER_NAME,
  serverSettingsBody,
  type ServerSettings,
} from '../../domain/server-settings.js';
import type { Ports } from '../../ports/index.js';

export type SaveServerSettingsPorts = Pick<Ports, 'config'>;

/** Validates, hashes secrets sent in clear and stores the section whole (an option left out is removed). */
export async function saveServerSettings(
  ports: SaveServerSettingsPorts,
  body: z.input<typeof serverSettingsBody>,
): Promise<ServerSettings> {
  const parsed = serverSettingsBody.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const parameter =
      issue.path.map(String).join('.') || (issue.code === 'unrecognized_keys' ? issue.keys[0]! : 'body');
    throw new InvalidParameterError(parameter, `Server setting '${parameter}': ${issue.message}`);
  }
  const options: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed.data)) if (v !== undefined && v !== '') options[k] = v;
  const windowSeconds = Number(options.rate_limit_window ?? DEFAULT_RATE_WINDOW_SECONDS);
  if (windowSeconds < 1 || windowSeconds > 3600) {
    throw new InvalidParameterError(
      'rate_limit_window',
      "Server setting 'rate_limit_window' must be 1 to 3600 seconds.",
    );
  }
  const sealed = await sealSecrets(options, await readServerSettings(ports.config));
  return (await ports.config.put(SERVER_KIND, SERVER_NAME, sealed)).options;
}
