import { decodeBasic } from './basic-credentials.js';
import { SECRET_MASK, checkApiKeyStrength, hashApiKey, hashClientPassword } from './client-secrets.js';
import { InvalidParameterError } from './errors.js';

/**
 * Who may call the public API (service, storage, callback, chat and notification requests), as
 * GMS's Basic authentication options set it: `username`/`password` in the `server` section apply
 * to every service, the same options in a `service.{name}` section supersede them for that service
 * (each option falls back to the server's on its own, as in GMS). `api_key` is this product's
 * addition for mobile apps, sent in the `X-API-Key` header, with the same precedence. With no
 * `password` and no `api_key` anywhere, the API is open, as GMS ships.
 */

export const AUTH_OPTIONS = ['username', 'password', 'api_key'] as const;

/** Options stored as hashes and masked on read. */
export const SECRET_OPTIONS = ['password', 'api_key'] as const;

/** The header mobile apps send their API key in. */
export const API_KEY_HEADER = 'x-api-key';

/** Callback service option: `false` refuses `GET service/callback/{name}` without a filter. */
export const ALLOW_UNFILTERED_QUERY = '_allow_unfiltered_query';

/** GMS's default `server/realm`. */
export const DEFAULT_REALM = 'Genesys Application Configuration Needed';

export interface PublicCredentials {
  realm: string;
  username?: string;
  /** Hash of the Basic password (`scrypt$...`). */
  passwordHash?: string;
  /** Hash of the API key (`sha256$...`). */
  apiKeyHash?: string;
}

const present = (value: string | undefined) => (value !== undefined && value !== '' ? value : undefined);

/** The credentials a request must carry for a service (or for server-wide routes when `service` is absent). */
export function effectiveCredentials(
  server: Readonly<Record<string, string>>,
  service?: Readonly<Record<string, string>>,
): PublicCredentials {
  return {
    realm: present(server.realm) ?? DEFAULT_REALM,
    username: present(service?.username) ?? present(server.username),
    passwordHash: present(service?.password) ?? present(server.password),
    apiKeyHash: present(service?.api_key) ?? present(server.api_key),
  };
}

export const requiresAuthentication = (c: PublicCredentials) =>
  c.passwordHash !== undefined || c.apiKeyHash !== undefined;

/** Whether two credential sets accept exactly the same requests. */
export const sameCredentials = (a: PublicCredentials, b: PublicCredentials) =>
  a.username === b.username && a.passwordHash === b.passwordHash && a.apiKeyHash === b.apiKeyHash;

/** The secrets replaced by `SECRET_MASK`: what the management API returns. */
export function maskSecrets(options: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = Object.fromEntries(Object.entries(options));
  for (const name of SECRET_OPTIONS) if (present(out[name])) out[name] = SECRET_MASK;
  return out;
}

/** The options without the authentication ones (a `get` service returns its custom options). */
export function withoutAuthOptions(options: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(options).filter(([k]) => !(AUTH_OPTIONS as readonly string[]).includes(k)),
  );
}

/**
 * The options as they are stored: a secret sent in clear is hashed, the mask (or the stored hash
 * itself) keeps the stored secret, an empty value removes it. A mask with nothing stored is a 400.
 */
export async function sealSecrets(
  incoming: Readonly<Record<string, string>>,
  stored: Readonly<Record<string, string>> | undefined,
): Promise<Record<string, string>> {
  const out: Record<string, string> = Object.fromEntries(Object.entries(incoming));
  for (const name of SECRET_OPTIONS) {
    if (!Object.hasOwn(out, name)) continue;
    const value = out[name]!;
    const kept = present(stored?.[name]);
    if (value === '') {
      delete out[name];
    } else if (value === SECRET_MASK || value === kept) {
      if (!kept) {
        throw new InvalidParameterError(
          name,
          `Option '${name}' has no stored value to keep: send the ${name === 'api_key' ? 'API key' : 'password'} itself.`,
        );
      }
      out[name] = kept;
    } else if (name === 'api_key') {
      checkApiKeyStrength(name, value);
      out[name] = hashApiKey(value);
    } else {
      if (value.length > 256) {
        throw new InvalidParameterError(name, `Option '${name}' must be at most 256 characters.`);
      }
      out[name] = await hashClientPassword(value);
    }
  }
  if (present(out.username) && out.username!.includes(':')) {
    throw new InvalidParameterError('username', "Option 'username' must not contain ':' (HTTP Basic).");
  }
  return out;
}

/** What a request presents: an API key, Basic credentials, or nothing. */
export type PresentedCredentials =
  | { kind: 'api-key'; key: string }
  | { kind: 'basic'; username: string; password: string; header: string }
  | { kind: 'none' };

export function presentedCredentials(headers: Readonly<Record<string, string>>): PresentedCredentials {
  const key = headers[API_KEY_HEADER]?.trim();
  if (key) return { kind: 'api-key', key };
  const authorization = headers.authorization?.trim();
  if (authorization && /^basic\s+/i.test(authorization)) {
    const creds = decodeBasic(authorization.replace(/^basic\s+/i, ''));
    if (creds) return { kind: 'basic', ...creds, header: authorization };
  }
  return { kind: 'none' };
}

/**
 * Whether a query of `GET service/callback/{name}` narrows the result to records the caller can
 * name: an equality on a property (`_customer_number`, `_id`, a custom one). A state alone is no
 * such filter (`_callback_state=!COMPLETED` lists every live callback), and with `operand=OR` each
 * term must be one, since any broad term would list everything by itself.
 */
export function hasQueryFilter(criteria: Readonly<Record<string, string>>): boolean {
  const terms = Object.entries(criteria).filter(([k]) => k !== 'operand');
  const identifying = ([k, v]: [string, string]) => k !== '_callback_state' && v.trim() !== '';
  const or = criteria.operand?.trim().toUpperCase() === 'OR';
  return terms.length > 0 && (or ? terms.every(identifying) : terms.some(identifying));
}

/** 400 when the service refuses queries without a filter (`_allow_unfiltered_query=false`). */
export function checkQueryFilter(
  serviceName: string,
  options: Readonly<Record<string, string>>,
  criteria: Readonly<Record<string, string>>,
): void {
  const allowed = !/^(false|0|no)$/i.test(options[ALLOW_UNFILTERED_QUERY]?.trim() ?? '');
  if (allowed || hasQueryFilter(criteria)) return;
  throw new InvalidParameterError(
    'filter',
    `Service '${serviceName}' does not list all its callbacks: add a key=value filter on a property, e.g. _customer_number=<number> (a _callback_state alone lists too much; with operand=OR every term must be such a filter).`,
  );
}
