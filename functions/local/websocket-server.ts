import { COMETD_PATH } from '../domain/bayeux/bayeux-protocol.js';
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { WebSocketEvent, WebSocketHandler } from '../handlers/websocket.js';
import { lambdaContext } from './lambda-context.js';

/** Where the local server accepts WebSocket upgrades (in AWS the WebSocket API has its own URL). */
export const LOCAL_WEBSOCKET_PATH = '/genesys/1/notifications';
/** CometD over WebSocket shares the handler: its frames are Bayeux arrays (docs/push.md, CometD). */
export const LOCAL_COMETD_PATH = COMETD_PATH;

/** API Gateway drops frames above 128 KB; the local stand-in refuses the same sizes. */
const MAX_FRAME_BYTES = 128 * 1024;
const HEARTBEAT_MS = 30_000;
/**
 * A socket's send backlog (bytes written but not yet taken by the client's TCP stack) beyond
 * which the client counts as too slow: the socket is dropped and the management API answers
 * 410 Gone, so the notification is kept for poll instead of growing this process's memory.
 */
export const MAX_SEND_BACKLOG_BYTES = 1024 * 1024;
/**
 * Frames a client sent that still wait for the handler (each connection's frames run one at a
 * time): past this many bytes, or this many frames, the client is flooding and is dropped (1008),
 * before its queue can grow this process's memory. API Gateway throttles such clients itself.
 */
export const MAX_RECEIVE_BACKLOG_BYTES = 1024 * 1024;
export const MAX_RECEIVE_BACKLOG_FRAMES = 1000;
/**
 * What a queued frame costs beyond its payload (the frame's buffer, closure and promise on
 * `chain`), charged so that tiny frames do not slip under the byte limit.
 */
export const QUEUED_FRAME_OVERHEAD_BYTES = 512;
const FLOOD_CLOSE_CODE = 1008;
const FLOOD_CLOSE_REASON = 'Too many frames waiting: send fewer at once';
/** How long a dropped slow socket may take its close frame before it is cut off. */
const SLOW_CLOSE_GRACE_MS = 1_000;
/** 1013 Try Again Later: the device reconnects, subscribes again and gets what was kept for poll. */
const SLOW_CLOSE_CODE = 1013;
const SLOW_CLOSE_REASON = 'Send backlog over 1 MB: reconnect and subscribe again';

export interface LocalWebSocketOptions {
  handler: WebSocketHandler;
  path?: string;
  /** Stage name put in events (API Gateway's default stage is `$default`; ours is `local`). */
  stage?: string;
  heartbeatMs?: number;
}

export interface LocalWebSocket {
  /** The upgrade path, e.g. `/genesys/1/notifications`. */
  path: string;
  /** `ws://host:port/path` once the HTTP server listens. */
  url(): string;
  /** The management API base URL for `ApiGatewayManagementApiClient({ endpoint })`. */
  managementEndpoint(): string;
  /**
   * Answers API Gateway's management API (`/@connections/{id}`) on the same HTTP server; returns
   * false for any other path so the caller can go on routing.
   */
  handleConnectionsRequest(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** Open connection ids (tests use it to check that dead sockets were dropped). */
  connectionIds(): string[];
  /** Closes every socket (running `$disconnect` for each) and stops listening for upgrades. */
  close(): Promise<void>;
}

interface LocalConnection {
  id: string;
  socket: WebSocket;
  connectedAt: number;
  lastActiveAt: number;
  sourceIp: string;
  userAgent: string;
  alive: boolean;
  /** Messages of one connection reach the handler one at a time, in order. */
  chain: Promise<void>;
  /** Bytes of the frames queued on `chain` and not yet handled, overhead included. */
  queuedBytes: number;
  /** Frames queued on `chain` and not yet handled. */
  queuedFrames: number;
}

/** API Gateway's ids look like `L0SM9cOFvHcCIhw=`: base64 of a few random bytes. */
function newConnectionId(): string {
  return randomBytes(10).toString('base64');
}

function headerMap(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
  }
  return headers;
}

function sendJson(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
    // The SDK reads the error name from this header (restJson1 protocol).
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  res.end(text);
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) tooLarge = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function isLoopback(address: string | undefined): boolean {
  return address === '::1' || /^(?:::ffff:)?127\./.test(address ?? '');
}

function rejectUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * The local stand-in for an API Gateway WebSocket API: accepts upgrades on the product's HTTP
 * server, turns connect / message / close into the events API Gateway sends, calls the same
 * Lambda handler, and answers the management API so `PostToConnection` works unchanged.
 */
