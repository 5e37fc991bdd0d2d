import * as z from '../zod.js';
import { requestChatTemplate } from '../templates/request-chat-template.js';
import { effectiveParameters, type GmsRequest } from './effective-parameters.js';
import {
  gmsBoolean,
  gmsInteger,
  gmsText,
  parseGmsParameters,
  requiredDefault,
  templateDefault,
} from './gms-parameter.js';

const t = requestChatTemplate;

const schema = z.pipe(
  z.object({
    _ttl: gmsInteger('_ttl', { min: 1, max: 30 * 86_400 }, requiredDefault(t, '_ttl')),
    _target: gmsText(),
    _urs_virtual_queue: gmsText(),
    _chat_400_response_on_disconnected: gmsBoolean(
      '_chat_400_response_on_disconnected',
      templateDefault(t, '_chat_400_response_on_disconnected'),
    ),
  }),
  z.transform((p) => ({
    ttlSeconds: p._ttl,
    target: p._target,
    virtualQueue: p._urs_virtual_queue,
    disconnected400: p._chat_400_response_on_disconnected,
  })),
);

/** A request-chat call's parameters, read once: coerced, with the template's defaults. */
export interface RequestChatParameters {
  /** How long the chat and its transcript are kept. */
  ttlSeconds: number;
  target: string | undefined;
  virtualQueue: string | undefined;
  disconnected400: boolean;
}

export function parseRequestChat(request: GmsRequest): RequestChatParameters {
  return parseGmsParameters(schema, effectiveParameters(request));
}
