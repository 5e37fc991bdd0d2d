import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import {
  createServer,
  STATUS_CODES,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { Duplex } from 'node:stream';
import { mapError } from '../http/error-response.js';
import { MAX_BODY_BYTES } from '../http/request-body.js';
import type { Area } from '../http/route-spec.js';
import { apiGatewayRouteKey, Router } from '../http/router.js';
import {
  InvalidParameterError,
  NotFoundError,
  PayloadTooLargeError,
  RequestTimeoutError,
  ServiceUnavailableError,
} from '../domain/errors.js';
import { dataRecord } from '../domain/data-record.js';
import { logger } from '../observability.js';
import { inRequestScope } from './last-resort-guard.js';
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

const tooLarge = () =>
  new PayloadTooLargeError(`Request body exceeds the total limit of ${MAX_BODY_BYTES} bytes (6 MB).`);

/**
 * Time limits of the local server: API Gateway has its own in AWS; a Node server must bound
 * every client explicitly, or a client that sends slowly (or not at all) holds a socket and a
 * request for as long as it likes.
 */
export interface HttpLimits {
  /** Until the request's headers are complete (Node's `headersTimeout`; its default is 60 s). */
  headersTimeoutMs: number;
  /** Until the whole request is received (Node's `requestTimeout`; its default is 300 s). */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this (Node's `keepAliveTimeout`). */
  keepAliveTimeoutMs: number;
  /** Deadline for reading a body once its headers are in: then 408 and the connection closes. */
  bodyTimeoutMs: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  headersTimeoutMs: 20_000,
  requestTimeoutMs: 120_000,
  keepAliveTimeoutMs: 5_000,
  // 6 MB (the body limit) in 60 s is 100 KB/s: the slowest mobile link a request needs.
  bodyTimeoutMs: 60_000,
};

/**
 * The request body, or undefined when it is over `MAX_BODY_BYTES` (declared or counted). An
 * oversized body is not kept: the rest is read and dropped, so the client finishes sending and then
 * reads the 413 (destroying the request instead would make it see a connection reset). Past
 * `MAX_DRAIN_BYTES` it stops waiting; the caller answers and closes. Past `deadlineMs` it rejects
 * with a 408; a connection error (the client went away) rejects too. It settles once.
 */
function readBody(req: IncomingMessage, deadlineMs: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = (declaredLength(req) ?? 0) > MAX_BODY_BYTES;
    let settled = false;
    const timer = setTimeout(
      () =>
        settle(() =>
          reject(new RequestTimeoutError(`The request body was not received within ${deadlineMs} ms.`)),
        ),
      deadlineMs,
    );
    timer.unref();
    function settle(done: () => void) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      done();
    }
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (!over && size > MAX_BODY_BYTES) {
        over = true;
        chunks.length = 0;
      }
      if (!over) chunks.push(c);
      else if (size > MAX_BODY_BYTES + MAX_DRAIN_BYTES) settle(() => resolve(undefined));
    });
    req.on('end', () => settle(() => resolve(over ? undefined : Buffer.concat(chunks))));
    req.on('error', (e) => settle(() => reject(e)));
    // The connection closed before the body ended: nothing will come.
    req.on('close', () => {
      if (!req.complete)
        settle(() => reject(new InvalidParameterError('body', 'The request body was cut short.')));
    });
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
  const headers = dataRecord<string>();
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
  }
  // Null prototype: a query parameter `__proto__` is a parameter like any other.
  const query = dataRecord<string>();
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
  const body = JSON.stringify(mapped.body);
  res.writeHead(mapped.status, {
    'content-type': 'application/json;charset=UTF-8',
    'content-length': String(Buffer.byteLength(body)),
    ...mapped.headers,
    ...headers,
  });
  res.end(body);
}

/** Answer and close the connection: whatever of the body is still unread is not worth reading. */
function sendAndClose(req: IncomingMessage, res: ServerResponse, error: unknown): void {
  res.on('finish', () => {
    if (!req.complete) req.destroy();
  });
  sendError(res, error, { connection: 'close' });
}

