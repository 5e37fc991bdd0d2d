import { mergeData } from '../../domain/data-record.js';
import type { AgentChatOp } from '../../domain/push/push-protocol.js';
import { operation } from '../../http/define-route.js';
import { json } from '../../http/http-result.js';
import type { RequestContext } from '../../http/request-context.js';
import {
  agentChatDisconnect,
  agentChatRead,
  agentChatSend,
  agentChatStartTyping,
  agentChatStopTyping,
} from '../../routes/agent-chat-routes.js';
import { agentChatRequest, type AgentChatRequestPorts } from '../../use-cases/chat/agent-chat-request.js';

/** Query string, then the body over it. */
const parameters = (req: RequestContext) => mergeData(req.query, req.body.fields);

type AgentChatRoute =
  | typeof agentChatRead
  | typeof agentChatSend
  | typeof agentChatStartTyping
  | typeof agentChatStopTyping
  | typeof agentChatDisconnect;

/** One agent chat route: its parameters (query and form fields, as GMS reads them) to the request. */
const http = (route: AgentChatRoute, op: AgentChatOp) =>
  operation(route, async ({ params }, ports: AgentChatRequestPorts, req) =>
    json(await agentChatRequest(ports, params.agentId, params.id, op, parameters(req))),
  );

/** The agent's side of a chat it accepted (the WebSocket's `agent-chat` frames run the same requests). */
export const agentChatOperations = [
  http(agentChatRead, 'read'),
  http(agentChatSend, 'send'),
  http(agentChatStartTyping, 'startTyping'),
  http(agentChatStopTyping, 'stopTyping'),
  http(agentChatDisconnect, 'disconnect'),
];
