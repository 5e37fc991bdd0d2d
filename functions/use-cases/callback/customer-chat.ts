import { GENESYS_CHANNEL } from '../../domain/push/push-protocol.js';
import type { CallbackRecord } from '../../domain/callback/callback-record.js';
import { created } from '../../domain/callback/callback-transition.js';
import { ChatDisconnectedError } from '../../domain/chat/chat-errors.js';
import { readChatClient, readMessage, readTranscriptPosition } from '../../domain/chat/chat-input.js';
import { chatResponse, type ChatResponse } from '../../domain/chat/chat-response.js';
import type { ChatClient, ChatEvent, ChatSession } from '../../domain/chat/chat-session.js';
import type { ChatAction } from '../../domain/chat/chat-transitions.js';
import { ConflictError } from '../../domain/errors.js';
import { readBoolean } from '../../domain/option-values.js';
import { logger } from '../../observability.js';
import type { Ports } from '../../ports/index.js';
import { act, requireChat, type ChatActPorts, type FindChatPorts } from '../chat/chat-actions.js';
import { cancelCallback, type CancelCallbackPorts } from './cancel-callback.js';
import { mergeData } from '../../domain/data-record.js';

/** The customer's side of a chat (Chat API v1): find the chat, act in it, read its transcript. */
export type CustomerChatPorts = FindChatPorts & ChatActPorts;
/** Starting may create the chat's callback, hands it to the router and counts the chat. */
export type StartChatPorts = CustomerChatPorts &
  Pick<Ports, 'callbacks' | 'callbackEvents' | 'queue' | 'operationalMetrics'>;
/** Leaving cancels a chat callback no agent has taken yet. */
export type DisconnectChatPorts = CustomerChatPorts & CancelCallbackPorts;

/** One customer request on chat `id`: its parameters (query string, then the body over it). */
export interface ChatRequest {
  id: string;
  parameters: Record<string, string>;
  /** `https://host` the customer reached: the chat request URLs of a verbose answer are on it. */
  origin: string;
}

const verboseOf = (req: ChatRequest) =>
  readBoolean('_verbose', req.parameters._verbose, false) ? { origin: req.origin } : undefined;

/**
 * The chat response of a request: the events after the caller's `transcriptPosition` when it sent
 * one, else just the event the request created. A request on an ended chat changes nothing and
 * answers DISCONNECTED, or 400 when the service asks for it.
 */
async function answer(
  deps: Pick<Ports, 'chats'>,
  req: ChatRequest,
  session: ChatSession,
  created: ChatEvent | undefined,
): Promise<ChatResponse> {
  if (session.state === 'DISCONNECTED' && !created && session.disconnected400) {
    throw new ChatDisconnectedError(session.id);
  }
  const after = readTranscriptPosition(req.parameters.transcriptPosition);
  const verbose = verboseOf(req);
  if (after !== undefined) {
    return chatResponse(session, await deps.chats.events(session.id, after), after, verbose);
  }
  return chatResponse(session, created ? [created] : [], session.last, verbose);
}

/** Runs the client's action on the chat (validating every parameter before anything is written). */
export async function chatClientAction(
  deps: CustomerChatPorts,
  req: ChatRequest,
  action: (p: Record<string, string>) => ChatAction,
): Promise<ChatResponse> {
  const chosen = action(req.parameters);
  readTranscriptPosition(req.parameters.transcriptPosition);
  verboseOf(req);
  await requireChat(deps, req.id);
  const result = await act(deps, req.id, 'client', chosen);
  return answer(deps, req, result.session, result.event);
}

/** request-chat: the chat's callback, created when the customer starts the chat. */
async function createChatCallback(
  deps: Pick<Ports, 'callbacks' | 'callbackEvents' | 'clock'>,
  session: ChatSession,
  client: ChatClient,
): Promise<void> {
  if (await deps.callbacks.get(session.id)) return;
  const now = deps.clock.now();
  const properties = mergeData(session.userData, { _media_type: 'chat' });
  for (const key of ['firstName', 'lastName', 'email', 'subject'] as const) {
    if (client[key]) properties[key] = client[key];
  }
  const record: CallbackRecord = {
    id: session.id,
    service: session.service,
    state: 'QUEUED',
    desiredTime: now,
    scheduled: false,
    scenario: {
      mediaType: 'chat',
      direction: 'USERTERMINATED',
      waitForAgent: false,
      waitForUserConfirm: false,
    },
    properties,
    ...(session.target ? { target: session.target } : {}),
    ...(session.virtualQueue ? { virtualQueue: session.virtualQueue } : {}),
    priority: 0,
    queuedAt: now,
    guards: [],
    createdAt: now,
    updatedAt: now,
    expiresAt: session.expiresAt,
    version: 1,
  };
  const result = await deps.callbacks.create(record, []);
  if (result.ok) {
    await deps.callbackEvents.publish(created(result.record));
    return;
  }
  // `version`: a concurrent start created it first, which is as good.
  if (result.reason !== 'version') {
    throw new Error(`Chat ${session.id}: its callback could not be created (${result.reason}).`);
  }
}

