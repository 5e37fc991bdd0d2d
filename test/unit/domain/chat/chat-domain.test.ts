import { describe, expect, it } from 'vitest';
import {
  ChatDisconnectedError,
  ChatMessageTooLargeError,
} from '../../../../functions/domain/chat/chat-errors.js';
import {
  MAX_MESSAGE_CHARS,
  readChatClient,
  readMessage,
  readTranscriptPosition,
} from '../../../../functions/domain/chat/chat-input.js';
import { chatResponse, chatTime } from '../../../../functions/domain/chat/chat-response.js';
import type { ChatEvent, ChatParty, ChatSession } from '../../../../functions/domain/chat/chat-session.js';
import { decide } from '../../../../functions/domain/chat/chat-transitions.js';
import { ConflictError, InvalidParameterError } from '../../../../functions/domain/errors.js';
import { mapError } from '../../../../functions/http/error-response.js';

const NOW = Date.parse('2026-11-23T12:00:00.000Z');
const client = readChatClient({ firstName: 'John', lastName: 'Harry' });
const agent: ChatParty = { id: 'a1', type: 'AGENT', nickname: 'Kristi' };

const session = (over: Partial<ChatSession> = {}): ChatSession => ({
  id: 'c1',
  service: 'request-chat',
  state: 'CONNECTED',
  last: 0,
  routeOnStart: true,
  disconnected400: false,
  userData: {},
  createdAt: NOW - 60_000,
  expiresAt: NOW + 3_600_000,
  ...over,
});

const started = session({ client, agent, startedAt: NOW - 1_000, last: 2 });

const event = (position: number, over: Partial<ChatEvent> = {}): ChatEvent => ({
  position,
  type: 'Message.Text',
  party: client,
  text: `m${position}`,
  at: NOW,
  ...over,
});

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('chat input', () => {
  it('message: kept verbatim (HTML too), refused when empty or blank, 413 over 4096 characters', () => {
    expect(readMessage('<b>hi</b> & <script>')).toBe('<b>hi</b> & <script>');
    expect(readMessage(' padded ')).toBe(' padded ');
    for (const empty of [undefined, '', '   ']) {
      const e = thrown(() => readMessage(empty));
      expect(e).toBeInstanceOf(InvalidParameterError);
      expect((e as InvalidParameterError).parameter).toBe('message');
    }
    expect(readMessage('x'.repeat(MAX_MESSAGE_CHARS))).toHaveLength(4096);
    // Characters, not UTF-16 units: 4096 emoji are allowed.
    expect(readMessage('😀'.repeat(MAX_MESSAGE_CHARS))).toHaveLength(8192);
    const big = thrown(() => readMessage('x'.repeat(MAX_MESSAGE_CHARS + 1)));
    expect(big).toBeInstanceOf(ChatMessageTooLargeError);
    expect(mapError(big)).toMatchObject({ status: 413, body: { code: 413, parameter: 'message' } });
  });

  it('transcriptPosition: a non-negative integer or absent', () => {
    expect(readTranscriptPosition(undefined)).toBeUndefined();
    expect(readTranscriptPosition('')).toBeUndefined();
    expect(readTranscriptPosition('0')).toBe(0);
    expect(readTranscriptPosition(' 17 ')).toBe(17);
    for (const bad of ['-1', '1.5', 'abc', '1e3', '99999999999999999999']) {
      const e = thrown(() => readTranscriptPosition(bad));
      expect((e as InvalidParameterError).parameter, bad).toBe('transcriptPosition');
    }
  });

  it('client: nickname from userDisplayName, else the names, else Customer; notify_by comet, push_notification (with its device), none or absent', () => {
    expect(readChatClient({ userDisplayName: 'JJ', firstName: 'John' })).toMatchObject({
      id: 'client',
      type: 'CLIENT',
      nickname: 'JJ',
      firstName: 'John',
    });
    expect(readChatClient({ lastName: 'Harry' }).nickname).toBe('Harry');
    expect(readChatClient({}).nickname).toBe('Customer');
    expect(readChatClient({ notify_by: 'comet', subject: 'Loans' })).toMatchObject({ subject: 'Loans' });
    expect(readChatClient({ notify_by: 'none' }).nickname).toBe('Customer');
    expect(readChatClient({ notify_by: 'NONE' }).nickname).toBe('Customer');
    expect(
      readChatClient({
        notify_by: 'push_notification',
        push_notification_deviceid: ' tok-1 ',
        push_notification_type: 'iOS',
        push_notification_debug: 'TRUE',
        push_notification_language: 'fr-FR',
      }).push,
    ).toEqual({ type: 'ios', deviceId: 'tok-1', properties: { debug: 'true', language: 'fr-FR' } });
    expect(readChatClient({ notify_by: 'comet', push_notification_deviceid: 'tok' }).push).toBeUndefined();
    for (const [fields, parameter] of [
      [{ push_notification_type: 'fcm' }, 'push_notification_deviceid'],
      [{ push_notification_deviceid: 'tok', push_notification_type: 'wns' }, 'push_notification_type'],
      [
        { push_notification_deviceid: 'tok', push_notification_type: 'gcm', push_notification_debug: 'yes' },
        'push_notification_debug',
      ],
    ] as const) {
      const e = thrown(() =>
        readChatClient({ notify_by: 'push_notification', ...fields }),
      ) as InvalidParameterError;
      expect(e.parameter).toBe(parameter);
    }
    for (const refused of ['sms', 'gcm']) {
      expect((thrown(() => readChatClient({ notify_by: refused })) as InvalidParameterError).parameter).toBe(
        'notify_by',
      );
    }
    expect(
      (thrown(() => readChatClient({ email: 'e'.repeat(257) })) as InvalidParameterError).parameter,
    ).toBe('email');
  });
});

