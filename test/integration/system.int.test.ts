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
    expect(doc.servers[0].url).toBe(`http://127.0.0.1:${s.port}/`);
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
    expect((await wrong.json()).code).toBe(405);
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

    const huge = await s
      .fetch('/storage/30', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `k=${'x'.repeat(7 * 1024 * 1024)}`,
      })
      .catch(() => undefined);
    // The server answers 413 and closes; some clients see the close first.
    if (huge) expect(huge.status).toBe(413);

    const multipart = await s.fetch('/storage/30', {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data' },
      body: 'garbage',
    });
    expect(multipart.status).toBe(400);
    expect((await multipart.json()).parameter).toBeDefined();
  });
});
