import { describe, expect, it } from 'vitest';
import { parseClientMessage } from '../../../../functions/domain/push/client-message.js';
import {
  AGENT_CHAT_OPS,
  agentChatProblem,
  GENESYS_CHANNEL,
  MAX_SUBSCRIPTIONS_PER_CONNECTION,
  notificationFrame,
  subscriptionRefusal,
} from '../../../../functions/domain/push/push-protocol.js';

describe('parseClientMessage', () => {
  it('reads subscribe, unsubscribe and ping', () => {
    expect(parseClientMessage('{"action":"subscribe","id":"369-90f3.ab_c~d"}')).toEqual({
      ok: true,
      command: { action: 'subscribe', id: '369-90f3.ab_c~d' },
    });
    expect(parseClientMessage('{"action":"unsubscribe","id":"abc"}')).toEqual({
      ok: true,
      command: { action: 'unsubscribe', id: 'abc' },
    });
    expect(parseClientMessage(' {"action":"ping","extra":1} ')).toEqual({
      ok: true,
      command: { action: 'ping' },
    });
  });

  it.each([
    [undefined, null, undefined, /Empty message/],
    ['   ', null, undefined, /Empty message/],
    ['not json', null, undefined, /not JSON/],
    ['[1,2]', null, undefined, /JSON object/],
    ['"subscribe"', null, undefined, /JSON object/],
    ['null', null, undefined, /JSON object/],
    ['{"id":"abc"}', null, 'action', /"action" is missing/],
    ['{"action":7}', null, 'action', /"action" is missing/],
    ['{"action":"subscribe"}', 'subscribe', 'id', /"id" .* is missing/],
    ['{"action":"subscribe","id":""}', 'subscribe', 'id', /"id" .* is missing/],
    ['{"action":"unsubscribe","id":42}', 'unsubscribe', 'id', /"id" .* is missing/],
    ['{"action":"subscribe","id":"a/b"}', 'subscribe', 'id', /must be a session id/],
    [`{"action":"subscribe","id":"${'x'.repeat(129)}"}`, 'subscribe', 'id', /must be a session id/],
    ['{"action":"publish","id":"abc"}', 'publish', 'action', /Unknown action "publish"/],
  ])('refuses %j with an error naming the member', (body, action, parameter, message) => {
    const result = parseClientMessage(body);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.type).toBe('error');
    expect(result.error.action).toBe(action);
    expect(result.error.parameter).toBe(parameter);
    expect(result.error.message).toMatch(message);
  });

  it('caps the echoed action of an unknown command', () => {
    const result = parseClientMessage(JSON.stringify({ action: 'z'.repeat(1000) }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.action).toHaveLength(64);
  });
});

describe('parseClientMessage: agent-chat', () => {
  const frame = {
    action: 'agent-chat',
    token: 't0k',
    agentId: 'a1',
    chatId: 'c1',
    op: 'send',
    message: 'hi',
  };

  it('reads the command; transcriptPosition as text, as the HTTP parameter is', () => {
    expect(parseClientMessage(JSON.stringify({ ...frame, transcriptPosition: 4, ref: 'r1' }))).toEqual({
      ok: true,
      command: { ...frame, transcriptPosition: '4', ref: 'r1' },
    });
    for (const op of AGENT_CHAT_OPS) {
      const out = parseClientMessage(JSON.stringify({ ...frame, op, message: undefined }));
      expect(out.ok && out.command).toEqual({
        ...frame,
        op,
        message: undefined,
        transcriptPosition: undefined,
      });
    }
  });

  it.each([
    [{ token: undefined }, 'token', 'unauthorized', 401],
    [{ token: '' }, 'token', 'unauthorized', 401],
    [{ op: 'shout' }, 'op', 'unknown-op', 400],
    [{ op: undefined }, 'op', 'invalid-parameter', 400],
    [{ agentId: 7 }, 'agentId', 'invalid-parameter', 400],
    [{ chatId: undefined }, 'chatId', 'invalid-parameter', 400],
    [{ message: 12 }, 'message', 'invalid-parameter', 400],
    [{ ref: 'r'.repeat(65) }, 'ref', 'invalid-parameter', 400],
  ])('refuses %j naming the member and the problem', (change, parameter, problem, code) => {
    const out = parseClientMessage(JSON.stringify({ ...frame, ref: 'r9', ...change }));
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.error).toMatchObject({ type: 'error', action: 'agent-chat', parameter, error: problem, code });
    if (parameter !== 'ref') expect(out.error.ref).toBe('r9');
  });

  it('maps the agent API statuses to problem words', () => {
    expect([400, 401, 403, 404, 409, 413, 503, 500].map(agentChatProblem)).toEqual([
      'invalid-parameter',
      'unauthorized',
      'forbidden',
      'not-found',
      'conflict',
      'too-large',
      'unavailable',
      'internal',
    ]);
  });
});

describe('notificationFrame', () => {
  it("wraps a notification in GMS's CometD channel shape", () => {
    expect(
      notificationFrame('n1', 'service.agentavailable.s1', { _action: 'ConnectCall', _id: 's1' }),
    ).toEqual({
      type: 'notification',
      channel: GENESYS_CHANNEL,
      data: { id: 'n1', tag: 'service.agentavailable.s1', message: { _action: 'ConnectCall', _id: 's1' } },
    });
    expect(GENESYS_CHANNEL).toBe('/_genesys');
  });
});

describe('subscriptionRefusal', () => {
  it('names the id and the problem in the error frame shape', () => {
    expect(subscriptionRefusal('subscribe', 's-404', 'not-found')).toEqual({
      type: 'error',
      action: 'subscribe',
      parameter: 'id',
      id: 's-404',
      error: 'not-found',
      message:
        "Session 's-404' does not exist or has expired: subscribe to the _id of a live service, callback or chat session.",
    });
    expect(subscriptionRefusal('subscribe', 's51', 'subscription-limit')).toMatchObject({
      id: 's51',
      error: 'subscription-limit',
      message: expect.stringContaining(`already holds ${MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions`),
    });
    expect(subscriptionRefusal('unsubscribe', 's1', 'busy')).toMatchObject({
      action: 'unsubscribe',
      error: 'busy',
      message: expect.stringContaining("send the unsubscribe for 's1' again"),
    });
    expect(subscriptionRefusal('subscribe', 's1', 'reconnect').message).toMatch(/reconnect/);
  });
});