describe('chat transitions', () => {
  it('the client joins once: Notice.Joined, started now; a second start is a conflict', () => {
    const t = decide(session(), 'client', { kind: 'join-client', client }, NOW)!;
    expect(t.event).toEqual({
      type: 'Notice.Joined',
      party: { id: 'client', type: 'CLIENT', nickname: 'John Harry' },
      text: 'has joined the session',
      at: NOW,
    });
    expect(t.change).toEqual({ client, startedAt: NOW });
    expect(
      thrown(() => decide(session({ client }), 'client', { kind: 'join-client', client }, NOW)),
    ).toBeInstanceOf(ConflictError);
  });

  it('the agent joins once; joining again writes nothing', () => {
    const t = decide(session({ client }), 'agent', { kind: 'join-agent', agent }, NOW)!;
    expect(t.event.party).toEqual(agent);
    expect(t.change).toEqual({ agent });
    expect(decide(started, 'agent', { kind: 'join-agent', agent }, NOW)).toBeUndefined();
  });

  it('messages, typing and custom notices carry the acting party; text verbatim', () => {
    expect(decide(started, 'client', { kind: 'message', text: '<i>x</i>' }, NOW)!.event).toMatchObject({
      type: 'Message.Text',
      text: '<i>x</i>',
      party: { id: 'client' },
    });
    expect(decide(started, 'agent', { kind: 'typing', started: true }, NOW)!.event).toMatchObject({
      type: 'Notice.TypingStarted',
      text: 'is typing',
      party: agent,
    });
    expect(decide(started, 'agent', { kind: 'typing', started: false }, NOW)!.event.type).toBe(
      'Notice.TypingStopped',
    );
    expect(decide(started, 'client', { kind: 'custom', text: 'geo' }, NOW)!.event).toMatchObject({
      type: 'Notice.Custom',
      text: 'geo',
    });
  });

  it('before the client started or the agent joined, their actions are conflicts', () => {
    expect(thrown(() => decide(session(), 'client', { kind: 'message', text: 'x' }, NOW))).toBeInstanceOf(
      ConflictError,
    );
    expect(thrown(() => decide(session({ client }), 'agent', { kind: 'leave' }, NOW))).toBeInstanceOf(
      ConflictError,
    );
  });

  it('leaving ends the chat; after that nothing changes', () => {
    const t = decide(started, 'client', { kind: 'leave' }, NOW)!;
    expect(t.event).toMatchObject({
      type: 'Notice.Left',
      text: 'has left the session',
      party: { type: 'CLIENT' },
    });
    expect(t.change).toEqual({ state: 'DISCONNECTED' });
    const ended = session({ ...started, state: 'DISCONNECTED' });
    for (const action of [
      { kind: 'message', text: 'x' },
      { kind: 'typing', started: true },
      { kind: 'custom', text: 'x' },
      { kind: 'leave' },
      { kind: 'join-agent', agent: { ...agent, id: 'a2' } },
    ] as const) {
      expect(decide(ended, 'client', action, NOW), action.kind).toBeUndefined();
    }
  });
});

