import { describe, expect, it } from 'vitest';
import { readScenario, scenarioName } from '../../../../functions/domain/callback/callback-scenario.js';
import { InvalidParameterError } from '../../../../functions/domain/errors.js';
import { callbackTemplate } from '../../../../functions/domain/templates/callback-template.js';

function parameterOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof InvalidParameterError) return e.parameter;
    throw e;
  }
  return undefined;
}

describe('readScenario', () => {
  it('defaults to user-terminated immediate voice', () => {
    expect(readScenario({})).toEqual({
      mediaType: 'voice',
      direction: 'USERTERMINATED',
      waitForAgent: false,
      waitForUserConfirm: false,
    });
  });

  it('reads every preset of the callback template as the scenario it is named after', () => {
    for (const preset of callbackTemplate.presets ?? []) {
      const expected =
        preset.name === 'User-Terminated-Scheduled' ? 'User-Terminated-Immediate' : preset.name;
      expect(scenarioName(readScenario(preset.options))).toBe(expected);
    }
  });

  it('accepts values in any case', () => {
    expect(
      readScenario({ _media_type: 'CHAT', _call_direction: 'userOriginated', _wait_for_agent: 'TRUE' }),
    ).toEqual({
      mediaType: 'chat',
      direction: 'USERORIGINATED',
      waitForAgent: true,
      waitForUserConfirm: false,
    });
  });

  it('names the option that is malformed', () => {
    expect(parameterOf(() => readScenario({ _media_type: 'fax' }))).toBe('_media_type');
    expect(parameterOf(() => readScenario({ _call_direction: 'SIDEWAYS' }))).toBe('_call_direction');
    expect(parameterOf(() => readScenario({ _wait_for_agent: 'maybe' }))).toBe('_wait_for_agent');
    expect(parameterOf(() => readScenario({ _wait_for_user_confirm: '2' }))).toBe('_wait_for_user_confirm');
  });

  it('refuses a user confirmation without waiting for an agent', () => {
    expect(parameterOf(() => readScenario({ _wait_for_user_confirm: 'true' }))).toBe(
      '_wait_for_user_confirm',
    );
  });
});
