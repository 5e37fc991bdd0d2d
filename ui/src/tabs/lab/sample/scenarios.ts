/**
 * The contact scenarios of the seed's "Callback Scenarios", as the callback template's presets
 * define them. The sample is server-driven: the scenario only picks the service; what to show
 * next comes from the dialog the server answers.
 */
export const SCENARIOS = [
  'User-Originated-Immediate',
  'User-Originated-Delayed',
  'User-Terminated-Immediate',
  'User-Terminated-Delayed',
  'User-Terminated-Scheduled',
  'Chat-Immediate',
  'Chat-Delayed',
] as const;

export type ScenarioId = (typeof SCENARIOS)[number];

interface Signature {
  media: 'voice' | 'chat';
  direction?: 'USERORIGINATED' | 'USERTERMINATED';
  delayed: boolean;
}

const SIGNATURES: Record<ScenarioId, Signature> = {
  'User-Originated-Immediate': { media: 'voice', direction: 'USERORIGINATED', delayed: false },
  'User-Originated-Delayed': { media: 'voice', direction: 'USERORIGINATED', delayed: true },
  'User-Terminated-Immediate': { media: 'voice', direction: 'USERTERMINATED', delayed: false },
  'User-Terminated-Delayed': { media: 'voice', direction: 'USERTERMINATED', delayed: true },
  'User-Terminated-Scheduled': { media: 'voice', direction: 'USERTERMINATED', delayed: false },
  'Chat-Immediate': { media: 'chat', delayed: false },
  'Chat-Delayed': { media: 'chat', delayed: true },
};

export const SCENARIO_TEXT: Record<ScenarioId, string> = {
  'User-Originated-Immediate': 'You get a number to dial at once (DialNumber).',
  'User-Originated-Delayed':
    'You are notified when an agent is available, confirm, then get the number to dial.',
  'User-Terminated-Immediate': 'The contact centre calls you as soon as possible (ConfirmationDialog).',
  'User-Terminated-Delayed':
    'You are notified when an agent is available; once you confirm, the contact centre calls.',
  'User-Terminated-Scheduled': 'The contact centre calls you at the time you choose.',
  'Chat-Immediate': 'You get the chat URL at once (StartChat).',
  'Chat-Delayed': 'You are notified when an agent is available, confirm, then get the chat URL.',
};

export const isScheduled = (s: ScenarioId) => s === 'User-Terminated-Scheduled';

/** Whether a configured service plays `scenario`, judged by the options its preset sets. */
export function servesScenario(options: Record<string, string>, scenario: ScenarioId): boolean {
  if (options._service !== 'callback') return false;
  const sig = SIGNATURES[scenario];
  const media = (options._media_type ?? 'voice').toLowerCase();
  const delayed = (options._wait_for_agent ?? 'false').toLowerCase() === 'true';
  if (media !== sig.media || delayed !== sig.delayed) return false;
  if (!sig.direction) return true;
  return (options._call_direction ?? 'USERTERMINATED').toUpperCase() === sig.direction;
}