describe('chat response', () => {
  it('the GMS shape: state, id, position of the last event, startedAt without milliseconds, 5-string lines', () => {
    const r = chatResponse(started, [event(3), event(4, { party: agent, text: 'hi' })], 2);
    expect(r).toEqual({
      chatIxnState: 'CONNECTED',
      chatSessionId: 'c1',
      transcriptPosition: 4,
      startedAt: '2026-11-23T11:59:59Z',
      transcriptToShow: [
        ['Message.Text', 'John Harry', 'm3', 'client', 'CLIENT'],
        ['Message.Text', 'Kristi', 'hi', 'a1', 'AGENT'],
      ],
      chatServiceMessage: 'Chat service is available',
    });
  });

  it('no events: the position given back; an ended chat is DISCONNECTED; startedAt falls back to creation', () => {
    const r = chatResponse(session({ state: 'DISCONNECTED' }), [], 7);
    expect(r).toMatchObject({ chatIxnState: 'DISCONNECTED', transcriptPosition: 7, transcriptToShow: [] });
    expect(r.startedAt).toBe(chatTime(NOW - 60_000));
    expect(chatTime(Date.parse('2026-01-02T03:04:05.678Z'))).toBe('2026-01-02T03:04:05Z');
  });

  it('verbose: the chat server fields and request URLs of this deployment', () => {
    const r = chatResponse(started, [], 2, { origin: 'https://gms.example.com' });
    expect(r).toMatchObject({
      userId: 'client',
      secureKey: 'c1',
      chatServerHost: 'gms.example.com',
      chatWebApiPort: '443',
      isTLSrequired: true,
      _chatIxnAPI_SEND_URL: 'https://gms.example.com/genesys/1/service/c1/ixn/chat/send',
      _chatIxnAPI_REFRESH_URL: 'https://gms.example.com/genesys/1/service/c1/ixn/chat/refresh',
      _chatIxnAPI_START_TYPING_URL: 'https://gms.example.com/genesys/1/service/c1/ixn/chat/startTyping',
      _chatIxnAPI_STOP_TYPING_URL: 'https://gms.example.com/genesys/1/service/c1/ixn/chat/stopTyping',
      _chatIxnAPI_DISCONNECT_URL: 'https://gms.example.com/genesys/1/service/c1/ixn/chat/disconnect',
      _chatIxnAPI_REFRESH_FROM_START_URL:
        'https://gms.example.com/genesys/1/service/c1/ixn/chat/refresh?transcriptPosition=0',
    });
    expect(chatResponse(started, [], 2, { origin: 'http://127.0.0.1:8080' })).toMatchObject({
      chatServerHost: '127.0.0.1',
      chatWebApiPort: '8080',
      isTLSrequired: false,
    });
  });

  it('an ended chat with _chat_400_response_on_disconnected maps to a 400 GMS error', () => {
    expect(mapError(new ChatDisconnectedError('c1'))).toMatchObject({
      status: 400,
      body: { code: 400, exception: expect.stringContaining('ChatSessionDisconnected') },
    });
  });
});
