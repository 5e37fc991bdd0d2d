import { request, type IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_ROUTES } from '../../functions/routes/index.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe('system routes and request hygiene', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('health answers 200 UP with the node status', async () => {
    const res = await s.fetch('/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'UP', node: 'ONLINE' });
  });

  it('serves an OpenAPI 3 document with every route, generated from the zod schemas', async () => {
    const res = await s.fetch('/openapi.json');
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toMatch(/^3\./);
    const ops = Object.values(doc.paths as Record<string, Record<string, { operationId: string }>>).flatMap(
      (p) => Object.values(p).map((o) => o.operationId),
    );
    expect(ops.sort()).toEqual(ALL_ROUTES.map((r) => r.operationId).sort());
    expect(new Set(ops).size).toBe(ops.length);
    const put = doc.paths['/genesys/1/admin/users/{username}'].put;
    expect(put.requestBody.content['application/json'].schema.properties.roles.items.enum).toEqual([
      'Administrator',
      'Supervisor',
      'CallbackReadOnly',
    ]);
    expect(doc.servers[0].url).toBe(`http://127.0.0.1:${s.port}`);
  });

  it('unknown paths 404 and wrong methods 405, as GMS JSON errors', async () => {
    const missing = await s.fetch('/nothing/here');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({
      code: 404,
      phrase: 'Not Found',
      exception: expect.any(String),
    });
    const wrong = await s.fetch('/health', { method: 'DELETE' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
    expect((await wrong.json()).code).toBe(405);
    // Locally, too, such requests go to the system function as API Gateway's `$default` route.
    const otherArea = await s.fetch('/storage/abc', { method: 'PUT' });
    expect(otherArea.status).toBe(405);
    expect(otherArea.headers.get('allow')).toBe('GET, POST, DELETE');
  });

  it('malformed JSON 400, unsupported media type 415, oversized body 413; never a 5xx or a stack trace', async () => {
    const bad = await s.fetch('/service/request-interaction', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"_phone_number": ',
    });
    expect(bad.status).toBe(400);
    const badBody = await bad.json();
    expect(badBody.parameter).toBe('body');
    expect(JSON.stringify(badBody)).not.toMatch(/at .*\.ts:\d+/);

    const xml = await s.fetch('/service/request-interaction', {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: '<a/>',
    });
    expect(xml.status).toBe(415);

    const huge = await s.fetch('/storage/30', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `k=${'x'.repeat(7 * 1024 * 1024)}`,
    });
    expect(huge.status).toBe(413);
    expect(huge.headers.get('connection')).toBe('close');
    expect(await huge.json()).toMatchObject({ code: 413, phrase: 'Payload Too Large' });

    // The server is still fine afterwards.
    expect((await s.fetch('/health')).status).toBe(200);

    const multipart = await s.fetch('/storage/30', {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data' },
      body: 'garbage',
    });
    expect(multipart.status).toBe(400);
    expect((await multipart.json()).parameter).toBeDefined();
  });

  it('413 (never a reset) for an oversized body without Content-Length, and before the body with Expect: 100-continue', async () => {
    const chunked = await rawPost(s.port, '/genesys/1/storage/30', {
      chunks: 8,
      chunkBytes: 1024 * 1024,
    });
    expect(chunked.status).toBe(413);
    expect(chunked.headers.connection).toBe('close');
    expect(JSON.parse(chunked.body)).toMatchObject({ code: 413 });

    const expecting = await rawPost(s.port, '/genesys/1/storage/30', {
      contentLength: 7 * 1024 * 1024,
      expectContinue: true,
    });
    expect(expecting.status).toBe(413);
    expect(expecting.continued).toBe(false);
    expect(JSON.parse(expecting.body)).toMatchObject({ code: 413 });

    const small = await rawPost(s.port, '/genesys/1/storage/30', { contentLength: 3, expectContinue: true });
    expect(small.continued).toBe(true);
    expect(small.status).toBe(200);
  });
});

/** A POST through node:http, for what fetch cannot send: a chunked body or `Expect: 100-continue`. */
function rawPost(
  port: number,
  path: string,
  opts: { chunks?: number; chunkBytes?: number; contentLength?: number; expectContinue?: boolean },
): Promise<{ status: number; headers: IncomingHttpHeaders; body: string; continued: boolean }> {
  return new Promise((resolve, reject) => {
    let continued = false;
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (opts.contentLength !== undefined) headers['content-length'] = String(opts.contentLength);
    if (opts.expectContinue) headers.expect = '100-continue';
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(parts).toString('utf8'),
          continued,
        }),
      );
    });
    req.on('error', reject);
    const sendBody = () => {
      if (opts.contentLength !== undefined) {
        req.end(
          opts.contentLength <= 16 ? 'a=b'.padEnd(opts.contentLength, 'x') : 'x'.repeat(opts.contentLength),
        );
        return;
      }
      const chunk = Buffer.alloc(opts.chunkBytes ?? 1024, 'x');
      for (let i = 0; i < (opts.chunks ?? 1); i++) req.write(chunk);
      req.end();
    };
    if (opts.expectContinue) {
      req.on('continue', () => {
        continued = true;
        sendBody();
      });
      req.flushHeaders();
    } else sendBody();
  });
}