/**
 * `ixn/chat`: the customer joins. A request-chat chat is handed to the router now; a chat
 * callback was routed when it was created.
 */
export async function startChat(deps: StartChatPorts, req: ChatRequest) {
  const { id } = req;
  const client = readChatClient(req.parameters);
  const verbose = verboseOf(req);
  const session = await requireChat(deps, id);
  if (session.client) throw new ConflictError(`Chat ${id} has already been started.`);
  if (session.routeOnStart) {
    await createChatCallback(deps, session, client);
  } else {
    const record = await deps.callbacks.get(id);
    if (record?.state === 'COMPLETED') {
      throw new ConflictError(`Chat callback ${id} is COMPLETED (${record.reason}); it cannot be started.`);
    }
  }
  const result = await act(deps, id, 'client', { kind: 'join-client', client });
  if (!result.event) return answer(deps, req, result.session, undefined);
  deps.operationalMetrics.count('ChatsStarted', { service: session.service });
  if (session.routeOnStart) await deps.queue.send({ kind: 'route-callback', id });
  // GMS's CometD channel: the events arrive on `/_genesys` with tag `service.chat.refresh.<id>`.
  const started = { _id: id, comet_channel: GENESYS_CHANNEL };
  if (!verbose) return started;
  return { ...started, ...chatResponse(result.session, await deps.chats.events(id, 0), 0, verbose) };
}

/** `ixn/chat/refresh`: the events after `transcriptPosition`, an optional `message` sent first. */
export async function refreshChat(deps: CustomerChatPorts, req: ChatRequest): Promise<ChatResponse> {
  const { id, parameters: p } = req;
  const message = p.message !== undefined && p.message !== '' ? readMessage(p.message) : undefined;
  const after = readTranscriptPosition(p.transcriptPosition) ?? 0;
  const verbose = verboseOf(req);
  let session = await requireChat(deps, id);
  if (message !== undefined) {
    session = (await act(deps, id, 'client', { kind: 'message', text: message })).session;
  } else if (!session.client) {
    throw new ConflictError(`Chat ${id} has not been started: POST .../ixn/chat first.`);
  }
  if (session.state === 'DISCONNECTED' && session.disconnected400) throw new ChatDisconnectedError(id);
  return chatResponse(session, await deps.chats.events(id, after), after, verbose);
}

/**
 * The customer leaves: `Notice.Left` and the chat is DISCONNECTED. A chat callback not yet taken
 * by an agent is cancelled, so no agent is offered a chat nobody is in.
 */
export async function disconnectChat(deps: DisconnectChatPorts, req: ChatRequest): Promise<ChatResponse> {
  const response = await chatClientAction(deps, req, () => ({ kind: 'leave' }));
  const { id } = req;
  const record = await deps.callbacks.get(id);
  if (record && (record.state === 'QUEUED' || record.state === 'ROUTING' || record.state === 'SCHEDULED')) {
    try {
      await cancelCallback(deps, record, 'CANCELLED');
    } catch (e) {
      logger.warn('Chat callback not cancelled after the customer left', {
        callbackId: id,
        error: e as Error,
      });
    }
  }
  return response;
}

/** The client's actions that only append an event and answer. */
export const chatActions = {
  send: (p: Record<string, string>): ChatAction => ({ kind: 'message', text: readMessage(p.message) }),
  startTyping: (): ChatAction => ({ kind: 'typing', started: true }),
  stopTyping: (): ChatAction => ({ kind: 'typing', started: false }),
  customNotice: (p: Record<string, string>): ChatAction => ({ kind: 'custom', text: readMessage(p.message) }),
};
