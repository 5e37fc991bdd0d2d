import type { ChatAction } from '../../domain/chat/chat-transitions.js';
import { mergeData } from '../../domain/data-record.js';
import { operation } from '../../http/define-route.js';
import { json } from '../../http/http-result.js';
import type { RequestContext } from '../../http/request-context.js';
import * as routes from '../../routes/chat-routes.js';
import {
  chatActions,
  chatClientAction,
  disconnectChat,
  refreshChat,
  startChat,
  type ChatRequest,
  type CustomerChatPorts,
  type DisconnectChatPorts,
  type StartChatPorts,
} from '../../use-cases/callback/customer-chat.js';

/** The chat and the request's parameters: query string, then the body (form, multipart or JSON) over it. */
const chatRequest = (id: string, req: RequestContext): ChatRequest => ({
  id,
  parameters: mergeData(req.query, req.body.fields),
  origin: req.origin,
});

const clientAction =
  (action: (p: Record<string, string>) => ChatAction) =>
  async ({ params }: { params: { id: string } }, ports: CustomerChatPorts, req: RequestContext) =>
    json(await chatClientAction(ports, chatRequest(params.id, req), action));

/** Chat API v1, the customer's side. */
export const customerChatOperations = [
  operation(routes.chatStart, async ({ params }, ports: StartChatPorts, req) =>
    json(await startChat(ports, chatRequest(params.id, req))),
  ),
  operation(routes.chatSend, clientAction(chatActions.send)),
  operation(routes.chatRefresh, async ({ params }, ports: CustomerChatPorts, req) =>
    json(await refreshChat(ports, chatRequest(params.id, req))),
  ),
  operation(routes.chatStartTyping, clientAction(chatActions.startTyping)),
  operation(routes.chatStopTyping, clientAction(chatActions.stopTyping)),
  operation(routes.chatDisconnect, async ({ params }, ports: DisconnectChatPorts, req) =>
    json(await disconnectChat(ports, chatRequest(params.id, req))),
  ),
  operation(routes.chatCustomNotice, clientAction(chatActions.customNotice)),
];
