import type {
  APIGatewayEventWebsocketRequestContextV2,
  APIGatewayProxyWebsocketEventV2,
  Context,
} from 'aws-lambda';
import { NOTIFICATION_RETENTION_MS } from '../adapters/push/push-dispatcher.js';
import { errorReply, isBayeuxFrame } from '../domain/bayeux/bayeux-message.js';
import { isVisible } from '../domain/callback/callback-view.js';
import {
  MAX_SUBSCRIPTIONS_PER_CONNECTION,
  agentChatProblem,
  notificationFrame,
  parseClientMessage,
  subscriptionRefusal,
  type AgentChatCommand,
  type ClientCommand,
  type ServerMessage,
} from '../domain/push/push-protocol.js';
import { authorize } from '../http/authenticate.js';
import { mapError } from '../http/error-response.js';
import { lambdaHandler } from '../lambda-handler.js';
import { annotateTrace } from '../tracing.js';
import { logger } from '../observability.js';
import { AGENT_CHAT_ROLES } from '../routes/agent-chat-routes.js';
import { deps, type Deps } from '../composition/full.js';
import { agentChatRequest } from '../use-cases/chat/agent-chat-request.js';
import { exchange } from './cometd/bayeux-exchange.js';

/** API Gateway's WebSocket event; `$connect` also carries the upgrade request's headers and query. */
export type WebSocketEvent = Omit<APIGatewayProxyWebsocketEventV2, 'requestContext'> & {
  requestContext: APIGatewayEventWebsocketRequestContextV2 & {
    disconnectStatusCode?: number;
    disconnectReason?: string;
  };
  headers?: Record<string, string | undefined>;
};

export interface WebSocketResult {
  statusCode: number;
  body?: string;
}

export type WebSocketHandler = (event: WebSocketEvent, context: Context) => Promise<WebSocketResult>;

/** API Gateway ends every WebSocket connection after 2 hours; its items expire a little later. */
const CONNECTION_LIFETIME_MS = 2 * 3600_000 + 5 * 60_000;

const OK: WebSocketResult = { statusCode: 200 };

/** Replies go out through the management API, exactly like pushes, so local and AWS behave alike. */
async function reply(d: Deps, connectionId: string, message: ServerMessage): Promise<boolean> {
  const outcome = await d.sockets.send(connectionId, JSON.stringify(message));
  if (outcome === 'gone') await d.connections.remove(connectionId);
  return outcome === 'sent';
}

async function connect(event: WebSocketEvent, d: Deps): Promise<WebSocketResult> {
  const { connectionId } = event.requestContext;
  const now = d.clock.now();
  const headerUser = Object.entries(event.headers ?? {}).find(([k]) => k.toLowerCase() === 'gms_user')?.[1];
  // Browsers cannot set headers on a WebSocket: the query parameter is their way to say who they are.
  const gmsUser = headerUser ?? event.queryStringParameters?.gms_user;
  await d.connections.add({
    id: connectionId,
    ...(gmsUser ? { gmsUser } : {}),
    connectedAt: now,
    expiresAt: now + CONNECTION_LIFETIME_MS,
  });
  return OK;
}

async function disconnect(event: WebSocketEvent, d: Deps): Promise<WebSocketResult> {
  await d.connections.remove(event.requestContext.connectionId);
  return OK;
}

/**
 * Notifications that waited for poll while the device had no subscription (e.g. during a
 * reconnect) go out right after the subscribe ack; what cannot be sent is put back.
 */
async function flushPending(d: Deps, connectionId: string, sessionId: string): Promise<void> {
  const now = d.clock.now();
  const pending = await d.notifications.take(sessionId, 'app', now);
  for (let i = 0; i < pending.length; i++) {
    const n = pending[i]!;
    let sent: boolean;
    try {
      sent = await reply(d, connectionId, notificationFrame(n.id, n.tag, n.message));
    } catch (e) {
      // E.g. API Gateway's LimitExceededException (throttled, or the client's buffer is full):
      // the notifications already taken must not be lost with the frame.
      logger.warn('Flushing pending notifications failed; the rest waits for poll', {
        connectionId,
        sessionId,
        error: e as Error,
      });
      sent = false;
    }
    if (!sent) {
      for (const rest of pending.slice(i)) {
        await d.notifications.add(sessionId, 'app', rest, now + NOTIFICATION_RETENTION_MS);
      }
      return;
    }
  }
}

/**
 * An agent desktop acts on a chat over the socket: the bearer token of `admin/login` with the
 * roles of the agent chat routes, then exactly the agent API's chat request. The answer is the
 * chat response it answers over HTTP; a failure is an error frame with the status HTTP would give.
 */
