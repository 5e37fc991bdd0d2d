import { describe, expect, it } from 'vitest';
import {
  parseBatch,
  parseMessage,
  type BayeuxMessage,
} from '../../../../functions/domain/bayeux/bayeux-message.js';
import { genesysMessage, isBayeuxFrame } from '../../../../functions/domain/bayeux/bayeux-protocol.js';
import {
  DEFAULT_BAYEUX_TIMING,
  step,
  type BayeuxClient,
  type StepContext,
} from '../../../../functions/domain/bayeux/bayeux-server.js';

const timing = { holdMs: 2000, intervalMs: 1000, websocketIntervalMs: 30_000, clientIdleMs: 600_000 };
const ctx = (over: Partial<StepContext> = {}): StepContext => ({
  now: 1_000_000,
  transport: 'long-polling',
  newClientId: () => 'c-new',
  timing,
  ...over,
});
const client: BayeuxClient = { id: 'c1', gmsUser: 'u1', subscriptions: [], expiresAt: 2_000_000 };

const parsed = (raw: unknown): BayeuxMessage => {
  const p = parseMessage(raw);
  if (!p.ok) throw new Error(`not parsed: ${JSON.stringify(p.reply)}`);
  return p.message;
};
const handshake = (extra: Record<string, unknown> = {}) =>
  parsed({
    channel: '/meta/handshake',
    id: '1',
    version: '1.0',
    supportedConnectionTypes: ['websocket', 'long-polling'],
    ...extra,
  });

describe('Bayeux messages', () => {
  it.each([
    [42, '400::Message is not a JSON object'],
    [[], '400::Message is not a JSON object'],
    [{ id: '3' }, '400::Missing channel'],
    [{ channel: '/meta/nope', id: '4' }, '400::Unknown meta channel /meta/nope'],
    [{ channel: '/meta/handshake', id: '5' }, '400::Invalid version: '],
    [{ channel: '/meta/connect', id: '6', clientId: 'c1' }, '400::Invalid connectionType: '],
    [{ channel: '/meta/subscribe', id: '7', clientId: 'c1' }, '400::Invalid subscription: '],
    [
      { channel: '/meta/subscribe', id: '8', clientId: 'c1', subscription: 'no-slash' },
      '400::Invalid subscription: ',
    ],
    [{ channel: 'not a channel', id: '9' }, '400::Invalid channel: '],
  ])('%j answers an error reply starting %s', (raw, error) => {
    const p = parseMessage(raw);
    expect(p.ok).toBe(false);
    if (p.ok) return;
    expect(p.reply.successful).toBe(false);
    expect(p.reply.error!.startsWith(error)).toBe(true);
    // The reply echoes what identifies the message, so the client can match it.
    const echoed = raw as Record<string, unknown>;
    if (typeof echoed === 'object' && echoed !== null && !Array.isArray(echoed) && 'id' in echoed) {
      expect(p.reply.id).toBe(echoed.id);
    }
  });

  it('batches: an array, or one object; not a string, not empty, not huge', () => {
    expect(parseBatch([{ channel: '/a' }])).toEqual({ ok: true, messages: [{ channel: '/a' }] });
    expect(parseBatch({ channel: '/a' })).toEqual({ ok: true, messages: [{ channel: '/a' }] });
    expect(parseBatch('x')).toMatchObject({ ok: false, reply: { successful: false } });
    expect(parseBatch([])).toMatchObject({ ok: false, reply: { error: '400::Empty message array' } });
    expect(parseBatch(Array.from({ length: 51 }, () => ({})))).toMatchObject({ ok: false });
  });

  it('tells Bayeux frames (arrays) from the WebSocket protocol (objects)', () => {
    expect(isBayeuxFrame(' [{"channel":"/meta/handshake"}]')).toBe(true);
    expect(isBayeuxFrame('{"action":"ping"}')).toBe(false);
    expect(isBayeuxFrame(undefined)).toBe(false);
  });

  it('delivers GMS notifications on /_genesys as {id, tag, message}', () => {
    expect(genesysMessage('n1', 'service.agentavailable.s1', { _action: 'ConnectCall' })).toEqual({
      channel: '/_genesys',
      data: { id: 'n1', tag: 'service.agentavailable.s1', message: { _action: 'ConnectCall' } },
    });
  });
});

