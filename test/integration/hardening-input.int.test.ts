import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultServiceOptions } from '../../functions/domain/service-template.js';
import { builtinTemplate } from '../../functions/domain/templates/index.js';
import {
  ADMIN_AUTH,
  formBody,
  jsonBody,
  startTestServer,
  type TestResponse,
  type TestServer,
} from '../support/test-server.js';

/** The request that ended the process (issue 14): a file part that never closes. */
const UNCLOSED_FILE_PART = '--zz\r\nContent-Disposition: form-data; name="f"; filename="a.txt"\r\n\r\nhello';

const MAGIC = ['__proto__', 'constructor', 'prototype'] as const;

/** A multipart body built by hand: FormData cannot be trusted to keep a field named `__proto__`. */
function multipart(fields: [string, string][], boundary = 'b0undary'): RequestInit {
  const parts = fields.map(
    ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
  );
  return {
    method: 'POST',
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    body: `${parts.join('')}--${boundary}--\r\n`,
  };
}

/** A urlencoded body from pairs (an object literal would turn `__proto__` into a prototype). */
const formPairs = (fields: [string, string][]): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

/** A JSON body from pairs, written as text so `__proto__` is a member, not a prototype. */
const jsonPairs = (fields: [string, string][]): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: `{${fields.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`,
});

async function expectGmsError(res: TestResponse, status?: number) {
  const text = await res.text();
  if (status !== undefined) expect(res.status, text).toBe(status);
  expect(res.status, text).toBeGreaterThanOrEqual(400);
  expect(res.status, text).toBeLessThan(500);
  const body = JSON.parse(text);
  expect(body).toMatchObject({
    message: expect.any(String),
    exception: expect.any(String),
    code: res.status,
    phrase: expect.any(String),
  });
  return body;
}

/** Raw bytes over a socket: the answer, and whether the server closed the connection. */
function raw(port: number, write: (socket: Socket) => void): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => write(socket));
    let text = '';
    socket.on('data', (d) => (text += d.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => resolve({ text, closed: true }));
    setTimeout(() => {
      socket.destroy();
      resolve({ text, closed: false });
    }, 15_000).unref();
  });
}

function parseRawResponse(text: string) {
  const [head, ...rest] = text.split('\r\n\r\n');
  const lines = head!.split('\r\n');
  const status = Number(lines[0]!.split(' ')[1]);
  const headers = Object.fromEntries(
    lines.slice(1).map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
  );
  return { status, headers, body: rest.join('\r\n\r\n') };
}