async function agentChat(connectionId: string, c: AgentChatCommand, d: Deps): Promise<void> {
  const about = { op: c.op, chatId: c.chatId, ...(c.ref !== undefined ? { ref: c.ref } : {}) };
  let message: ServerMessage;
  try {
    await authorize(d, { roles: AGENT_CHAT_ROLES }, `Bearer ${c.token}`);
    const response = await agentChatRequest(d, c.agentId, c.chatId, c.op, {
      message: c.message,
      transcriptPosition: c.transcriptPosition,
    });
    message = { type: 'agent-chat', ...about, response };
  } catch (e) {
    const mapped = mapError(e);
    if (mapped.status >= 500 && mapped.status !== 503) {
      logger.error('WebSocket agent-chat failed', { connectionId, ...about, error: e as Error });
    }
    message = {
      type: 'error',
      action: 'agent-chat',
      ...(mapped.body.parameter !== undefined ? { parameter: mapped.body.parameter } : {}),
      message: mapped.body.message,
      error: agentChatProblem(mapped.status),
      code: mapped.status,
      exception: mapped.body.exception,
      ...about,
    };
  }
  await reply(d, connectionId, message);
}

async function command(connectionId: string, c: ClientCommand, d: Deps): Promise<void> {
  switch (c.action) {
    case 'agent-chat':
      await agentChat(connectionId, c, d);
      return;
    case 'ping':
      await reply(d, connectionId, { type: 'pong' });
      return;
    case 'subscribe':
      await subscribe(connectionId, c.id, d);
      return;
    case 'unsubscribe': {
      const outcome = await d.connections.unsubscribe(connectionId, c.id);
      await reply(
        d,
        connectionId,
        outcome === 'busy'
          ? subscriptionRefusal('unsubscribe', c.id, 'busy')
          : { type: 'ack', action: 'unsubscribe', id: c.id },
      );
      return;
    }
  }
}

/**
 * Whether `id` names a live session a device may follow: a service session, which every service,
 * callback and chat create writes (one read), or else a callback whose reschedule carried it past
 * its session's expiry.
 */
async function isLiveSession(d: Deps, id: string): Promise<boolean> {
  const now = d.clock.now();
  if (await d.sessions.get(id, now)) return true;
  const callback = await d.callbacks.get(id);
  return callback !== undefined && isVisible(callback, now);
}

async function subscribe(connectionId: string, id: string, d: Deps): Promise<void> {
  annotateTrace({ sessionId: id });
  if (!(await isLiveSession(d, id))) {
    await reply(d, connectionId, subscriptionRefusal('subscribe', id, 'not-found'));
    return;
  }
  const outcome = await d.connections.subscribe(
    connectionId,
    id,
    d.clock.now(),
    MAX_SUBSCRIPTIONS_PER_CONNECTION,
  );
  switch (outcome) {
    case 'subscribed':
    case 'already-subscribed':
      if (await reply(d, connectionId, { type: 'ack', action: 'subscribe', id })) {
        await flushPending(d, connectionId, id);
      }
      return;
    case 'limit':
      await reply(d, connectionId, subscriptionRefusal('subscribe', id, 'subscription-limit'));
      return;
    case 'busy':
      await reply(d, connectionId, subscriptionRefusal('subscribe', id, 'busy'));
      return;
    case 'gone':
      // The connection item is gone (expired or a `$disconnect` raced us): the device must reconnect.
      await reply(d, connectionId, subscriptionRefusal('subscribe', id, 'reconnect'));
      return;
  }
}

/**
 * A CometD (Bayeux) frame: a JSON array of messages, answered with an array (docs/push.md,
 * CometD). The client's `gms_user` is the one its connection gave at `$connect`.
 */
async function bayeux(connectionId: string, text: string, d: Deps): Promise<void> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    await d.sockets.send(connectionId, JSON.stringify([errorReply({}, '400::The frame is not JSON')]));
    return;
  }
  const replies = await exchange(d, {
    body,
    transport: 'websocket',
    connectionId,
    gmsUser: async () => (await d.connections.get(connectionId, d.clock.now()))?.gmsUser,
  });
  if ((await d.sockets.send(connectionId, JSON.stringify(replies))) === 'gone') {
    await d.connections.remove(connectionId);
  }
}

async function message(event: WebSocketEvent, d: Deps): Promise<WebSocketResult> {
  const { connectionId } = event.requestContext;
  const body =
    event.body !== undefined && event.isBase64Encoded
      ? Buffer.from(event.body, 'base64').toString('utf8')
      : event.body;
  if (isBayeuxFrame(body)) {
    await bayeux(connectionId, body!, d);
    return OK;
  }
  const parsed = parseClientMessage(body);
  if (!parsed.ok) await reply(d, connectionId, parsed.error);
  else await command(connectionId, parsed.command, d);
  return OK;
}

const ROUTES: Record<string, (event: WebSocketEvent, d: Deps) => Promise<WebSocketResult>> = {
  $connect: connect,
  $disconnect: disconnect,
  $default: message,
};

/** The WebSocket API's one function: `$connect`, `$disconnect` and `$default` as a route table. */
export const websocketHandler = async (event: WebSocketEvent): Promise<WebSocketResult> => {
  const route = ROUTES[event.requestContext.routeKey];
  if (!route) {
    logger.error('WebSocket event for an unknown route', { routeKey: event.requestContext.routeKey });
    return { statusCode: 404 };
  }
  try {
    return await route(event, deps());
  } catch (e) {
    logger.error('WebSocket route failed', {
      routeKey: event.requestContext.routeKey,
      connectionId: event.requestContext.connectionId,
      error: e as Error,
    });
    return { statusCode: 500 };
  }
};

export const handler: WebSocketHandler = lambdaHandler<WebSocketEvent, WebSocketResult>(websocketHandler);
