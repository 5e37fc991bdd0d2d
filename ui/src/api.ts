/**
 * The UI's one way to call the API: same origin (`/genesys/1/...`), the bearer token from
 * `POST admin/login` on every call, and GMS error bodies turned into an `ApiError` whose message
 * is what the server said.
 */
export const API = '/genesys/1';

const TOKEN_KEY = 'gms.token';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body?: unknown,
  ) {
    super(message);
  }
}

export function token(): string | undefined {
  return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
}

export function setToken(value: string | undefined): void {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/** Listeners told when the server answers 401 (the token expired): the app goes back to login. */
const unauthorized = new Set<() => void>();
export const onUnauthorized = (f: () => void) => {
  unauthorized.add(f);
  return () => unauthorized.delete(f);
};

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Sent as JSON unless it is FormData or URLSearchParams. */
  body?: unknown;
  query?: Record<string, string | string[] | undefined>;
  headers?: Record<string, string>;
  /** Leave the token out (public routes, the Lab's tries). */
  anonymous?: boolean;
}

export function url(path: string, query?: RequestOptions['query']): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === '') continue;
    for (const one of Array.isArray(v) ? v : [v]) q.append(k, one);
  }
  const s = q.toString();
  return `${API}${path}${s ? `?${s}` : ''}`;
}

export async function raw(path: string, options: RequestOptions = {}): Promise<Response> {
  // Tells the API this is a script: a 401 then comes without a Basic challenge (no browser pop-up).
  const headers: Record<string, string> = {
    'x-requested-with': 'XMLHttpRequest',
    ...(options.headers ?? {}),
  };
  const t = token();
  if (t && !options.anonymous) headers.authorization = `Bearer ${t}`;
  let body: BodyInit | undefined;
  if (options.body instanceof FormData || options.body instanceof URLSearchParams) {
    body = options.body;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  return fetch(url(path, options.query), { method: options.method ?? 'GET', headers, body });
}

async function failure(res: Response): Promise<ApiError> {
  const text = await res.text();
  let body: unknown = text;
  let message = `${res.status} ${res.statusText}`;
  try {
    body = JSON.parse(text);
    const m = (body as { message?: unknown }).message;
    if (typeof m === 'string') message = m;
  } catch {
    if (text) message = text;
  }
  if (res.status === 401) for (const f of unauthorized) f();
  return new ApiError(res.status, message, body);
}

/** JSON (or text) of a successful answer; throws `ApiError` with the server's message otherwise. */
export async function api<T = unknown>(path: string, options: RequestOptions = {}): Promise<T> {
  const res = await raw(path, options);
  if (!res.ok) throw await failure(res);
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('json')) return (await res.json()) as T;
  return (await res.text()) as T;
}

/** Downloads an answer as a file (report exports, DFM files). */
export async function download(
  path: string,
  query: RequestOptions['query'],
  fallbackName: string,
): Promise<void> {
  const res = await raw(path, { query });
  if (!res.ok) throw await failure(res);
  const disposition = res.headers.get('content-disposition') ?? '';
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName;
  const blob = await res.blob();
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
