import { GENESYS_CHANNEL } from '../../domain/push/push-protocol.js';
import type { CallbackRecord } from '../../domain/callback/callback-record.js';
import { ChatDisconnectedError } from '../../domain/chat/chat-errors.js';
import { readChatClient, readMessage, readTranscriptPosition } from '../../domain/chat/chat-input.js';
import { chatResponse, type ChatResponse } from '../../domain/chat/chat-response.js';
import type { ChatClient, ChatEvent, ChatSession } from '../../domain/chat/chat-session.js';
import type { ChatAction } from '../../domain/chat/chat-transitions.js';
import { ConflictError } from '../../domain/errors.js';
import { readBoolean } from '../../domain/option-values.js';
import type { Operation, RequestContext } from '../../http/handler-factory.js';
import { logger } from '../../observability.js';
import type { Deps } from '../../composition/full.js';
import { act, requireChat } from '../../use-cases/chat/chat-actions.js';
import { cancelCallback } from './callback-access.js';
import { mergeData } from '../../domain/data-record.js';

/** Query string, then the body (form, multipart or JSON scalars) over it. */
const parameters = (req: RequestContext) => mergeData(req.query, req.body.fields);

const verboseOf = (req: RequestContext, p: Record<string, string>) =>
  readBoolean('_verbose', p._verbose, false) ? { origin: req.origin } : undefined;

/**
 * The chat response of a request: the events after the caller's `transcriptPosition` when it sent
 * one, else just the event the request created. A request on an ended chat changes nothing and
 * answers DISCONNECTED, or 400 when the service asks for it.
 */
async function answer(
  deps: Deps,
  req: RequestContext,
  p: Record<string, string>,
  session: ChatSession,
  created: ChatEvent | undefined,
): Promise<ChatResponse> {
  if (session.state === 'DISCONNECTED' && !created && session.disconnected400) {
    throw new ChatDisconnectedError(session.id);
  }
  const after = readTranscriptPosition(p.transcriptPosition);
  const verbose = verboseOf(req, p);
  if (after !== undefined) {
    return chatResponse(session, await deps.chats.events(session.id, after), after, verbose);
  }
  return chatResponse(session, created ? [created] : [], session.last, verbose);
}

/** Runs the client's action on the chat (validating every parameter before anything is written). */
const clientAction =
  (action: (p: Record<string, string>) => ChatAction): Operation =>
  async (req, deps) => {
    const id = req.params.id!;
    const p = parameters(req);
    const chosen = action(p);
    readTranscriptPosition(p.transcriptPosition);
    verboseOf(req, p);
    await requireChat(deps, id);
    const result = await act(deps, id, 'client', chosen);
    return { json: await answer(deps, req, p, result.session, result.event) };
  };

/** request-chat: the chat's callback, created when the customer starts the chat. */
async function createChatCallback(deps: Deps, session: ChatSession, client: ChatClient): Promise<void> {
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
  // `version`: a concurrent start created it first, which is as good.
  if (!result.ok && result.reason !== 'version') {
    throw new Error(`Chat ${session.id}: its callback could not be created (${result.reason}).`);
  }
}

/**
 * `ixn/chat`: the customer joins. A request-chat chat is handed to the router now; a chat
 * callback was routed when it was created.
 */
const startChat: Operation = async (req, deps) => {
  const id = req.params.id!;
  const p = parameters(req);
  const client = readChatClient(p);
  const verbose = verboseOf(req, p);
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
  if (!result.event) return { json: await answer(deps, req, p, result.session, undefined) };
  deps.operationalMetrics.count('ChatsStarted', { service: session.service });
  if (session.routeOnStart) await deps.queue.send({ kind: 'route-callback', id });
  // GMS's CometD channel: the events arrive on `/_genesys` with tag `service.chat.refresh.<id>`.
  const started = { _id: id, comet_channel: GENESYS_CHANNEL };
  if (!verbose) return { json: started };
  return {
    json: { ...started, ...chatResponse(result.session, await deps.chats.events(id, 0), 0, verbose) },
  };
};

const refreshChat: Operation = async (req, deps) => {
  const id = req.params.id!;
  const p = parameters(req);
  const message = p.message !== undefined && p.message !== '' ? readMessage(p.message) : undefined;
  const after = readTranscriptPosition(p.transcriptPosition) ?? 0;
  const verbose = verboseOf(req, p);
  let session = await requireChat(deps, id);
  if (message !== undefined) {
    session = (await act(deps, id, 'client', { kind: 'message', text: message })).session;
  } else if (!session.client) {
    throw new ConflictError(`Chat ${id} has not been started: POST .../ixn/chat first.`);
  }
  if (session.state === 'DISCONNECTED' && session.disconnected400) throw new ChatDisconnectedError(id);
  return { json: chatResponse(session, await deps.chats.events(id, after), after, verbose) };
};

/**
 * The customer leaves: `Notice.Left` and the chat is DISCONNECTED. A chat callback not yet taken
 * by an agent is cancelled, so no agent is offered a chat nobody is in.
 */
const disconnectChat: Operation = async (req, deps) => {
  const response = await clientAction(() => ({ kind: 'leave' }))(req, deps);
  const id = req.params.id!;
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
};

export const chatOperations: Record<string, Operation> = {
  chatStart: startChat,
  chatSend: clientAction((p) => ({ kind: 'message', text: readMessage(p.message) })),
  chatRefresh: refreshChat,
  chatStartTyping: clientAction(() => ({ kind: 'typing', started: true })),
  chatStopTyping: clientAction(() => ({ kind: 'typing', started: false })),
  chatDisconnect: disconnectChat,
  chatCustomNotice: clientAction((p) => ({ kind: 'custom', text: readMessage(p.message) })),
};
