import { InvalidParameterError } from '../errors.js';
import { readBoolean } from '../option-values.js';
import type { CallDirection, CallbackScenario, MediaType } from './callback-record.js';

/** The seed's scenario names (the callback template's presets), plus scheduled user-terminated. */
export type ScenarioName =
  | 'User-Originated-Immediate'
  | 'User-Originated-Delayed'
  | 'User-Terminated-Immediate'
  | 'User-Terminated-Delayed'
  | 'Chat-Immediate'
  | 'Chat-Delayed';

function readMediaType(value: string | undefined): MediaType {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '' || v === 'voice') return 'voice';
  if (v === 'chat') return 'chat';
  throw new InvalidParameterError(
    '_media_type',
    `Option '_media_type' must be voice or chat, not '${value}'.`,
  );
}

function readDirection(value: string | undefined): CallDirection {
  const v = (value ?? '').trim().toUpperCase();
  if (v === '' || v === 'USERTERMINATED') return 'USERTERMINATED';
  if (v === 'USERORIGINATED') return 'USERORIGINATED';
  throw new InvalidParameterError(
    '_call_direction',
    `Option '_call_direction' must be USERORIGINATED or USERTERMINATED, not '${value}'.`,
  );
}

/**
 * The scenario of a callback from its effective options. Defaults are the template's: voice,
 * user-terminated, no waiting. A customer confirmation only makes sense once an agent is known to
 * be available, so `_wait_for_user_confirm=true` without `_wait_for_agent=true` is refused rather
 * than silently ignored.
 */
export function readScenario(options: Record<string, string | undefined>): CallbackScenario {
  const mediaType = readMediaType(options._media_type);
  const direction = readDirection(options._call_direction);
  const waitForAgent = readBoolean('_wait_for_agent', options._wait_for_agent, false);
  const waitForUserConfirm = readBoolean('_wait_for_user_confirm', options._wait_for_user_confirm, false);
  if (waitForUserConfirm && !waitForAgent) {
    throw new InvalidParameterError(
      '_wait_for_user_confirm',
      "Option '_wait_for_user_confirm=true' needs '_wait_for_agent=true': the customer confirms when an agent is available.",
    );
  }
  return { mediaType, direction, waitForAgent, waitForUserConfirm };
}

/** Delayed scenarios tell the customer when an agent is available and wait for `connect`. */
export const isDelayed = (s: CallbackScenario) => s.waitForAgent;

export function scenarioName(s: CallbackScenario): ScenarioName {
  const timing = isDelayed(s) ? 'Delayed' : 'Immediate';
  if (s.mediaType === 'chat') return `Chat-${timing}`;
  return s.direction === 'USERORIGINATED' ? `User-Originated-${timing}` : `User-Terminated-${timing}`;
}
