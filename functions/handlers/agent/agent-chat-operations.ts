import type { CallbackRecord } from '../../domain/callback/callback-record.js';
import { readMessage, readTranscriptPosition } from '../../domain/chat/chat-input.js';
import { chatResponse } from '../../domain/chat/chat-response.js';
import type { ChatEvent, ChatSession } from '../../domain/chat/chat-session.js';
import type { ChatAction } from '../../domain/chat/chat-transitions.js';
import { ForbiddenError, NotFoundError } from '../../domain/errors.js';
import { assertAgentId } from '../../domain/routing/agent.js';
import type { Operation, RequestContext } from '../../http/handler-factory.js';
import { json } from '../../http/http-result.js';
import type { Deps } from '../../wiring.js';
import { act, agentParty, requireChat } from '../chat/chat-actions.js';
import { completeWork } from '../routing/agent-lifecycle.js';

const parameters = (req: RequestContext) => ({ ...req.query, ...req.body.fields });

/**
 * The chat as the path's agent may see it: only the agent the chat callback was routed to and
 * accepted (PROCESSING, or COMPLETED by it). An agent that accepted before its join was written
 * (a crash in between) joins now.
 */
async function agentChat(
  deps: Deps,
  req: RequestContext,
): Promise<{ agentId: string; record: CallbackRecord; session: ChatSession }> {
  const agentId = req.params.agentId!;
  const id = req.params.id!;
  assertAgentId(agentId);
  const record = await deps.callbacks.get(id);
  if (!record || record.scenario.mediaType !== 'chat') throw new NotFoundError(`No chat '${id}'.`);
  const accepted = record.state === 'PROCESSING' || record.state === 'COMPLETED';
  if (!accepted || record.agentId !== agentId) {
    throw new ForbiddenError(`Chat ${id} is not routed to agent ${agentId}.`);
  }
  let session = await requireChat(deps, id);
  if (record.state === 'PROCESSING' && session.state === 'CONNECTED' && session.agent?.id !== agentId) {
    session = (await act(deps, id, 'agent', { kind: 'join-agent', agent: await agentParty(deps, agentId) }))
      .session;
  }
  return { agentId, record, session };
}

/** Same rule as the customer's answers: events after `transcriptPosition`, else the one created. */
async function answer(
  deps: Deps,
  p: Record<string, string>,
  session: ChatSession,
  created: ChatEvent | undefined,
  whole = false,
) {
  const after = readTranscriptPosition(p.transcriptPosition) ?? (whole ? 0 : undefined);
  if (after !== undefined) return chatResponse(session, await deps.chats.events(session.id, after), after);
  return chatResponse(session, created ? [created] : [], session.last);
}

const agentAction =
  (action: (p: Record<string, string>) => ChatAction): Operation =>
  async (req, deps) => {
    const p = parameters(req);
    const chosen = action(p);
    readTranscriptPosition(p.transcriptPosition);
    const { session: current } = await agentChat(deps, req);
    const result = await act(deps, current.id, 'agent', chosen);
    return json(await answer(deps, p, result.session, result.event));
  };

export const agentChatOperations: Record<string, Operation> = {
  agentChatRead: async (req, deps) => {
    const p = parameters(req);
    readTranscriptPosition(p.transcriptPosition);
    const { session } = await agentChat(deps, req);
    return json(await answer(deps, p, session, undefined, true));
  },
  agentChatSend: agentAction((p) => ({ kind: 'message', text: readMessage(p.message) })),
  agentChatStartTyping: agentAction(() => ({ kind: 'typing', started: true })),
  agentChatStopTyping: agentAction(() => ({ kind: 'typing', started: false })),
  /**
   * The agent leaves: `Notice.Left`, the chat DISCONNECTED, and the callback COMPLETED with
   * AGENT_CONNECTED as `complete` does (the agent READY again).
   */
  agentChatDisconnect: async (req, deps) => {
    const p = parameters(req);
    readTranscriptPosition(p.transcriptPosition);
    const { agentId, record, session } = await agentChat(deps, req);
    const result = await act(deps, session.id, 'agent', { kind: 'leave' });
    if (record.state === 'PROCESSING') {
      const agent = await deps.routing.getAgent(agentId);
      if (agent?.callbackId === record.id) await completeWork(deps, agentId, 'READY');
    }
    return json(await answer(deps, p, result.session, result.event));
  },
};
