import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN_VERIFY_HEADER } from '../../functions/http/origin-verify.js';
import { ADMIN_AUTH, jsonBody, startTestServer, type TestServer } from '../support/test-server.js';

// The local runtime answering as a stack with `apiViaCloudFrontOnly` (rotation in progress: two values).
const CURRENT = 'cf7Hq2LrX9mVt4NwZ8pKc3Bd';
const PREVIOUS = 'old5Jr8TsY2eWq6UzA1oLm0G';

describe('API only through CloudFront (origin header)', () => {
  let s: TestServer;
  const viaCloudFront = (value = CURRENT) => ({ [ORIGIN_VERIFY_HEADER]: value });

  beforeAll(async () => {
    s = await startTestServer({ originVerify: [CURRENT, PREVIOUS] });
  });
  afterAll(() => s?.stop());

  it.each([
    ['no header', {}],
    ['a wrong value', { [ORIGIN_VERIFY_HEADER]: 'guess' }],
    ['a value that only starts right', { [ORIGIN_VERIFY_HEADER]: CURRENT.slice(0, 10) }],
    ['the value under another header', { 'x-origin-verify': CURRENT }],
  ])('refuses a request with %s: 403 with the GMS error body', async (_name, headers) => {
    const res = await s.fetch('/health', { headers });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({
      message: 'This API only answers through its CloudFront distribution.',
      exception: 'com.genesyslab.gsg.security.AccessDeniedException',
      code: 403,
      phrase: 'Forbidden',
    });
  });

  it('refuses before authentication and routing: valid admin credentials and unknown paths get 403 too', async () => {
    const admin = await s.fetch('/admin/users', { headers: { authorization: ADMIN_AUTH } });
    expect(admin.status).toBe(403);
    const unknown = await s.fetch('/no/such/route');
    expect(unknown.status).toBe(403);
    const create = await s.fetch('/service/request-interaction', jsonBody({}));
    expect(create.status).toBe(403);
  });

  it('answers requests that carry the current value, or the previous one while rotating', async () => {
    const health = await s.fetch('/health', { headers: viaCloudFront() });
    expect(health.status).toBe(200);
    const previous = await s.fetch('/health', { headers: viaCloudFront(PREVIOUS) });
    expect(previous.status).toBe(200);
    const users = await s.fetch('/admin/users', {
      headers: { authorization: ADMIN_AUTH, ...viaCloudFront() },
    });
    expect(users.status).toBe(200);
    const unknown = await s.fetch('/no/such/route', { headers: viaCloudFront() });
    expect(unknown.status).toBe(404);
  });
});
