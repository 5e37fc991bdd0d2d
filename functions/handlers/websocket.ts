import type {
  APIGatewayEventWebsocketRequestContextV2,
  APIGatewayProxyWebsocketEventV2,
  Context,
} from 'aws-lambda';
import { NOTIFICATION_RETENTION_MS } from '../adapters/push/push-dispatcher.js';
import { errorReply, isBayeuxFrame } from '../domain/bayeux/bayeux-protocol.js';
import {
  parseClientMessage,
  type AgentChatCommand,
  type ClientCommand,
} from '../domain/push/client-message.js';
import { agentChatProblem, type ServerMessage } from '../domain/push/push-protocol.js';
import { authorize, type AuthorizePorts } from '../http/authenticate.js';
import { mapError } from '../http/error-response.js';
import { lambdaHandler } from '../lambda-handler.js';
import { annotateTrace } from '../tracing.js';
import { logger } from '../observability.js';
import { AGENT_CHAT_ROLES } from '../routes/agent-chat-routes.js';
import { entryPorts } from '../process-ports.js';
import { composeWebsocket } from '../composition/websocket.js';
import { connectDevice, type ConnectDevicePorts } from '../use-cases/push/connect-device.js';
import { disconnectDevice } from '../use-cases/push/disconnect-device.js';
import { replyOnSocket } from '../use-cases/push/socket-reply.js';
import { subscribeSession, type SubscribeSessionPorts } from '../use-cases/push/subscribe-session.js';
import { unsubscribeSession } from '../use-cases/push/unsubscribe-session.js';
import { agentChatRequest } from '../use-cases/chat/agent-chat-request.js';
import { exchange } from '../use-cases/cometd/bayeux-exchange.js';

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

const OK: WebSocketResult = { statusCode: 200 };

/**
 * What the socket's routes use: connections, sessions and callbacks (what may be followed), the
 * notifications waiting for poll, token checks, and what an `agent-chat` frame or a CometD frame
 * runs.
 */
export type WebSocketPorts = ConnectDevicePorts &
  SubscribeSessionPorts &
  AuthorizePorts &
  Parameters<typeof agentChatRequest>[0] &
  Parameters<typeof exchange>[0];

/** Installed ports (local runtime, tests), else this function's own, composed at start in Lambda. */
const portsOf = entryPorts<WebSocketPorts>(composeWebsocket);

async function connect(event: WebSocketEvent, d: WebSocketPorts): Promise<WebSocketResult> {
  const headerUser = Object.entries(event.headers ?? {}).find(([k]) => k.toLowerCase() === 'gms_user')?.[1];
  // Browsers cannot set headers on a WebSocket: the query parameter is their way to say who they are.
  await connectDevice(
    d,
    event.requestContext.connectionId,
    headerUser ?? event.queryStringParameters?.gms_user,
  );
  return OK;
}

async function disconnect(event: WebSocketEvent, d: WebSocketPorts): Promise<WebSocketResult> {
  await disconnectDevice(d, event.requestContext.connectionId);
  return OK;
}

/**
 * An agent desktop acts on a chat over the socket: the bearer token of `admin/login` with the
 * roles of the agent chat routes, then exactly the agent API's chat request. The answer is the
 * chat response it answers over HTTP; a failure is an error frame with the status HTTP would give.
 */
async function agentChat(connectionId: string, c: AgentChatCommand, d: WebSocketPorts): Promise<void> {
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
  await replyOnSocket(d, connectionId, message);
}

async function command(connectionId: string, c: ClientCommand, d: WebSocketPorts): Promise<void> {
  switch (c.action) {
    case 'agent-chat':
      await agentChat(connectionId, c, d);
      return;
    case 'ping':
      await replyOnSocket(d, connectionId, { type: 'pong' });
      return;
    case 'subscribe':
      annotateTrace({ sessionId: c.id });
      await subscribeSession(d, connectionId, c.id, NOTIFICATION_RETENTION_MS);
      return;
    case 'unsubscribe':
      await unsubscribeSession(d, connectionId, c.id);
      return;
  }
}

/**
 * A CometD (Bayeux) frame: a JSON array of messages, answered with an array (docs/push.md,
 * CometD). The client's `gms_user` is the one its connection gave at `$connect`.
 */
async function bayeux(connectionId: string, text: string, d: WebSocketPorts): Promise<void> {
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

async function message(event: WebSocketEvent, d: WebSocketPorts): Promise<WebSocketResult> {
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
  if (!parsed.ok) await replyOnSocket(d, connectionId, parsed.error);
  else await command(connectionId, parsed.command, d);
  return OK;
}

const ROUTES: Record<string, (event: WebSocketEvent, d: WebSocketPorts) => Promise<WebSocketResult>> = {
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
    return await route(event, portsOf());
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
