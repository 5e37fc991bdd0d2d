import * as z from '../zod.js';
import { AGENT_CHAT_OPS, type AgentChatProblem, type ProtocolError } from './push-protocol.js';

/**
 * What a device sends over the push WebSocket (see docs/push.md), parsed: `subscribe`,
 * `unsubscribe`, `ping` and `agent-chat` frames. The frames the server sends and the protocol's
 * constants are in push-protocol.ts, which carries no schema (the push path sends frames
 * without loading zod).
 */

/** Session ids are opaque, URL-safe strings; the limit keeps a subscription key small. */
const SESSION_ID = /^[A-Za-z0-9._~-]{1,128}$/;

/**
 * `{"action":"agent-chat","token":"<bearer token of POST admin/login>","agentId","chatId","op",
 * "message"?,"transcriptPosition"?,"ref"?}`. `message` and `transcriptPosition` are checked by the
 * chat code exactly as the HTTP parameters are; `ref` is echoed in the answer so a desktop can tell
 * its answers apart.
 */
const agentChatFrame = z.object({
  action: z.literal('agent-chat'),
  token: z.string().check(z.minLength(1, 'is missing'), z.maxLength(512)),
  agentId: z.string().check(z.minLength(1, 'is missing'), z.maxLength(64)),
  chatId: z.string().check(z.minLength(1, 'is missing'), z.maxLength(128)),
  op: z.enum(AGENT_CHAT_OPS),
  message: z.optional(z.string()),
  transcriptPosition: z.pipe(
    z.optional(z.union([z.number(), z.string()])),
    z.transform((v) => (v === undefined ? undefined : String(v))),
  ),
  ref: z.optional(z.string().check(z.maxLength(64))),
});

export type AgentChatCommand = z.output<typeof agentChatFrame>;

export type ClientCommand =
  | { action: 'subscribe'; id: string }
  | { action: 'unsubscribe'; id: string }
  | { action: 'ping' }
  | AgentChatCommand;

export type ParseResult = { ok: true; command: ClientCommand } | { ok: false; error: ProtocolError };

const fail = (action: string | null, message: string, parameter?: string): ParseResult => ({
  ok: false,
  error: { type: 'error', action, message, ...(parameter ? { parameter } : {}) },
});

/** Parses one text frame from a device. Never throws: bad frames get an error answer. */
export function parseClientMessage(body: string | undefined): ParseResult {
  if (body === undefined || body.trim() === '') return fail(null, 'Empty message: send a JSON object.');
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return fail(null, 'The message is not JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(null, 'The message must be a JSON object with an "action".');
  }
  const { action, id } = value as Record<string, unknown>;
  if (typeof action !== 'string') {
    return fail(null, '"action" is missing: use subscribe, unsubscribe, ping or agent-chat.', 'action');
  }
  switch (action) {
    case 'ping':
      return { ok: true, command: { action } };
    case 'subscribe':
    case 'unsubscribe':
      if (typeof id !== 'string' || id === '') {
        return fail(action, `"id" (the session id to ${action}) is missing.`, 'id');
      }
      if (!SESSION_ID.test(id)) {
        return fail(
          action,
          '"id" must be a session id: 1 to 128 letters, digits, ".", "_", "~" or "-".',
          'id',
        );
      }
      return { ok: true, command: { action, id } };
    case 'agent-chat':
      return parseAgentChat(value as Record<string, unknown>);
    default:
      return fail(
        action.slice(0, 64),
        `Unknown action "${action.slice(0, 64)}": use subscribe, unsubscribe, ping or agent-chat.`,
        'action',
      );
  }
}

/** An `agent-chat` frame; an error names the member at fault and, for `op`, the ops there are. */
function parseAgentChat(value: Record<string, unknown>): ParseResult {
  const out = agentChatFrame.safeParse(value);
  if (out.success) return { ok: true, command: out.data };
  const issue = out.error.issues[0]!;
  const parameter = String(issue.path[0] ?? 'action');
  const echo = (k: string) => (typeof value[k] === 'string' ? (value[k] as string).slice(0, 128) : undefined);
  const op = echo('op')?.slice(0, 64);
  const unknownOp = parameter === 'op' && value.op !== undefined;
  const problem: AgentChatProblem =
    parameter === 'token' ? 'unauthorized' : unknownOp ? 'unknown-op' : 'invalid-parameter';
  const message = unknownOp
    ? `Unknown op "${op ?? String(value.op)}": use ${AGENT_CHAT_OPS.join(', ')}.`
    : `"${parameter}" ${value[parameter] === undefined ? 'is missing' : `is invalid: ${issue.message}`}.`;
  const ref = echo('ref')?.slice(0, 64);
  const chatId = echo('chatId');
  return {
    ok: false,
    error: {
      type: 'error',
      action: 'agent-chat',
      parameter,
      message,
      error: problem,
      code: problem === 'unauthorized' ? 401 : 400,
      ...(op !== undefined ? { op } : {}),
      ...(chatId !== undefined ? { chatId } : {}),
      ...(ref !== undefined ? { ref } : {}),
    },
  };
}
