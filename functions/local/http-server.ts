import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mapError } from '../http/error-response.js';
import { MAX_BODY_BYTES } from '../http/request-body.js';
import type { Area } from '../http/route-spec.js';
import { apiGatewayRouteKey, Router } from '../http/router.js';
import { PayloadTooLargeError, NotFoundError } from '../domain/errors.js';
import { ALL_ROUTES } from '../routes/index.js';
import { lambdaContext } from './lambda-context.js';

export type AreaHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLarge());
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Turns a Node request into the API Gateway HTTP API (payload 2.0) event Lambda would receive. */
export function toEvent(
  req: IncomingMessage,
  body: Buffer,
  routeKey: string,
  requestId: string,
): APIGatewayProxyEventV2 {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
  }
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = query[k] === undefined ? v : `${query[k]},${v}`;
  const now = new Date();
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    queryStringParameters: Object.keys(query).length > 0 ? query : undefined,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: 'local',
      http: {
        method: (req.method ?? 'GET').toUpperCase(),
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: body.length > 0 ? body.toString('base64') : undefined,
    isBase64Encoded: body.length > 0,
  };
}

function anyMethodRoute(router: Router, path: string) {
  for (const method of ['GET', 'POST', 'PUT', 'DELETE']) {
    const m = router.match(method, path);
    if (m && 'route' in m) return m.route;
  }
  throw new NotFoundError(`No route for ${path}.`);
}

function sendError(res: ServerResponse, error: unknown): void {
  const mapped = mapError(error);
  res.writeHead(mapped.status, { 'content-type': 'application/json;charset=UTF-8', ...mapped.headers });
  res.end(JSON.stringify(mapped.body));
}

export interface LocalHttpServerOptions {
  handlers: Partial<Record<Area, AreaHandler>>;
  /** Extra request handling tried before the API (e.g. static UI files); return true when handled. */
  fallback?: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
}

/**
 * The local stand-in for API Gateway: routes with the same route table, builds the same v2 event
 * and calls the same middy handler Lambda runs.
 */
export function createLocalHttpServer(options: LocalHttpServerOptions): Server {
  const router = new Router(ALL_ROUTES);
  return createServer(async (req, res) => {
    const requestId = randomUUID();
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const match = router.match(req.method ?? 'GET', url.pathname);
      if (!match) {
        if (options.fallback && (await options.fallback(req, res))) return;
        throw new NotFoundError(`No route for ${req.method} ${url.pathname}.`);
      }
      // A path that exists with another method still goes to its area, which answers 405.
      const route = 'route' in match ? match.route : anyMethodRoute(router, url.pathname);
      let body: Buffer;
      try {
        body = await readBody(req);
      } catch (e) {
        if (e instanceof BodyTooLarge)
          throw new PayloadTooLargeError(`Request body exceeds ${MAX_BODY_BYTES} bytes.`);
        throw e;
      }
      const event = toEvent(req, body, apiGatewayRouteKey(route), requestId);
      const areaHandler = options.handlers[route.area];
      if (!areaHandler) throw new NotFoundError(`No handler serves ${route.area} routes in this runtime.`);
      const result = await areaHandler(event, lambdaContext(requestId));
      const headers: Record<string, string | string[]> = { ...(result.headers as Record<string, string>) };
      if (result.cookies?.length) headers['set-cookie'] = result.cookies;
      const payload = result.body === undefined ? '' : result.body;
      const buf = result.isBase64Encoded ? Buffer.from(payload, 'base64') : Buffer.from(payload, 'utf8');
      headers['content-length'] = String(buf.length);
      res.writeHead(result.statusCode ?? 200, headers);
      res.end(buf);
    } catch (e) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendError(res, e);
    }
  });
}