export function attachLocalWebSocket(server: Server, options: LocalWebSocketOptions): LocalWebSocket {
  const path = options.path ?? LOCAL_WEBSOCKET_PATH;
  const stage = options.stage ?? 'local';
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const connections = new Map<string, LocalConnection>();
  const pending = new Set<Promise<unknown>>();
  let closing = false;

  const host = (): string => {
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('The HTTP server is not listening yet.');
    const h = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `${h}:${address.port}`;
  };

  const event = (
    conn: Pick<LocalConnection, 'id' | 'connectedAt'>,
    routeKey: '$connect' | '$disconnect' | '$default',
    extra: Partial<WebSocketEvent> & { disconnect?: { code: number; reason: string } } = {},
  ): WebSocketEvent => {
    const now = Date.now();
    const { disconnect, ...rest } = extra;
    return {
      requestContext: {
        routeKey,
        eventType:
          routeKey === '$connect' ? 'CONNECT' : routeKey === '$disconnect' ? 'DISCONNECT' : 'MESSAGE',
        messageId: randomUUID(),
        extendedRequestId: randomUUID(),
        requestTime: new Date(now).toISOString(),
        messageDirection: 'IN',
        stage,
        connectedAt: conn.connectedAt,
        requestTimeEpoch: now,
        requestId: randomUUID(),
        domainName: host(),
        connectionId: conn.id,
        apiId: 'local',
        ...(disconnect ? { disconnectStatusCode: disconnect.code, disconnectReason: disconnect.reason } : {}),
      },
      isBase64Encoded: false,
      ...rest,
    };
  };

  const invoke = async (e: WebSocketEvent): Promise<number> => {
    const call = options.handler(e, lambdaContext(e.requestContext.requestId, 'gms-local-websocket'));
    pending.add(call);
    try {
      const result = await call;
      return result && typeof result === 'object' && typeof result.statusCode === 'number'
        ? result.statusCode
        : 200;
    } catch (err) {
      console.error(`WebSocket ${e.requestContext.routeKey} handler failed`, err);
      return 500;
    } finally {
      pending.delete(call);
    }
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if ((url.pathname !== path && url.pathname !== LOCAL_COMETD_PATH) || closing) {
      rejectUpgrade(socket, 404, 'Not Found');
      return;
    }
    const conn = {
      id: newConnectionId(),
      connectedAt: Date.now(),
    };
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = v;
    // API Gateway runs $connect before accepting: a non-2xx answer refuses the connection.
    void invoke(
      event(conn, '$connect', {
        headers: headerMap(req),
        queryStringParameters: Object.keys(query).length > 0 ? query : undefined,
      }),
    ).then((status) => {
      if (status < 200 || status > 299 || closing || socket.destroyed) {
        rejectUpgrade(socket, status >= 400 ? status : 403, 'Forbidden');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => accept(ws, conn, req));
    });
  };

  const accept = (ws: WebSocket, conn: { id: string; connectedAt: number }, req: IncomingMessage) => {
    const c: LocalConnection = {
      ...conn,
      socket: ws,
      lastActiveAt: Date.now(),
      sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
      userAgent: req.headers['user-agent'] ?? '',
      alive: true,
      chain: Promise.resolve(),
      queuedBytes: 0,
      queuedFrames: 0,
    };
    connections.set(c.id, c);
    ws.on('pong', () => {
      c.alive = true;
    });
    ws.on('message', (data, isBinary) => {
      c.lastActiveAt = Date.now();
      c.alive = true;
      const body = Buffer.isBuffer(data)
        ? data
        : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]);
      if (c.socket.readyState !== WebSocket.OPEN) return;
      const cost = body.length + QUEUED_FRAME_OVERHEAD_BYTES;
      if (
        c.queuedBytes + cost > MAX_RECEIVE_BACKLOG_BYTES ||
        c.queuedFrames + 1 > MAX_RECEIVE_BACKLOG_FRAMES
      ) {
        console.warn(
          `WebSocket ${c.id}: ${c.queuedFrames} frames (${c.queuedBytes} bytes) waiting, over ${MAX_RECEIVE_BACKLOG_FRAMES} frames or ${MAX_RECEIVE_BACKLOG_BYTES} bytes; closing`,
        );
        closeAndCut(c, FLOOD_CLOSE_CODE, FLOOD_CLOSE_REASON);
        return;
      }
      c.queuedBytes += cost;
      c.queuedFrames += 1;
      c.chain = c.chain.then(async () => {
        try {
          await invoke(
            event(c, '$default', {
              body: isBinary ? body.toString('base64') : body.toString('utf8'),
              isBase64Encoded: isBinary,
            }),
          );
        } finally {
          c.queuedBytes -= cost;
          c.queuedFrames -= 1;
        }
      });
    });
    ws.on('close', (code, reason) => {
      connections.delete(c.id);
      c.chain = c.chain.then(async () => {
        await invoke(event(c, '$disconnect', { disconnect: { code, reason: reason.toString('utf8') } }));
      });
      pending.add(c.chain);
      void c.chain.finally(() => pending.delete(c.chain));
    });
    ws.on('error', () => ws.terminate());
  };

  // A client that vanished without closing (network gone) never answers a ping: drop it so its
  // $disconnect runs and pushes stop going to it.
  const heartbeat = setInterval(() => {
    for (const c of connections.values()) {
      if (!c.alive) {
        c.socket.terminate();
        continue;
      }
      c.alive = false;
      c.socket.ping();
    }
  }, options.heartbeatMs ?? HEARTBEAT_MS);
  heartbeat.unref();

  server.on('upgrade', onUpgrade);

  /**
   * Closes with `code`; a client that does not read may never get the close frame (it waits
   * behind the backlog), so after a short grace the TCP connection is cut, which frees the backlog.
   */
  const closeAndCut = (c: LocalConnection, code: number, reason: string) => {
    c.socket.close(code, reason);
    setTimeout(() => c.socket.terminate(), SLOW_CLOSE_GRACE_MS).unref();
  };

  /** A client that stopped reading. */
  const dropSlow = (c: LocalConnection) => {
    console.warn(
      `WebSocket ${c.id}: send backlog ${c.socket.bufferedAmount} bytes over ${MAX_SEND_BACKLOG_BYTES}; closing the slow socket`,
    );
    closeAndCut(c, SLOW_CLOSE_CODE, SLOW_CLOSE_REASON);
  };

  const handleConnectionsRequest = async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = /^(?:\/[^/]+)?\/@connections\/([^/]+)$/.exec(url.pathname);
    if (!match) return false;
    // API Gateway signs these calls with IAM; the local stand-in cannot, so it only answers this
    // machine (the server may listen on all interfaces with --host 0.0.0.0).
    if (!isLoopback(req.socket.remoteAddress)) {
      sendJson(res, 403, { message: 'The management API only answers local callers.' }, 'ForbiddenException');
      return true;
    }
    let id: string;
    try {
      id = decodeURIComponent(match[1]!);
    } catch {
      sendJson(res, 400, { message: 'Malformed connection id.' }, 'BadRequestException');
      return true;
    }
    const conn = connections.get(id);
    const method = (req.method ?? 'GET').toUpperCase();
    const body = await readBody(req, MAX_FRAME_BYTES);
    if (!conn || conn.socket.readyState !== WebSocket.OPEN) {
      sendJson(res, 410, { message: null }, 'GoneException');
      return true;
    }
    if (method === 'POST') {
      if (body === undefined) {
        sendJson(res, 413, { message: 'Message too long' }, 'PayloadTooLargeException');
        return true;
      }
      if (conn.socket.bufferedAmount + body.length > MAX_SEND_BACKLOG_BYTES) {
        dropSlow(conn);
        sendJson(res, 410, { message: null }, 'GoneException');
        return true;
      }
      // Like API Gateway, answer once the frame is accepted, not once the client has read it:
      // a slow reader must not hold up the sender (the backlog bound above covers memory).
      conn.socket.send(body.toString('utf8'));
      sendJson(res, 200, undefined);
    } else if (method === 'DELETE') {
      conn.socket.close(1000, 'Closed by the server');
      res.writeHead(204).end();
    } else if (method === 'GET') {
      sendJson(res, 200, {
        connectedAt: new Date(conn.connectedAt).toISOString(),
        lastActiveAt: new Date(conn.lastActiveAt).toISOString(),
        identity: { sourceIp: conn.sourceIp, userAgent: conn.userAgent },
      });
    } else {
      sendJson(res, 405, { message: `Method ${method} is not allowed on @connections.` });
    }
    return true;
  };

  return {
    path,
    url: () => `ws://${host()}${path}`,
    managementEndpoint: () => `http://${host()}`,
    handleConnectionsRequest,
    connectionIds: () => [...connections.keys()],
    close: async () => {
      closing = true;
      clearInterval(heartbeat);
      server.off('upgrade', onUpgrade);
      const closed = [...connections.values()].map(
        (c) =>
          new Promise<void>((resolve) =>
            c.socket.readyState === WebSocket.CLOSED ? resolve() : c.socket.once('close', () => resolve()),
          ),
      );
      for (const c of connections.values()) c.socket.terminate();
      await Promise.all(closed);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      // Let every $disconnect finish before the caller stops DynamoDB.
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}
