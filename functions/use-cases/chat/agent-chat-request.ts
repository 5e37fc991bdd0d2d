import type { CallbackRecord } from '../../domain/callback/callback-record.js';
import { readMessage, readTranscriptPosition } from '../../domain/chat/chat-input.js';
import { chatResponse, type ChatResponse } from '../../domain/chat/chat-response.js';
import type { ChatEvent, ChatSession } from '../../domain/chat/chat-session.js';
import type { ChatAction } from '../../domain/chat/chat-transitions.js';
import { ForbiddenError, NotFoundError } from '../../domain/errors.js';
import type { AgentChatOp } from '../../domain/push/push-protocol.js';
import { assertAgentId } from '../../domain/routing/agent.js';
import { completeWork, type AgentLifecyclePorts } from '../routing/agent-lifecycle.js';
import { act, agentParty, requireChat, type AgentChatPorts } from './chat-actions.js';

/** The agent's chat steps, and on disconnect the end of its work (as `complete`). */
export type AgentChatRequestPorts = AgentChatPorts & AgentLifecyclePorts;

/**
 * The chat as the agent may see it: only the agent the chat callback was routed to and accepted
 * (PROCESSING, or COMPLETED by it). An agent that accepted before its join was written (a crash
 * in between) joins now.
 */
async function agentChat(
  ports: AgentChatRequestPorts,
  agentId: string,
  id: string,
): Promise<{ record: CallbackRecord; session: ChatSession }> {
  assertAgentId(agentId);
  const record = await ports.callbacks.get(id);
  if (!record || record.scenario.mediaType !== 'chat') throw new NotFoundError(`No chat '${id}'.`);
  const accepted = record.state === 'PROCESSING' || record.state === 'COMPLETED';
  if (!accepted || record.agentId !== agentId) {
    throw new ForbiddenError(`Chat ${id} is not routed to agent ${agentId}.`);
  }
  let session = await requireChat(ports, id);
  if (record.state === 'PROCESSING' && session.state === 'CONNECTED' && session.agent?.id !== agentId) {
    session = (await act(ports, id, 'agent', { kind: 'join-agent', agent: await agentParty(ports, agentId) }))
      .session;
  }
  return { record, session };
}

/** Same rule as the customer's answers: events after `transcriptPosition` (one page), else the one created. */
async function answer(
  ports: AgentChatRequestPorts,
  after: number | undefined,
  session: ChatSession,
  created: ChatEvent | undefined,
): Promise<ChatResponse> {
  if (after !== undefined) return chatResponse(session, await ports.chats.events(session.id, after), after);
  return chatResponse(session, created ? [created] : [], session.last);
}

/** What an op writes; `read` writes nothing. Reads (and so validates) `message` first. */
function actionOf(op: AgentChatOp, p: Record<string, string>): ChatAction | undefined {
  switch (op) {
    case 'read':
      return undefined;
    case 'send':
      return { kind: 'message', text: readMessage(p.message) };
    case 'startTyping':
      return { kind: 'typing', started: true };
    case 'stopTyping':
      return { kind: 'typing', started: false };
    case 'disconnect':
      return { kind: 'leave' };
  }
}

/**
 * One agent chat request, however it arrived (the agent API over HTTP, or an `agent-chat` frame
 * on the WebSocket): `p` holds its `message` and `transcriptPosition` as the HTTP parameters do.
 * Every parameter is checked before anything is written.
 *
 * `disconnect`: the agent leaves (`Notice.Left`), the chat is DISCONNECTED and the callback
 * COMPLETED with AGENT_CONNECTED as `complete` does (the agent READY again).
 */
export async function agentChatRequest(
  ports: AgentChatRequestPorts,
  agentId: string,
  chatId: string,
  op: AgentChatOp,
  p: Record<string, string | undefined>,
): Promise<ChatResponse> {
  const fields = Object.fromEntries(
    Object.entries(p).filter((e): e is [string, string] => e[1] !== undefined),
  );
  const action = actionOf(op, fields);
  const after = readTranscriptPosition(fields.transcriptPosition);
  const { record, session } = await agentChat(ports, agentId, chatId);
  if (!action) return answer(ports, after ?? 0, session, undefined);
  const result = await act(ports, session.id, 'agent', action);
  if (op === 'disconnect' && record.state === 'PROCESSING') {
    const agent = await ports.routing.getAgent(agentId);
    if (agent?.callbackId === record.id) await completeWork(ports, agentId, 'READY');
  }
  return answer(ports, after, result.session, result.event);
}
