import { fromLocalInput } from './local-time';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** The server refuses more (`GET admin/callback/queues`): "one month" is 31 days. */
export const MAX_RANGE_DAYS = 31;

export const RANGE_PRESETS = [
  { id: 'past-day', label: 'Past day', days: -1 },
  { id: 'past-week', label: 'Past week', days: -7 },
  { id: 'past-month', label: 'Past 30 days', days: -30 },
  { id: 'next-day', label: 'Next day', days: 1 },
  { id: 'next-week', label: 'Next week', days: 7 },
  { id: 'next-month', label: 'Next 30 days', days: 30 },
] as const;
export type RangePresetId = (typeof RANGE_PRESETS)[number]['id'];

export interface RangeChoice {
  preset: RangePresetId;
  custom: boolean;
  /** `datetime-local` values, on the viewer's clock. */
  start: string;
  end: string;
}

export interface ResolvedRange {
  start_time: string;
  end_time: string;
}

/**
 * The range to ask for, computed now (so Refresh moves it along), or the reason it cannot be asked
 * for. The "next" presets reach a quarter hour back, as the server's default window does: a
 * callback created for "now" is a few seconds old by the time the table reloads.
 */
export function resolveRange(choice: RangeChoice, now = Date.now()): ResolvedRange | { problem: string } {
  if (!choice.custom) {
    const preset = RANGE_PRESETS.find((p) => p.id === choice.preset) ?? RANGE_PRESETS[3];
    const from = preset.days < 0 ? now + preset.days * DAY : now - 15 * MINUTE;
    const to = preset.days < 0 ? now : now + preset.days * DAY;
    return { start_time: new Date(from).toISOString(), end_time: new Date(to).toISOString() };
  }
  const start = fromLocalInput(choice.start);
  const end = fromLocalInput(choice.end);
  if (!start || !end) return { problem: 'Enter both the start and the end of the custom range.' };
  const span = Date.parse(end) - Date.parse(start);
  if (span < 0) return { problem: 'The end of the custom range is before its start.' };
  if (span > MAX_RANGE_DAYS * DAY) {
    return {
      problem: `A custom range may span at most one month (${MAX_RANGE_DAYS} days); this one spans ${Math.ceil(span / DAY)} days.`,
    };
  }
  return { start_time: start, end_time: end };
}
