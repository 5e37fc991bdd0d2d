import { describe, expect, it } from 'vitest';
import type { CallbackScenario } from '../../../../functions/domain/callback/callback-record.js';
import {
  confirmationDialog,
  connectAnswer,
  createAnswer,
  dialNumberDialog,
  startChatDialog,
  telUrl,
  waitDialog,
} from '../../../../functions/domain/callback/callback-responses.js';

const voice = (direction: CallbackScenario['direction'], delayed: boolean): CallbackScenario => ({
  mediaType: 'voice',
  direction,
  waitForAgent: delayed,
  waitForUserConfirm: delayed,
});
const chat = (delayed: boolean): CallbackScenario => ({
  ...voice('USERTERMINATED', delayed),
  mediaType: 'chat',
});

describe('createAnswer / connectAnswer', () => {
  it('picks the dialog of each scenario', () => {
    expect(createAnswer(voice('USERTERMINATED', false)).kind).toBe('confirmation');
    expect(createAnswer(voice('USERTERMINATED', true)).kind).toBe('confirmation');
    expect(createAnswer(voice('USERORIGINATED', false)).kind).toBe('dial-number');
    expect(createAnswer(voice('USERORIGINATED', true)).kind).toBe('wait');
    expect(createAnswer(chat(false)).kind).toBe('start-chat');
    expect(createAnswer(chat(true)).kind).toBe('wait');
  });

  it('connect gives the delayed scenarios their next step', () => {
    expect(connectAnswer(voice('USERORIGINATED', true)).kind).toBe('dial-number');
    expect(connectAnswer(voice('USERTERMINATED', true)).kind).toBe('confirmation');
    // The call direction option means nothing for chat.
    expect(connectAnswer({ ...chat(true), direction: 'USERORIGINATED' }).kind).toBe('start-chat');
  });
});

describe('dialogs', () => {
  it('ConfirmationDialog has the seed fields and default text', () => {
    expect(confirmationDialog('cb-1')).toEqual({
      _id: 'cb-1',
      _action: 'ConfirmationDialog',
      _dialog_id: '0',
      _text: 'You will receive the call shortly',
      _ok_title: 'Ok',
    });
  });

  it('the delayed answer is only the id and the text, as in the seed sample', () => {
    expect(waitDialog('cb-2')).toEqual({ _id: 'cb-2', _text: 'We will notify you when agent is available' });
  });

  it('DialNumber without a code says n/a and dials the bare number', () => {
    expect(dialNumberDialog('cb-3', { accessNumber: '6504663204', expirationSeconds: 29 })).toEqual({
      _id: 'cb-3',
      _action: 'DialNumber',
      _dialog_id: '0',
      _label: 'Connecting ...',
      _access_number: '6504663204',
      _tel_url: 'tel:6504663204',
      _access_code: 'n/a',
      _expiration_time: '29',
    });
  });

  it('DialNumber with a code appends it after a pause in the tel URL', () => {
    const d = dialNumberDialog('cb-4', {
      accessNumber: '+18005550100',
      accessCode: '123456',
      expirationSeconds: 30,
    });
    expect(d._tel_url).toBe('tel:+18005550100,123456');
    expect(d._access_code).toBe('123456');
    expect(telUrl({ accessNumber: '5551000', accessCode: '' })).toBe('tel:5551000');
  });

  it('StartChat points at the session chat URL and the WebSocket', () => {
    expect(
      startChatDialog('a/b', {
        origin: 'https://gms.example.com',
        cometUrl: 'wss://ws.example.com/live',
        userHeader: 'user-7',
        subject: '  Billing ',
      }),
    ).toEqual({
      _id: 'a/b',
      _action: 'StartChat',
      _dialog_id: '1',
      _label: 'Start Chat',
      _start_chat_url: 'https://gms.example.com/genesys/1/service/a%2Fb/ixn/chat',
      _comet_url: 'wss://ws.example.com/live',
      _user_header: 'user-7',
      _id_to_jump_before: 'exit://',
      _chat_parameters: { subject: 'Billing' },
    });
    expect(startChatDialog('x', { origin: 'o', cometUrl: 'c', userHeader: '' })._chat_parameters).toEqual({
      subject: 'None',
    });
  });
});