describe('Bayeux state machine', () => {
  it('handshake creates a client with the request gms_user, advertises both transports, advises the hold', () => {
    const s = step(handshake(), undefined, ctx({ gmsUser: 'u1' }));
    expect(s).toEqual({
      kind: 'create',
      client: { id: 'c-new', gmsUser: 'u1', subscriptions: [], expiresAt: 1_000_000 + 600_000 },
      reply: {
        channel: '/meta/handshake',
        id: '1',
        version: '1.0',
        supportedConnectionTypes: ['websocket', 'long-polling'],
        clientId: 'c-new',
        successful: true,
        advice: { reconnect: 'retry', interval: 0, timeout: 2000 },
      },
    });
  });

  it('handshake takes gms_user from ext when the transport gave none (browsers over WebSocket)', () => {
    const s = step(handshake({ ext: { gms_user: 'u2' } }), undefined, ctx({ transport: 'websocket' }));
    expect(s).toMatchObject({ kind: 'create', client: { gmsUser: 'u2' } });
    const header = step(handshake({ ext: { gms_user: 'u2' } }), undefined, ctx({ gmsUser: 'u1' }));
    expect(header).toMatchObject({ kind: 'create', client: { gmsUser: 'u1' } });
  });

  it('handshake refuses a Bayeux version 2 and clients without a transport we serve', () => {
    expect(step(handshake({ version: '2.0' }), undefined, ctx())).toMatchObject({
      kind: 'reply',
      reply: { successful: false, error: '400::Unsupported version 2.0' },
    });
    const s = step(handshake({ supportedConnectionTypes: ['callback-polling'] }), undefined, ctx());
    expect(s).toMatchObject({ kind: 'reply', reply: { successful: false } });
    expect((s as { reply: { error: string } }).reply.error).toMatch(/^400::No supported connection type/);
  });

  it('every other message for an unknown client answers 402 with advice to handshake', () => {
    for (const raw of [
      { channel: '/meta/connect', id: '2', clientId: 'gone', connectionType: 'long-polling' },
      { channel: '/meta/subscribe', id: '2', clientId: 'gone', subscription: '/_genesys' },
      { channel: '/meta/unsubscribe', id: '2', clientId: 'gone', subscription: '/_genesys' },
      { channel: '/meta/disconnect', id: '2', clientId: 'gone' },
      { channel: '/service/x', id: '2', clientId: 'gone', data: {} },
      { channel: '/meta/connect', id: '2', connectionType: 'long-polling' },
    ]) {
      expect(step(parsed(raw), undefined, ctx())).toEqual({
        kind: 'reply',
        reply: {
          channel: raw.channel,
          id: '2',
          ...(raw.clientId ? { clientId: raw.clientId } : {}),
          successful: false,
          error: '402::Unknown client',
          advice: { reconnect: 'handshake', interval: 0 },
        },
      });
    }
  });

  it('long-polling connect holds unless the client asks timeout 0; WebSocket connect answers at once', () => {
    const connect = (advice?: object) =>
      parsed({ channel: '/meta/connect', id: '3', clientId: 'c1', connectionType: 'long-polling', advice });
    expect(step(connect(), client, ctx())).toEqual({
      kind: 'connect',
      clientId: 'c1',
      expiresAt: 1_600_000,
      hold: true,
      reply: {
        channel: '/meta/connect',
        id: '3',
        clientId: 'c1',
        successful: true,
        advice: { reconnect: 'retry', interval: 1000, timeout: 2000 },
      },
    });
    expect(step(connect({ timeout: 0 }), client, ctx())).toMatchObject({ kind: 'connect', hold: false });
    expect(step(connect(), client, ctx({ transport: 'websocket' }))).toMatchObject({
      kind: 'connect',
      hold: false,
      reply: { advice: { reconnect: 'retry', interval: 30_000, timeout: 0 } },
    });
    const other = parsed({ channel: '/meta/connect', clientId: 'c1', connectionType: 'callback-polling' });
    expect(step(other, client, ctx())).toMatchObject({
      kind: 'reply',
      reply: { successful: false, error: '400::Unsupported connection type callback-polling' },
    });
  });

  it('subscribe: /_genesys only (one or a list); anything else is denied with 403', () => {
    const sub = (subscription: unknown) =>
      step(parsed({ channel: '/meta/subscribe', id: '4', clientId: 'c1', subscription }), client, ctx());
    expect(sub('/_genesys')).toEqual({
      kind: 'subscribe',
      clientId: 'c1',
      channels: ['/_genesys'],
      reply: {
        channel: '/meta/subscribe',
        id: '4',
        clientId: 'c1',
        successful: true,
        subscription: '/_genesys',
      },
    });
    expect(sub(['/_genesys'])).toMatchObject({ kind: 'subscribe', channels: ['/_genesys'] });
    for (const denied of ['/other', '/**', ['/_genesys', '/meta/connect']]) {
      const s = sub(denied);
      expect(s.kind).toBe('reply');
      expect((s as { reply: { error: string } }).reply.error).toMatch(/^403::Subscription denied/);
    }
  });

  it('unsubscribe and disconnect succeed for a known client; publishing is denied (no service channel is served)', () => {
    expect(
      step(
        parsed({ channel: '/meta/unsubscribe', clientId: 'c1', subscription: '/_genesys' }),
        client,
        ctx(),
      ),
    ).toMatchObject({ kind: 'unsubscribe', channels: ['/_genesys'], reply: { successful: true } });
    expect(step(parsed({ channel: '/meta/disconnect', clientId: 'c1' }), client, ctx())).toMatchObject({
      kind: 'disconnect',
      clientId: 'c1',
      reply: { successful: true },
    });
    expect(step(parsed({ channel: '/_genesys', id: '9', clientId: 'c1', data: 'x' }), client, ctx())).toEqual(
      {
        kind: 'reply',
        reply: {
          channel: '/_genesys',
          id: '9',
          clientId: 'c1',
          successful: false,
          error: '403::Publish denied: /_genesys',
        },
      },
    );
  });

  it('the defaults keep long-polling holds to a few seconds', () => {
    expect(DEFAULT_BAYEUX_TIMING.holdMs).toBeLessThanOrEqual(5000);
  });
});
