/** The range parameters every report route takes (docs/reports.md, "Roll-up on read"). */

export const PRESETS = [
  { id: 'today', label: 'Today' },
  { id: 'yesterday', label: 'Yesterday' },
  { id: 'last-week', label: 'Last week (7 days)' },
  { id: 'last-month', label: 'Last month (30 days)' },
  { id: 'custom', label: 'Custom range' },
] as const;
export type Preset = (typeof PRESETS)[number]['id'];

export const INTERVALS = [
  { id: '15m', label: '15 minutes' },
  { id: '30m', label: '30 minutes' },
  { id: '1h', label: 'Hour' },
  { id: '1d', label: 'Day' },
  { id: 'all', label: 'Whole range' },
] as const;
export type Interval = (typeof INTERVALS)[number]['id'];

export interface ReportRange {
  preset: Preset;
  /** `datetime-local` values: wall-clock times the server reads in `timezone`. */
  start: string;
  end: string;
  interval: Interval;
}

/** The viewer's zone: periods follow their calendar (days, DST), not UTC's. */
export const viewerZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

export type Query = Record<string, string | string[] | undefined>;

/** The query of a range, or why it cannot be asked for yet. */
export function rangeQuery(r: ReportRange): Query | { problem: string } {
  const q: Query = { range: r.preset, interval: r.interval, timezone: viewerZone() };
  if (r.preset !== 'custom') return q;
  if (!r.start) return { problem: 'Enter the start of the custom range.' };
  if (r.end && r.end <= r.start) return { problem: 'The end of the custom range must be after its start.' };
  return { ...q, start: r.start, end: r.end || undefined };
}
