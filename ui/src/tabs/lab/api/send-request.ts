import { token } from '../../../api';
import type { Operation } from './openapi-model';

export interface TryInput {
  values: Record<string, string>;
  bodyType?: string;
  body: string;
  sendToken: boolean;
  /** `Name: value` lines. */
  extraHeaders: string;
}

export interface Exchange {
  request: { method: string; url: string; headers: [string, string][]; body?: string };
  response?: {
    status: number;
    statusText: string;
    ms: number;
    headers: [string, string][];
    contentType: string;
    text?: string;
    /** Binary answers (PDF, XLSX...): offered as a download instead of shown. */
    file?: { url: string; size: number };
  };
  /** The request could not be sent or the answer not read (network, CORS). */
  failure?: string;
}

export class TryInputError extends Error {}

/** `key=value` lines, as GMS clients post forms. */
function formPairs(text: string): [string, string][] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const at = l.indexOf('=');
      return at < 0 ? [l, ''] : [l.slice(0, at), l.slice(at + 1)];
    });
}

/** The bearer token is the user's own: shown only by its last characters. */
const masked = (value: string) =>
  value.replace(/^(Bearer\s+)(.+)$/i, (_m, p: string, t: string) => `${p}…${t.slice(-4)}`);

const TEXT_TYPES = /json|text|xml|javascript|csv|yaml|html/i;

export async function sendTry(op: Operation, input: TryInput): Promise<Exchange> {
  let path = op.path;
  const query = new URLSearchParams();
  const headers: Record<string, string> = {
    // A 401 then comes without a Basic challenge: no browser pop-up over the page.
    'x-requested-with': 'XMLHttpRequest',
  };
  for (const p of op.parameters) {
    const v = input.values[p.name] ?? '';
    if (p.in === 'path') {
      if (!v) throw new TryInputError(`Enter the path parameter '${p.name}'.`);
      path = path.replace(`{${p.name}}`, encodeURIComponent(v));
    } else if (v) {
      if (p.in === 'query') query.append(p.name, v);
      else headers[p.name] = v;
    }
  }
  for (const line of input.extraHeaders.split('\n')) {
    const at = line.indexOf(':');
    if (at <= 0) continue;
    headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
  }
  const t = token();
  if (input.sendToken && t) headers.authorization = `Bearer ${t}`;

  let body: BodyInit | undefined;
  let shownBody: string | undefined;
  if (input.bodyType && op.method !== 'GET' && input.body.trim()) {
    if (input.bodyType === 'application/json') {
      try {
        JSON.parse(input.body);
      } catch (e) {
        throw new TryInputError(`The body is not valid JSON: ${(e as Error).message}`);
      }
      headers['content-type'] = 'application/json';
      body = input.body;
      shownBody = input.body;
    } else if (input.bodyType === 'application/x-www-form-urlencoded') {
      const form = new URLSearchParams(formPairs(input.body));
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = form;
      shownBody = form.toString();
    } else {
      const form = new FormData();
      for (const [k, v] of formPairs(input.body)) form.append(k, v);
      // The browser sets multipart's content type itself, with the boundary.
      body = form;
      shownBody = formPairs(input.body)
        .map(([k, v]) => `${k}=${v}`)
        .join('\n');
    }
  }

  const q = query.toString();
  const url = `${path}${q ? `?${q}` : ''}`;
  const shownHeaders = Object.entries(headers).map(([k, v]): [string, string] => [
    k,
    k === 'authorization' ? masked(v) : v,
  ]);
  if (body instanceof FormData)
    shownHeaders.push(['content-type', 'multipart/form-data; boundary=(set by the browser)']);
  const exchange: Exchange = {
    request: {
      method: op.method,
      url: new URL(url, window.location.origin).href,
      headers: shownHeaders,
      body: shownBody,
    },
  };
  const started = performance.now();
  try {
    const res = await fetch(url, { method: op.method, headers, body });
    const contentType = res.headers.get('content-type') ?? '';
    const responseHeaders: [string, string][] = [];
    res.headers.forEach((v, k) => responseHeaders.push([k, v]));
    const base = {
      status: res.status,
      statusText: res.statusText,
      headers: responseHeaders,
      contentType,
    };
    if (!contentType || TEXT_TYPES.test(contentType)) {
      const text = await res.text();
      exchange.response = { ...base, ms: Math.round(performance.now() - started), text };
    } else {
      const blob = await res.blob();
      exchange.response = {
        ...base,
        ms: Math.round(performance.now() - started),
        file: { url: URL.createObjectURL(blob), size: blob.size },
      };
    }
  } catch (e) {
    exchange.failure = (e as Error).message;
  }
  return exchange;
}

/** JSON pretty-printed; anything else as it came. */
export function prettyBody(text: string, contentType: string): string {
  if (!/json/i.test(contentType)) return text;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
