import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mapError } from '../http/error-response.js';
import { MAX_BODY_BYTES } from '../http/request-body.js';
import type { Area } from '../http/route-spec.js';
import { apiGatewayRouteKey, Router } from '../http/router.js';
import { NotFoundError, PayloadTooLargeError, ServiceUnavailableError } from '../domain/errors.js';
import { ALL_ROUTES } from '../routes/index.js';
import { lambdaContext } from './lambda-context.js';

export type AreaHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** Bytes of an oversized body read and thrown away so the client gets to read its 413. */
const MAX_DRAIN_BYTES = 64 * 1024 * 1024;

/** The declared body length, when the request declares one. */
function declaredLength(req: IncomingMessage): number | undefined {
  const text = req.headers['content-length'];
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
}

const tooLarge = () => new PayloadTooLargeError(`Request body exceeds ${MAX_BODY_BYTES} bytes.`);

/**
 * The request body, or undefined when it is over `MAX_BODY_BYTES` (declared or counted). An
 * oversized body is not kept: the rest is read and dropped, so the client finishes sending and then
 * reads the 413 (destroying the request instead would make it see a connection reset). Past
 * `MAX_DRAIN_BYTES` it stops waiting; the caller answers and closes.
 */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = (declaredLength(req) ?? 0) > MAX_BODY_BYTES;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (!over && size > MAX_BODY_BYTES) {
        over = true;
        chunks.length = 0;
      }
      if (!over) chunks.push(c);
      else if (size > MAX_BODY_BYTES + MAX_DRAIN_BYTES) resolve(undefined);
    });
    req.on('end', () => resolve(over ? undefined : Buffer.concat(chunks)));
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

function sendError(res: ServerResponse, error: unknown, headers: Record<string, string> = {}): void {
  const mapped = mapError(error);
  res.writeHead(mapped.status, {
    'content-type': 'application/json;charset=UTF-8',
    ...mapped.headers,
    ...headers,
  });
  res.end(JSON.stringify(mapped.body));
}

/** 413 and close the connection: whatever of the body is still unread is not worth reading. */
function sendTooLarge(req: IncomingMessage, res: ServerResponse): void {
  res.on('finish', () => {
    if (!req.complete) req.destroy();
  });
  sendError(res, tooLarge(), { connection: 'close' });
}

export interface LocalHttpServerOptions {
  handlers: Partial<Record<Area, AreaHandler>>;
  /** Extra request handling tried before the API (e.g. static UI files); return true when handled. */
  fallback?: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
}

export interface LocalHttpServer extends Server {
  /** Starts serving: until then every request answers 503 (health included), so a port can be held early. */
  serve(options: LocalHttpServerOptions): void;
}

/**
 * The local stand-in for API Gateway: routes with the same route table, builds the same v2 event
 * and calls the same middy handler Lambda runs. Without `options` it answers 503 "starting" until
 * `serve` is called: the runtime listens first, so a taken port is reported before anything starts.
 */
export function createLocalHttpServer(initial?: LocalHttpServerOptions): LocalHttpServer {
  const router = new Router(ALL_ROUTES);
  let options = initial;
  const server = createServer(async (req, res) => {
    const requestId = randomUUID();
    const current = options;
    if (!current) {
      // Nothing is read from a request answered this early: close rather than leave its body unread.
      sendError(res, new ServiceUnavailableError('GMS is starting; try again in a moment.'), {
        'retry-after': '1',
        connection: 'close',
      });
      return;
    }
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const match = router.match(req.method ?? 'GET', url.pathname);
      if (!match && current.fallback && (await current.fallback(req, res))) return;
      // As in API Gateway: a request no route matches (unknown path, or a known path with another
      // method) goes to the `$default` route, served by the system function, which answers 404/405.
      const route = match && 'route' in match ? match.route : undefined;
      const area: Area = route?.area ?? 'system';
      const body = await readBody(req);
      if (!body) {
        sendTooLarge(req, res);
        return;
      }
      const event = toEvent(req, body, route ? apiGatewayRouteKey(route) : '$default', requestId);
      const areaHandler = current.handlers[area];
      if (!areaHandler) {
        if (!route) throw new NotFoundError(`No route for ${req.method} ${url.pathname}.`);
        throw new NotFoundError(`No handler serves ${area} routes in this runtime.`);
      }
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
  // `Expect: 100-continue` with a declared length over the limit: answer 413 before the client
  // sends the body at all (curl asks this way for large bodies). Otherwise continue as usual.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    if ((declaredLength(req) ?? 0) > MAX_BODY_BYTES) {
      sendTooLarge(req, res);
      return;
    }
    res.writeContinue();
    server.emit('request', req, res);
  });
  return Object.assign(server, {
    serve(ready: LocalHttpServerOptions) {
      options = ready;
    },
  });
}