describe('hardening: no request takes the server down, client keys are data', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({
      http: { headersTimeoutMs: 1000, requestTimeoutMs: 3000, keepAliveTimeoutMs: 1000, bodyTimeoutMs: 1500 },
    });
    const put = async (path: string, body: unknown) => {
      const res = await s.admin(path, jsonBody(body, 'PUT'));
      expect(res.status, await res.clone().text()).toBe(200);
    };
    await put('/admin/resources/DNIS', { dnis1: '6504660001', dnis2: '6504660002', dnis3: '6504660003' });
    await put('/admin/services/ri', {
      _type: 'builtin',
      _service: 'request-interaction',
      _resource_group: 'DNIS',
    });
    await put('/admin/services/cb', {
      ...defaultServiceOptions(builtinTemplate('callback')!, 'User-Terminated-Immediate'),
      _target: 'Billing@StatServer.GA',
    });
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('a multipart file part that never closes is a 400 on every route kind, and the server keeps serving', async () => {
    const targets: [string, string, Record<string, string>][] = [
      ['POST', '/storage/30', {}],
      ['POST', '/service/ri', {}],
      ['POST', '/service/request-interaction', {}],
      ['GET', '/health', {}],
      ['POST', '/service/callback/cb', {}],
      ['POST', '/service/request-chat', {}],
      ['PUT', '/admin/services/x', { authorization: ADMIN_AUTH }],
      ['POST', '/patterns/p', {}],
    ];
    for (const [method, path, headers] of targets) {
      // node:http rather than fetch, which refuses a body on GET.
      const res = await new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = request(
          `${s.api}${path}`,
          { method, headers: { 'content-type': 'multipart/form-data; boundary=zz', ...headers } },
          (r) => {
            let text = '';
            r.on('data', (c) => (text += c));
            r.on('end', () => resolve({ status: r.statusCode!, text }));
          },
        );
        req.on('error', reject);
        req.end(UNCLOSED_FILE_PART);
      });
      expect(res.status, `${method} ${path}: ${res.text}`).toBeGreaterThanOrEqual(400);
      expect(res.status, `${method} ${path}: ${res.text}`).toBeLessThan(500);
      expect(JSON.parse(res.text)).toMatchObject({ code: res.status, message: expect.any(String) });
      expect((await s.fetch('/health')).status, `${method} ${path}`).toBe(200);
    }
    // The storage route reads the body: its 400 names the malformed multipart.
    const res = await s.fetch('/storage/30', {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=zz' },
      body: UNCLOSED_FILE_PART,
    });
    const body = await expectGmsError(res, 400);
    expect(body.message).toMatch(/Malformed multipart body: Unexpected end of form/);
  });

  it('multipart limits answer 413 naming the limit', async () => {
    const many = multipart(Array.from({ length: 1001 }, (_, i): [string, string] => [`k${i}`, 'v']));
    const body = await expectGmsError(await s.fetch('/storage/30', many), 413);
    expect(body.message).toMatch(/parts|fields/);
    const longName = await expectGmsError(
      await s.fetch('/storage/30', multipart([['n'.repeat(5000), 'v']])),
      413,
    );
    expect(longName.message).toContain('fieldNameSize');
    const deep = await expectGmsError(
      await s.fetch('/storage/30', { ...jsonBody({}), body: '['.repeat(100_000) + ']'.repeat(100_000) }),
      400,
    );
    expect(deep.message).toContain('jsonDepth');
    const huge = await expectGmsError(
      await s.fetch('/storage/30', { ...jsonBody({}), body: '{"n":1e400}' }),
      400,
    );
    expect(huge.parameter).toBe('n');
  });

  it('storage: __proto__, constructor and prototype are stored as keys and read back, form, multipart and JSON', async () => {
    const pairs = MAGIC.map((k, i): [string, string] => [k, `v${i}`]);
    for (const init of [formPairs(pairs), multipart(pairs), jsonPairs(pairs)]) {
      const res = await s.fetch('/storage/60', init);
      expect(res.status, await res.clone().text()).toBe(200);
      const { id } = await res.json();
      const all = await s.fetch(`/storage/${id}`);
      expect(all.status).toBe(200);
      // Parsed from text: JSON.parse keeps `__proto__` as an own member.
      const read = JSON.parse(await all.text());
      expect(Object.entries(read).sort()).toEqual(pairs.slice().sort());
      for (const [k, v] of pairs) {
        const one = await s.fetch(`/storage/${id}/${k}`);
        expect(one.status).toBe(200);
        expect(await one.text()).toBe(v);
      }
      // An update merges them like any other key.
      const update = await s.fetch(`/storage/${id}/60`, formPairs([['constructor', 'again']]));
      expect(update.status).toBe(200);
      expect(await (await s.fetch(`/storage/${id}/constructor`)).text()).toBe('again');
    }
    // A key that only looks like the escape is data too.
    const odd = await s.fetch('/storage/60', formPairs([['\u{E000}constructor', 'odd']]));
    const { id } = await odd.json();
    expect(JSON.parse(await (await s.fetch(`/storage/${id}`)).text())).toEqual({
      '\u{E000}constructor': 'odd',
    });
  });

  it('query parameters named __proto__ or constructor are parameters too', async () => {
    const res = await s.fetch('/storage/60?__proto__=x&constructor=y', formPairs([['a', 'b']]));
    expect(res.status).toBe(200);
  });

  it('service session data keeps constructor and prototype: request-interaction stores, match-interaction returns them', async () => {
    for (const [i, init] of [formPairs, multipart, jsonPairs].entries()) {
      const phone = `55500000${i}`;
      const res = await s.fetch(
        '/service/ri',
        init([['_phone_number', phone], ...MAGIC.map((k): [string, string] => [k, `${k}-${i}`])]),
      );
      expect(res.status, await res.clone().text()).toBe(200);
      const created = await res.json();
      const match = await s.fetch(
        '/service/match-interaction',
        formBody({ _access_number: created._access_number, _phone_number: phone, _return_data: 'true' }),
      );
      expect(match.status, await match.clone().text()).toBe(200);
      const matched = JSON.parse(await match.text());
      expect(matched._id).toBe(created._id);
      // Application data is the parameters without a leading `_` (those drive the service, as in
      // GMS), so `__proto__` is not stored here; the other two are data.
      expect(Object.entries(matched._data).sort()).toEqual([
        ['constructor', `constructor-${i}`],
        ['prototype', `prototype-${i}`],
      ]);
    }
  });

  it('callback create keeps them as properties; request-chat accepts or refuses them, never a 5xx', async () => {
    for (const [i, init] of [formPairs, multipart, jsonPairs].entries()) {
      const res = await s.fetch(
        '/service/callback/cb',
        init([['_customer_number', `555100000${i}`], ...MAGIC.map((k): [string, string] => [k, `c${i}`])]),
      );
      expect(res.status, await res.clone().text()).toBe(200);
      const { _id: id } = await res.json();
      const query = await s.fetch(`/service/callback?_id=${encodeURIComponent(id)}`);
      expect(query.status).toBe(200);
      const [record] = JSON.parse(await query.text());
      for (const k of MAGIC) expect(Object.hasOwn(record, k) ? record[k] : undefined, k).toBe(`c${i}`);

      const chat = await s.fetch(
        '/service/request-chat',
        init([['firstName', 'A'], ...MAGIC.map((k): [string, string] => [k, `h${i}`])]),
      );
      expect(chat.status, await chat.clone().text()).toBeLessThan(500);
    }
  });

  it('a malformed request line gets a GMS JSON 400 and the connection closes', async () => {
    const { text, closed } = await raw(s.port, (socket) => socket.write('GARBAGE\r\n\r\n'));
    expect(closed).toBe(true);
    const res = parseRawResponse(text);
    expect(res.status).toBe(400);
    expect(res.headers.connection).toBe('close');
    expect(JSON.parse(res.body)).toMatchObject({
      code: 400,
      phrase: 'Bad Request',
      message: expect.any(String),
    });
  });

  it('headers over Node’s limit get a GMS JSON 431', async () => {
    const { text } = await raw(s.port, (socket) =>
      socket.write(`GET /genesys/1/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`),
    );
    const res = parseRawResponse(text);
    expect(res.status).toBe(431);
    expect(JSON.parse(res.body)).toMatchObject({ code: 431 });
  });

  it('a client sending its headers byte by byte past headersTimeout is dropped', async () => {
    const request =
      'GET /genesys/1/health HTTP/1.1\r\nHost: x\r\nX-Slow: 0123456789012345678901234567890123456789\r\n\r\n';
    const { text, closed } = await raw(s.port, (socket) => {
      let i = 0;
      const timer = setInterval(() => {
        if (socket.destroyed || i >= request.length) return clearInterval(timer);
        socket.write(request[i++]!);
      }, 100);
    });
    expect(closed).toBe(true);
    // Dropped before the headers were complete: never answered 200.
    expect(text).not.toContain('200 OK');
    if (text) expect(parseRawResponse(text).status).toBe(408);
  });

  it('an idle keep-alive connection is closed after keepAliveTimeout', async () => {
    const { text, closed } = await raw(s.port, (socket) =>
      socket.write('GET /genesys/1/health HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n'),
    );
    // Answered, then closed by the server well before the helper's own 15 s give-up.
    expect(parseRawResponse(text).status).toBe(200);
    expect(closed).toBe(true);
  });

  it('a body over the total limit is a 413 naming it', async () => {
    const res = await s.fetch('/storage/30', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: Buffer.alloc(6 * 1024 * 1024 + 1, 'a'),
    });
    const body = await expectGmsError(res, 413);
    expect(body.message).toContain('total limit');
  });

  it('a body that stalls gets a GMS JSON 408 and the connection closes', async () => {
    const { text, closed } = await raw(s.port, (socket) =>
      socket.write(
        'POST /genesys/1/storage/30 HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\na=b',
      ),
    );
    expect(closed).toBe(true);
    const res = parseRawResponse(text);
    expect(res.status).toBe(408);
    expect(res.headers.connection).toBe('close');
    expect(JSON.parse(res.body)).toMatchObject({ code: 408, phrase: 'Request Timeout' });
    expect((await s.fetch('/health')).status).toBe(200);
  });
});
