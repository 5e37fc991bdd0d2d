import type { CallbackRecord } from '../../domain/callback/callback-record.js';
import { isVisible } from '../../domain/callback/callback-view.js';
import { chatResponse } from '../../domain/chat/chat-response.js';
import type { ChatEvent, ChatParty, ChatSession } from '../../domain/chat/chat-session.js';
import { decide, type ChatAction, type ChatActor } from '../../domain/chat/chat-transitions.js';
import { NotFoundError } from '../../domain/errors.js';
import { readBoolean } from '../../domain/option-values.js';
import { logger } from '../../observability.js';
import type { Ports } from '../../ports/index.js';

/** Finds (or starts) the chat of a chat callback. */
export type FindChatPorts = Pick<Ports, 'chats' | 'callbacks' | 'config' | 'clock'>;
/** Sends a chat event to the WebSocket subscribers and the customer's device. */
export type PushChatEventPorts = Pick<Ports, 'push' | 'deviceChannels' | 'ids'>;
/** Appends a chat action and pushes its event. */
export type ChatActPorts = Pick<Ports, 'chats' | 'clock'> & PushChatEventPorts;
/** What the agent's chat steps need: find the chat, act in it, name the agent. */
export type AgentChatPorts = FindChatPorts & ChatActPorts & Pick<Ports, 'routing'>;

/** The WebSocket tag of chat events, also the `comet_channel` the start answers. */
export const chatTag = (id: string) => `service.chat.refresh.${id}`;

/** `_chat_400_response_on_disconnected` of a service; a malformed value must not break the chat. */
export function disconnected400(service: string, options: Record<string, string>): boolean {
  try {
    return readBoolean(
      '_chat_400_response_on_disconnected',
      options._chat_400_response_on_disconnected,
      false,
    );
  } catch (e) {
    logger.warn('Invalid _chat_400_response_on_disconnected; using false', { service, error: e as Error });
    return false;
  }
}

/** The header of a chat callback's chat (Chat-Immediate / Chat-Delayed): routed at callback create. */
async function headerFor(
  deps: Pick<Ports, 'config'>,
  record: CallbackRecord,
  now: number,
): Promise<ChatSession> {
  const options = (await deps.config.get('service', record.service))?.options ?? {};
  return {
    id: record.id,
    service: record.service,
    state: 'CONNECTED',
    last: 0,
    routeOnStart: false,
    disconnected400: disconnected400(record.service, options),
    userData: {},
    createdAt: now,
    expiresAt: record.expiresAt,
  };
}

/**
 * The chat of `id`: its header, or, for a chat callback that has none yet (the customer or the
 * agent comes first, whichever it is), a new one. Undefined when there is no such chat.
 */
export async function findChat(deps: FindChatPorts, id: string): Promise<ChatSession | undefined> {
  const now = deps.clock.now();
  const existing = await deps.chats.get(id);
  if (existing) return existing.expiresAt > now ? existing : undefined;
  const record = await deps.callbacks.get(id);
  if (!record || record.scenario.mediaType !== 'chat' || !isVisible(record, now)) return undefined;
  await deps.chats.create(await headerFor(deps, record, now));
  return deps.chats.get(id);
}

export async function requireChat(deps: FindChatPorts, id: string): Promise<ChatSession> {
  const session = await findChat(deps, id);
  if (!session) throw new NotFoundError(`No chat '${id}'.`);
  return session;
}

/**
 * Sends each event to the WebSocket subscribers of the chat, as the chat response holding just
 * that event. A failed push does not fail the request: the event is committed and `refresh`
 * returns it.
 */
export async function pushEvent(
  deps: PushChatEventPorts,
  session: ChatSession,
  event: ChatEvent,
): Promise<void> {
  try {
    await deps.push.broadcast(session.id, {
      tag: chatTag(session.id),
      message: chatResponse(session, [event], event.position - 1),
    });
  } catch (e) {
    logger.warn('Chat event push failed', {
      chatId: session.id,
      position: event.position,
      error: e as Error,
    });
  }
  await pushToDevice(deps, session, event);
}

/**
 * `notify_by=push_notification`: the event also goes to the customer's device through its native
 * channel. Nothing is kept for poll when it is not delivered: the transcript keeps every event.
 */
async function pushToDevice(deps: PushChatEventPorts, session: ChatSession, event: ChatEvent): Promise<void> {
  const device = session.client?.push;
  const channel = device && deps.deviceChannels[device.type];
  if (!device || !channel) return;
  try {
    const outcome = await channel.deliver(device, {
      id: deps.ids.id(),
      tag: chatTag(session.id),
      message: chatResponse(session, [event], event.position - 1),
    });
    if (outcome !== 'delivered')
      logger.info('Chat event not pushed to the device', { chatId: session.id, outcome });
  } catch (e) {
    logger.warn('Chat event native push failed', {
      chatId: session.id,
      position: event.position,
      error: e as Error,
    });
  }
}

/** Appends what `action` does (at most one event), then pushes it. */
export async function act(
  deps: ChatActPorts,
  id: string,
  actor: ChatActor,
  action: ChatAction,
): Promise<{ session: ChatSession; event?: ChatEvent }> {
  const now = deps.clock.now();
  const result = await deps.chats.append(id, (s) => decide(s, actor, action, now));
  if (!result) throw new NotFoundError(`No chat '${id}'.`);
  if (result.event) await pushEvent(deps, result.session, result.event);
  return result;
}

/** The agent as a chat party: nickname = the agent's name. */
export async function agentParty(deps: Pick<Ports, 'routing'>, agentId: string): Promise<ChatParty> {
  const agent = await deps.routing.getAgent(agentId);
  return { id: agentId, type: 'AGENT', nickname: agent?.name ?? agentId };
}

/** On accept of a chat callback: the agent joins (once). Never fails the accept. */
export async function agentJoinsChat(
  deps: AgentChatPorts,
  callbackId: string,
  agentId: string,
): Promise<void> {
  try {
    const session = await findChat(deps, callbackId);
    if (!session) return;
    await act(deps, callbackId, 'agent', { kind: 'join-agent', agent: await agentParty(deps, agentId) });
  } catch (e) {
    logger.error('Agent could not join the chat', { callbackId, agentId, error: e as Error });
  }
}

/**
 * The agent ends the conversation (`complete`, or `disconnect` on the chat): `Notice.Left` and
 * the chat is DISCONNECTED, if it still runs.
 */
export async function agentLeavesChat(
  deps: AgentChatPorts,
  callbackId: string,
  agentId: string,
): Promise<void> {
  const session = await deps.chats.get(callbackId);
  if (!session || session.state === 'DISCONNECTED') return;
  if (session.agent?.id !== agentId) {
    await act(deps, callbackId, 'agent', { kind: 'join-agent', agent: await agentParty(deps, agentId) });
  }
  await act(deps, callbackId, 'agent', { kind: 'leave' });
}
