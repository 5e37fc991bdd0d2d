import type { ReportCell } from './report-table.js';
import { periodLabel, type Period, type ReportRange } from './report-range.js';

export const PERIOD_COLUMN = { key: 'period', label: 'Period' } as const;

/** One row per period of the range: its label, then what `cells` computes for the i-th period. */
export function periodRows(
  range: ReportRange,
  cells: (index: number, period: Period) => Record<string, ReportCell>,
): Record<string, ReportCell>[] {
  return range.periods.map((p, i) => ({
    period: periodLabel(p.start, range.timezone, range.interval),
    ...cells(i, p),
  }));
}

/** `sum / count` rounded to one decimal, null without samples. */
export function average(sum: number, count: number): number | null {
  return count > 0 ? Math.round((sum / count) * 10) / 10 : null;
}
