import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import {
  startLocalRuntime,
  type LocalRuntime,
  type LocalRuntimeOptions,
} from '../../functions/local/local-runtime.js';

/** Tests assert on JSON bodies field by field: `json()` is `any` here instead of `unknown`. */
export type TestResponse = Omit<Response, 'json' | 'clone'> & {
  json(): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  clone(): TestResponse;
};

export interface TestServer extends LocalRuntime {
  /** Base URL of the API, e.g. `http://127.0.0.1:4711/genesys/1`. */
  api: string;
  /** fetch relative to `api`. */
  fetch(path: string, init?: RequestInit): Promise<TestResponse>;
  /** fetch with `default`/`password` Basic credentials. */
  admin(path: string, init?: RequestInit): Promise<TestResponse>;
}

export const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

export const ADMIN_AUTH = basic('default', 'password');

/** The real local runtime (HTTP server + handlers) on fresh tables in the shared DynamoDB Local. */
export async function startTestServer(options: Partial<LocalRuntimeOptions> = {}): Promise<TestServer> {
  const runtime = await startLocalRuntime({
    dynamoEndpoint: inject('dynamoEndpoint'),
    tablePrefix: `t${randomBytes(4).toString('hex')}-`,
    port: 0,
    ...options,
  });
  const api = `http://127.0.0.1:${runtime.port}/genesys/1`;
  const doFetch = (path: string, init?: RequestInit) => fetch(`${api}${path}`, init) as Promise<TestResponse>;
  return {
    ...runtime,
    api,
    fetch: doFetch,
    admin: (path, init = {}) =>
      doFetch(path, {
        ...init,
        headers: { authorization: ADMIN_AUTH, ...(init.headers as Record<string, string>) },
      }),
  };
}

/** A JSON request body with its content type. */
export const jsonBody = (value: unknown, method = 'POST'): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(value),
});

/** A urlencoded form body, as GMS clients send. */
export const formBody = (fields: Record<string, string>, method = 'POST'): RequestInit => ({
  method,
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});
