import * as z from './zod.js';
import type { ConfigStore } from '../ports/config.js';
import { maskSecrets } from './public-access.js';

/**
 * GMS's `server` section, as far as it concerns the public API: Basic authentication for every
 * service (`realm`, `username`, `password`), an `api_key` for mobile apps, and a per-client rate
 * limit (`rate_limit_requests` per `rate_limit_window` seconds from one source IP). All off when
 * unset. Stored as one config entry, read through the config store's short cache.
 */
export const SERVER_KIND = 'server';
export const SERVER_NAME = 'server';

/** The section as the management API takes it; built on first use (issue 11: module init). */
export const serverSettingsBody = z.lazy(() => {
  const count = z
    .pipe(
      z.union([z.string(), z.number()]),
      z.transform((v) => String(v).trim()),
    )
    .check(z.refine((v) => v === '' || /^\d{1,9}$/.test(v), 'must be a whole number'));
  return z.strictObject({
    realm: z
      .optional(z.string().check(z.maxLength(128)))
      .check(
        z.describe(`WWW-Authenticate realm (GMS default: ${'"Genesys Application Configuration Needed"'})`),
      ),
    username: z
      .optional(z.string().check(z.maxLength(128)))
      .check(z.describe('Basic user name every public request must send (with password)')),
    password: z
      .optional(z.string().check(z.maxLength(256)))
      .check(z.describe('Basic password; write-only, returned as ********')),
    api_key: z
      .optional(z.string().check(z.maxLength(256)))
      .check(
        z.describe('Accepted in the X-API-Key header instead of Basic; write-only, returned as ********'),
      ),
    rate_limit_requests: z
      .optional(count)
      .check(z.describe('Requests one source IP may make per window; 0 or empty: off')),
    rate_limit_window: z
      .optional(count)
      .check(z.describe('Window of the rate limit, in seconds (default 60, at most 3600)')),
  });
});

export type ServerSettings = Record<string, string>;

export interface RateLimit {
  requests: number;
  windowSeconds: number;
}

export const DEFAULT_RATE_WINDOW_SECONDS = 60;

/** The rate limit the settings turn on, if any. */
export function rateLimitOf(settings: Readonly<ServerSettings>): RateLimit | undefined {
  const requests = Number(settings.rate_limit_requests || 0);
  if (!(requests > 0)) return undefined;
  const windowSeconds = Number(settings.rate_limit_window || DEFAULT_RATE_WINDOW_SECONDS);
  return { requests, windowSeconds };
}

export async function readServerSettings(config: ConfigStore): Promise<ServerSettings> {
  return (await config.get(SERVER_KIND, SERVER_NAME))?.options ?? {};
}

/** The section as the management API shows it: secrets masked. */
export const describeServerSettings = (settings: Readonly<ServerSettings>) => maskSecrets(settings);
