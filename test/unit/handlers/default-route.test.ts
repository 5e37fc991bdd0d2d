import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler } from '../../../functions/handlers/system.js';
import { lambdaContext } from '../../../functions/local/lambda-context.js';

/** The event API Gateway sends for a request no route key matched: routeKey `$default`. */
function defaultRouteEvent(method: string, rawPath: string): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString: '',
    headers: { host: 'abc123.execute-api.eu-west-1.amazonaws.com' },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.eu-west-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'test' },
      requestId: 'req-1',
      routeKey: '$default',
      stage: '$default',
      time: '01/Dec/2026:08:00:00 +0000',
      timeEpoch: 0,
    },
    isBase64Encoded: false,
  };
}

const call = async (method: string, path: string) => {
  const res = await handler(defaultRouteEvent(method, path), lambdaContext('req-1'));
  return { ...res, json: JSON.parse(res.body ?? '{}') as Record<string, unknown> };
};

describe('the system function behind the $default route', () => {
  it('answers GMS 404 for a path no route has', async () => {
    for (const path of ['/nothing/here', '/genesys/1/nothing', '/genesys/1/storage/a/b/c/d', '/']) {
      const res = await call('GET', path);
      expect(res.statusCode).toBe(404);
      expect(res.headers?.['content-type']).toMatch(/^application\/json/);
      expect(res.json).toMatchObject({
        code: 404,
        phrase: 'Not Found',
        exception: 'com.genesyslab.gsg.services.NotFoundException',
        message: `No route for GET ${path}.`,
      });
    }
  });

  it('answers 405 with Allow for a path of any area requested with another method', async () => {
    const health = await call('DELETE', '/genesys/1/health');
    expect(health.statusCode).toBe(405);
    expect(health.headers?.allow).toBe('GET');
    expect(health.json).toMatchObject({ code: 405, phrase: 'Method Not Allowed', parameter: 'method' });

    // Storage routes live in another function; the $default function still knows the path exists.
    const storage = await call('PUT', '/genesys/1/storage/abc');
    expect(storage.statusCode).toBe(405);
    expect(storage.headers?.allow).toBe('GET, POST, DELETE');

    const users = await call('POST', '/genesys/1/admin/users/someone');
    expect(users.statusCode).toBe(405);
    expect(users.headers?.allow).toBe('GET, PUT, DELETE');
  });

  it('never answers a route of another area itself', async () => {
    const res = await call('GET', '/genesys/1/storage/abc');
    expect(res.statusCode).toBe(404);
  });
});