/**
 * GMS's error body for what Node's HTTP parser refuses before there is a request: malformed
 * HTTP (400), headers over Node's limit (431), headers or body too slow (408). Node itself would
 * answer these with an empty body. Written on the raw socket (there is no response object), only
 * when nothing of another response is on it yet; then the connection closes.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  const code = error.code ?? '';
  if (code === 'ECONNRESET' || code === 'EPIPE' || !socket.writable) {
    socket.destroy();
    return;
  }
  const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse })._httpMessage;
  if (inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  let status = 400;
  let message = 'Malformed HTTP request.';
  if (code === 'HPE_HEADER_OVERFLOW') {
    status = 431;
    message = 'Request headers are too large.';
  } else if (code === 'ERR_HTTP_REQUEST_TIMEOUT' || code === 'ERR_HTTP_HEADERS_TIMEOUT') {
    status = 408;
    message = 'The request was not received in time.';
  }
  const exception =
    status === 408
      ? 'com.genesyslab.gsg.services.RequestTimeoutException'
      : 'com.genesyslab.gsg.services.InvalidParameterException';
  const body = JSON.stringify({ message, exception, code: status, phrase: STATUS_CODES[status] });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
      'content-type: application/json;charset=UTF-8\r\n' +
      `content-length: ${Buffer.byteLength(body)}\r\n` +
      'connection: close\r\n\r\n' +
      body,
  );
  // A client that stops reading must not keep the socket: end() waits for it to drain.
  setTimeout(() => socket.destroy(), 1000).unref();
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
export function createLocalHttpServer(
  initial?: LocalHttpServerOptions,
  limitOverrides: Partial<HttpLimits> = {},
): LocalHttpServer {
  const limits: HttpLimits = { ...DEFAULT_HTTP_LIMITS, ...limitOverrides };
  const router = new Router(ALL_ROUTES);
  let options = initial;

  const handle = async (req: IncomingMessage, res: ServerResponse, current: LocalHttpServerOptions) => {
    const requestId = randomUUID();
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const match = router.match(req.method ?? 'GET', url.pathname);
      if (!match && current.fallback && (await current.fallback(req, res))) return;
      // As in API Gateway: a request no route matches (unknown path, or a known path with another
      // method) goes to the `$default` route, served by the system function, which answers 404/405.
      const route = match && 'route' in match ? match.route : undefined;
      const area: Area = route?.area ?? 'system';
      let body: Buffer | undefined;
      try {
        body = await readBody(req, limits.bodyTimeoutMs);
      } catch (e) {
        if (!res.headersSent && !res.destroyed) sendAndClose(req, res, e);
        else res.destroy();
        return;
      }
      if (!body) {
        sendAndClose(req, res, tooLarge());
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
      if (res.destroyed) return;
      res.writeHead(result.statusCode ?? 200, headers);
      res.end(buf);
    } catch (e) {
      if (res.headersSent || res.destroyed) {
        res.destroy();
        return;
      }
      const mapped = mapError(e);
      if (mapped.status >= 500 && mapped.status !== 503) {
        logger.error('Unhandled error in the local server', { error: e as Error, path: req.url });
      }
      sendError(res, e);
    }
  };

  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // How often Node checks the two timeouts above (its default is 30 s, coarser than them).
      connectionsCheckingInterval: Math.max(
        10,
        Math.min(1000, Math.floor(Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) / 4)),
      ),
    },
    (req, res) => {
      // A write on a response whose socket is gone emits `error` on it; unheard, that ends the process.
      res.on('error', (e) => logger.debug('Response stream error', { error: e }));
      const current = options;
      if (!current) {
        // Nothing is read from a request answered this early: close rather than leave its body unread.
        sendError(res, new ServiceUnavailableError('GMS is starting; try again in a moment.'), {
          'retry-after': '1',
          connection: 'close',
        });
        return;
      }
      inRequestScope(res, req.url ?? '/', () => {
        handle(req, res, current).catch((e: unknown) => {
          // `handle` answers its own errors; this is an error while answering one.
          logger.error('Failed to answer a request', { error: e as Error, path: req.url });
          res.destroy();
        });
      });
    },
  );
  server.on('clientError', answerClientError);
  // `Expect: 100-continue` with a declared length over the limit: answer 413 before the client
  // sends the body at all (curl asks this way for large bodies). Otherwise continue as usual.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    if ((declaredLength(req) ?? 0) > MAX_BODY_BYTES) {
      res.on('error', (e) => logger.debug('Response stream error', { error: e }));
      sendAndClose(req, res, tooLarge());
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
