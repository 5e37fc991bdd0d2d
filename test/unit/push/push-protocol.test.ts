import { describe, expect, it } from 'vitest';
import {
  GENESYS_CHANNEL,
  notificationFrame,
  parseClientMessage,
} from '../../../functions/domain/push/push-protocol.js';

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
