import { FIGURES } from './metric-events.js';
import { PERIOD_COLUMN, periodRows } from './report-period-rows.js';
import { rangeDescription, type ReportRange } from './report-range.js';
import type { ReportTable } from './report-table.js';
import { maxOf, sumOf, type PeriodFigures } from './rollup.js';

/**
 * Usage history of one resource group: allocations, exhaustion events, matches and timeouts per
 * period, and the sampled numbers in use (the most at any minute), available (the fewest) and in
 * the pool.
 */
export function resourceReport(group: string, range: ReportRange, periods: PeriodFigures[]): ReportTable {
  return {
    title: `Resources: ${group}`,
    subtitle: rangeDescription(range),
    columns: [
      PERIOD_COLUMN,
      { key: 'allocated', label: 'Allocated' },
      { key: 'exhausted', label: 'Exhausted' },
      { key: 'matched', label: 'Matched' },
      { key: 'timeouts', label: 'Timed out' },
      { key: 'inUse', label: 'In use (max)' },
      { key: 'available', label: 'Available (min)' },
      { key: 'total', label: 'Total' },
    ],
    rows: periodRows(range, (i) => {
      const p = periods[i]!;
      const available = p.minutes
        .filter((m) => m[FIGURES.total] !== undefined)
        .map((m) => m[FIGURES.total]! - (m[FIGURES.inUse] ?? 0));
      return {
        allocated: sumOf(p, FIGURES.allocated),
        exhausted: sumOf(p, FIGURES.exhausted),
        matched: sumOf(p, FIGURES.matched),
        timeouts: sumOf(p, FIGURES.timeouts),
        inUse: maxOf(p, FIGURES.inUse),
        available: available.length > 0 ? Math.min(...available) : null,
        total: maxOf(p, FIGURES.total),
      };
    }),
    chart: { kind: 'line', x: 'period', series: ['allocated', 'inUse', 'available', 'exhausted'] },
  };
}
