import type { CallbackScenario } from './callback-record.js';
import { isDelayed } from './callback-scenario.js';

/**
 * The dialogs GMS answers a callback create (and a delayed scenario's `connect`) with. Field names,
 * fixed values and default texts are those of the seed's sample responses; values are strings
 * there (even `_expiration_time`), so they are strings here.
 */
export const CONFIRMATION_TEXT = 'You will receive the call shortly';
export const DELAYED_TEXT = 'We will notify you when agent is available';
export const DIAL_LABEL = 'Connecting ...';
export const CHAT_LABEL = 'Start Chat';
/** What the sample app navigates to when the chat ends. */
export const CHAT_EXIT = 'exit://';

export interface ConfirmationDialog {
  _id: string;
  _action: 'ConfirmationDialog';
  _dialog_id: '0';
  _text: string;
  _ok_title: 'Ok';
}

export interface DialNumberDialog {
  _id: string;
  _action: 'DialNumber';
  _dialog_id: '0';
  _label: string;
  _access_number: string;
  _tel_url: string;
  _access_code: string;
  /** Seconds the access number stays reserved. */
  _expiration_time: string;
}

export interface StartChatDialog {
  _id: string;
  _action: 'StartChat';
  _dialog_id: '1';
  _label: string;
  _start_chat_url: string;
  _comet_url: string;
  _user_header: string;
  _id_to_jump_before: string;
  _chat_parameters: Record<string, string>;
}

/** Delayed scenarios: the customer is only told to wait; the seed's sample has no `_action`. */
export interface WaitDialog {
  _id: string;
  _text: string;
}

export type CallbackDialog = ConfirmationDialog | DialNumberDialog | StartChatDialog | WaitDialog;

export function confirmationDialog(id: string, text = CONFIRMATION_TEXT): ConfirmationDialog {
  return { _id: id, _action: 'ConfirmationDialog', _dialog_id: '0', _text: text, _ok_title: 'Ok' };
}

export function waitDialog(id: string): WaitDialog {
  return { _id: id, _text: DELAYED_TEXT };
}

export interface AccessInfo {
  accessNumber: string;
  /** Present only when the service provides codes (`_provide_code=true`). */
  accessCode?: string;
  expirationSeconds: number;
}

/**
 * `_tel_url` dials the access number; with a code, a `,` (a pause, which phone dialers send as
 * DTMF after the call connects) is followed by the code, so one tap both dials and identifies
 * the caller. The code is still returned in `_access_code` for apps that prompt for it.
 */
export function telUrl(access: Pick<AccessInfo, 'accessNumber' | 'accessCode'>): string {
  return `tel:${access.accessNumber}${access.accessCode ? `,${access.accessCode}` : ''}`;
}

export function dialNumberDialog(id: string, access: AccessInfo): DialNumberDialog {
  return {
    _id: id,
    _action: 'DialNumber',
    _dialog_id: '0',
    _label: DIAL_LABEL,
    _access_number: access.accessNumber,
    _tel_url: telUrl(access),
    _access_code: access.accessCode ?? 'n/a',
    _expiration_time: String(access.expirationSeconds),
  };
}

export interface ChatLinks {
  /** `https://host` the device reached; the chat URL is built on it. */
  origin: string;
  /** WebSocket URL of the push channel. */
  cometUrl: string;
  /** The device's `gms_user` header, echoed for the chat requests. */
  userHeader: string;
  subject?: string;
}

export function startChatDialog(id: string, links: ChatLinks): StartChatDialog {
  return {
    _id: id,
    _action: 'StartChat',
    _dialog_id: '1',
    _label: CHAT_LABEL,
    _start_chat_url: `${links.origin}/genesys/1/service/${encodeURIComponent(id)}/ixn/chat`,
    _comet_url: links.cometUrl,
    _user_header: links.userHeader,
    _id_to_jump_before: CHAT_EXIT,
    _chat_parameters: { subject: links.subject?.trim() || 'None' },
  };
}

/** What the create request answers, by scenario. */
export type CreateAnswer =
  { kind: 'confirmation' } | { kind: 'wait' } | { kind: 'dial-number' } | { kind: 'start-chat' };

/**
 * Which dialog a create answers with. User-terminated voice always confirms (immediate, delayed
 * or scheduled: the contact center calls); the other delayed scenarios wait for the agent-available
 * push; user-originated immediate gives the number to dial; chat immediate the chat to start.
 */
export function createAnswer(scenario: CallbackScenario): CreateAnswer {
  if (scenario.mediaType === 'voice' && scenario.direction === 'USERTERMINATED') {
    return { kind: 'confirmation' };
  }
  if (isDelayed(scenario)) return { kind: 'wait' };
  return scenario.mediaType === 'chat' ? { kind: 'start-chat' } : { kind: 'dial-number' };
}

/** Which dialog `connect` answers with (delayed scenarios, once the agent is available). */
export function connectAnswer(scenario: CallbackScenario): CreateAnswer {
  if (scenario.mediaType === 'chat') return { kind: 'start-chat' };
  return scenario.direction === 'USERORIGINATED' ? { kind: 'dial-number' } : { kind: 'confirmation' };
}
