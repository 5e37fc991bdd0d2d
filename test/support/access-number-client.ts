import { expect } from 'vitest';
import { formBody, jsonBody, type TestServer } from './test-server.js';

/** `n` numbers `<prefix>0001`...: 300 of them are three chunks of a group's free numbers. */
export const numbersOf = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${prefix}${String(i + 1).padStart(4, '0')}`);

/** A resource group's options: `extra`, then the numbers as `dnis1`, `dnis2`... */
export const groupOf = (numbers: string[], extra: Record<string, string> = {}) =>
  Object.fromEntries([...Object.entries(extra), ...numbers.map((n, i) => [`dnis${i + 1}`, n])]);

/** What a request-interaction got: a number and its session, or a 503 naming the group. */
export interface Granted {
  status: number;
  number?: string;
  id?: string;
  dataId?: string;
}

/**
 * Resource groups and access numbers over HTTP, as an operator and a mobile app use them. `server`
 * is read at each call (test files start theirs in `beforeAll`). Groups book numbers for 600 s
 * unless `extra` says otherwise.
 */
export function accessNumberClient(server: () => TestServer) {
  const putGroup = async (name: string, numbers: string[], extra: Record<string, string> = {}) => {
    const res = await server().admin(
      `/admin/resources/${name}`,
      jsonBody(groupOf(numbers, { _booking_expiration_timeout: '600', ...extra }), 'PUT'),
    );
    expect(res.status, await res.clone().text()).toBe(200);
  };
  const request = async (group: string, i: number): Promise<Granted> => {
    const res = await server().fetch(
      '/service/request-interaction',
      formBody({ _phone_number: `558${String(i).padStart(4, '0')}`, _resource_group: group }),
    );
    const body = await res.json();
    if (res.status !== 200) {
      expect(body).toMatchObject({ code: 503, resource_group: group });
      return { status: res.status };
    }
    return { status: 200, number: body._access_number, id: body._id, dataId: body._data_id };
  };
  const match = async (number: string) => {
    const res = await server().fetch('/service/match-interaction', formBody({ _access_number: number }));
    return { status: res.status, body: await res.json() };
  };
  const counts = async (group: string) => {
    const body = await (await server().admin(`/admin/resources/${group}`)).json();
    return { available: body.resource_available as number, total: body.resource_total as number };
  };
  /** Requests one after another until the pool says it is empty: what is left free, each once. */
  const drain = async (group: string, from: number) => {
    const got: string[] = [];
    for (let i = from; ; i++) {
      const r = await request(group, i);
      if (r.status !== 200) return got;
      got.push(r.number!);
    }
  };
  return { putGroup, request, match, counts, drain };
}
