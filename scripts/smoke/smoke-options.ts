import { parseArgs } from 'node:util';

export interface SmokeOptions {
  /** `https://host` (or `http://127.0.0.1:8080`): GMS paths are appended (`/genesys/1/...`). */
  base: string;
  /** The push WebSocket URL; required for a deployed stack, found through `admin/monitor` locally. */
  wsUrl?: string;
  user: string;
  password: string;
  /** The public API's `api_key` when the server is locked down (sent as X-API-Key). */
  apiKey?: string;
  /** How long to wait for the pushed notification, in milliseconds. */
  timeoutMs: number;
}

export class UsageError extends Error {}

export const USAGE =
  'usage: npm run smoke -- --url <ApiUrl> --ws-url <WebSocketUrl> --user U --password P [--api-key K] [--timeout S]\n' +
  '  also from GMS_SMOKE_USER, GMS_SMOKE_PASSWORD, GMS_SMOKE_WS_URL, GMS_SMOKE_API_KEY;\n' +
  '  against a local URL: default/password, and the push URL the runtime reports';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * The base of the deployment: the stack's `ApiUrl`, the UI's CloudFront URL, or a local
 * `http://127.0.0.1:8080/genesys`; a trailing `/genesys` or `/genesys/1` is dropped.
 */
export function normalizeBase(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--url: '${url}' is not a URL.`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new UsageError(`--url: use an http(s) URL, not '${parsed.protocol}'.`);
  }
  if (parsed.search || parsed.hash)
    throw new UsageError('--url: give the base URL, without query or fragment.');
  const path = parsed.pathname.replace(/\/+$/, '').replace(/\/genesys(\/1)?$/, '');
  return `${parsed.origin}${path}`;
}

/**
 * Command line first, then the environment. Without credentials the local runtime's documented
 * `default`/`password` is used, but only against a local URL: a deployed stack has no such user.
 */
export function parseSmokeOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): SmokeOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        url: { type: 'string' },
        'ws-url': { type: 'string' },
        user: { type: 'string' },
        password: { type: 'string' },
        'api-key': { type: 'string' },
        timeout: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (!values.url) throw new UsageError('--url is required (the stack output ApiUrl).');
  const base = normalizeBase(values.url);
  const local = LOCAL_HOSTS.has(new URL(base).hostname);
  // An empty variable is an unset one (CI passes a missing secret as '').
  const user = values.user ?? (env.GMS_SMOKE_USER || undefined) ?? (local ? 'default' : undefined);
  const password =
    values.password ?? (env.GMS_SMOKE_PASSWORD || undefined) ?? (local ? 'password' : undefined);
  if (!user || !password) {
    throw new UsageError(
      `${base} is not local: give an Administrator's credentials with --user and --password (or GMS_SMOKE_USER and GMS_SMOKE_PASSWORD).`,
    );
  }
  const timeoutSeconds = values.timeout === undefined ? 15 : Number(values.timeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
    throw new UsageError(`--timeout: '${values.timeout}' is not a positive number of seconds.`);
  }
  const wsUrl = values['ws-url'] ?? (env.GMS_SMOKE_WS_URL || undefined);
  if (wsUrl !== undefined && !/^wss?:\/\//.test(wsUrl)) {
    throw new UsageError(`--ws-url: '${wsUrl}' is not a ws:// or wss:// URL.`);
  }
  // Locally admin/monitor reports the push URL; in AWS only the functions that push know it
  // (the admin function does not), so a deployed stack's comes from its output.
  if (wsUrl === undefined && !local) {
    throw new UsageError(
      `${base} is not local: give the push URL with --ws-url (the stack output WebSocketUrl, or GMS_SMOKE_WS_URL).`,
    );
  }
  const apiKey = values['api-key'] ?? (env.GMS_SMOKE_API_KEY || undefined);
  return {
    base,
    user,
    password,
    timeoutMs: timeoutSeconds * 1000,
    ...(wsUrl ? { wsUrl } : {}),
    ...(apiKey ? { apiKey } : {}),
  };
}
