import { api } from '../../api';
import type { ChatResponse } from '../../chat-transcript';

/**
 * The built-in router's agent API (functions/routes/agent-routes.ts, agent-chat-routes.ts) as the
 * desk calls it, with the signed-in user's token: any Administrator or Supervisor may act for
 * any agent.
 */

export type AgentState = 'LOGGED_OUT' | 'NOT_READY' | 'READY' | 'RESERVED' | 'BUSY';
export type AgentPhase = 'offered' | 'awaiting-customer' | 'dialing' | 'retry-wait' | 'connected';

/** The held callback: its record fields and every stored property, all strings. */
export interface HeldCallback {
  _id: string;
  _service_name: string;
  _callback_state: string;
  _customer_number?: string;
  _desired_time: string;
  _media_type: string;
  _call_direction: string;
  [property: string]: string | undefined;
}

export interface Agent {
  id: string;
  name: string;
  state: AgentState;
  since: string;
  groups: string[];
  queues: string[];
  skills: Record<string, number>;
  handled: number;
  rejects: number;
  phase?: AgentPhase;
  dial_attempt?: number;
  callback?: HeldCallback;
}

export interface LoginInput {
  name?: string;
  groups?: string;
  queues?: string;
  skills?: string;
  ready?: boolean;
}

export type AgentAction = 'ready' | 'not-ready' | 'logout' | 'accept' | 'reject';

const agentPath = (id: string) => `/agents/${encodeURIComponent(id)}`;

export const getAgent = (id: string) => api<Agent>(agentPath(id));

export function loginAgent(id: string, input: LoginInput): Promise<Agent> {
  // Empty fields are left out: a re-login then keeps what the agent had.
  const body: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) if (v !== undefined && v !== '') body[k] = v;
  return api<Agent>(`${agentPath(id)}/login`, { method: 'POST', body });
}

export const agentAction = (id: string, action: AgentAction) =>
  api<Agent>(`${agentPath(id)}/${action}`, { method: 'POST', body: {} });

export const completeWork = (id: string, ready: boolean) =>
  api<Agent>(`${agentPath(id)}/complete`, { method: 'POST', body: { ready } });

const chatPath = (agentId: string, chatId: string) =>
  `${agentPath(agentId)}/chats/${encodeURIComponent(chatId)}`;

export const readChat = (agentId: string, chatId: string, transcriptPosition = 0) =>
  api<ChatResponse>(chatPath(agentId, chatId), { query: { transcriptPosition: String(transcriptPosition) } });

export type ChatOp = 'send' | 'startTyping' | 'stopTyping' | 'disconnect';

export const chatAction = (agentId: string, chatId: string, op: ChatOp, message?: string) =>
  api<ChatResponse>(`${chatPath(agentId, chatId)}/${op}`, {
    method: 'POST',
    body: message === undefined ? {} : { message },
  });

/** The record fields the desk shows by name; everything else is a property. */
export const RECORD_FIELDS = [
  '_id',
  '_service_name',
  '_callback_state',
  '_customer_number',
  '_desired_time',
  '_media_type',
  '_call_direction',
] as const;

export const PHASE_TEXT: Record<AgentPhase, string> = {
  offered: 'accept or reject it',
  'awaiting-customer': 'waiting for the customer to confirm or call',
  dialing: 'dialling the customer',
  'retry-wait': 'waiting for the next dial attempt',
  connected: 'talking to the customer',
};
