import { ApiError } from '../../../api';
import { apiBase, type SampleSettings } from './settings';

/** One line of the Log screen. */
export interface LogEntry {
  seq: number;
  at: Date;
  kind: 'request' | 'response' | 'ws-in' | 'ws-out' | 'ws' | 'info' | 'error';
  title: string;
  body?: string;
}

export type Logger = (entry: Omit<LogEntry, 'seq' | 'at'>) => void;

const pretty = (text: string) => {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
};

/**
 * The sample's GMS calls: anonymous, as a customer's app makes them (the public API needs no
 * token), with the `gms_user` header, and every request and answer written to the log.
 * `path` is relative to `/genesys/1` or a full URL the server gave (e.g. `_start_chat_url`).
 */
export async function gmsRequest<T = unknown>(
  settings: SampleSettings,
  log: Logger,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  body?: Record<string, unknown>,
): Promise<T> {
  const url = /^https?:\/\//.test(path) ? path : `${apiBase(settings)}${path}`;
  const headers: Record<string, string> = {};
  if (settings.gmsUser) headers.gms_user = settings.gmsUser;
  if (body) headers['content-type'] = 'application/json';
  const sent = body ? JSON.stringify(body) : undefined;
  log({
    kind: 'request',
    title: `${method} ${url}`,
    body: [
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
      ...(sent ? ['', JSON.stringify(body, null, 2)] : []),
    ].join('\n'),
  });
  const started = performance.now();
  let res: Response;
  try {
    res = await fetch(url, { method, headers, body: sent });
  } catch (e) {
    const message = `${method} ${url} failed: ${(e as Error).message} (is the server URL right, and does it allow this origin?)`;
    log({ kind: 'error', title: message });
    throw new Error(message, { cause: e });
  }
  const text = await res.text();
  const ms = Math.round(performance.now() - started);
  log({
    kind: 'response',
    title: `${res.status} ${res.statusText} ← ${method} ${url} (${ms} ms)`,
    body: pretty(text),
  });
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: kept as text.
  }
  if (!res.ok) {
    const m = (parsed as { message?: unknown } | undefined)?.message;
    throw new ApiError(res.status, typeof m === 'string' ? m : `${res.status} ${res.statusText}`, parsed);
  }
  return parsed as T;
}
