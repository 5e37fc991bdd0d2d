import { CALLBACK_STATES, type MediaType } from '../callback/callback-record.js';
import { FIGURES } from './metric-events.js';
import { average, PERIOD_COLUMN, periodRows } from './report-period-rows.js';
import { rangeDescription, type ReportRange } from './report-range.js';
import type { ReportColumn, ReportTable } from './report-table.js';
import { gaugeOf, maxOf, sumOf, type PeriodFigures } from './rollup.js';

const REASON_PREFIX = FIGURES.reason('');

/**
 * Callbacks per period: how many entered each state, and how many completed with each reason
 * (only the reasons that occur in the range get a column).
 */
export function callbackReport(scope: string, range: ReportRange, periods: PeriodFigures[]): ReportTable {
  const reasons = new Set<string>();
  for (const p of periods) {
    for (const m of p.minutes) {
      for (const k of Object.keys(m))
        if (k.startsWith(REASON_PREFIX)) reasons.add(k.slice(REASON_PREFIX.length));
    }
  }
  const stateColumns: ReportColumn[] = CALLBACK_STATES.map((s) => ({ key: s, label: s }));
  const reasonColumns: ReportColumn[] = [...reasons]
    .sort()
    .map((r) => ({ key: `reason:${r}`, label: `COMPLETED (${r})` }));
  return {
    title: `Callback: states and reasons, ${scope}`,
    subtitle: rangeDescription(range),
    columns: [PERIOD_COLUMN, ...stateColumns, ...reasonColumns],
    rows: periodRows(range, (i) => {
      const p = periods[i]!;
      const cells: Record<string, number> = {};
      for (const s of CALLBACK_STATES) cells[s] = sumOf(p, FIGURES.entered(s));
      for (const r of reasons) cells[`reason:${r}`] = sumOf(p, FIGURES.reason(r));
      return cells;
    }),
    chart: { kind: 'line', x: 'period', series: [...CALLBACK_STATES] },
  };
}

/**
 * Hold time of one media type: how long customers waited from first QUEUED until an agent was
 * connected (count, average, longest), with the agents' handle time beside it.
 */
export function holdtimeReport(media: MediaType, range: ReportRange, periods: PeriodFigures[]): ReportTable {
  return {
    title: `Callback holdtime: ${media}`,
    subtitle: rangeDescription(range),
    columns: [
      PERIOD_COLUMN,
      { key: 'holds', label: 'Connected' },
      { key: 'avgHold', label: 'Average hold', unit: 's' },
      { key: 'maxHold', label: 'Longest hold', unit: 's' },
      { key: 'handled', label: 'Handled' },
      { key: 'avgHandle', label: 'Average handle', unit: 's' },
    ],
    rows: periodRows(range, (i) => {
      const p = periods[i]!;
      const holds = sumOf(p, FIGURES.holds);
      const handled = sumOf(p, FIGURES.handled);
      return {
        holds,
        avgHold: average(sumOf(p, FIGURES.holdSeconds), holds),
        maxHold: maxOf(p, FIGURES.holdMax),
        handled,
        avgHandle: average(sumOf(p, FIGURES.handleSeconds), handled),
      };
    }),
    chart: { kind: 'line', x: 'period', series: ['avgHold', 'maxHold'] },
  };
}

/**
 * Watermarks of QUEUED callbacks: MIN, MAX and AVG of the per-minute samples in each period (20
 * queued in one minute and none in the other 14 of a quarter hour: 0, 20 and 1).
 */
export function watermarkReport(scope: string, range: ReportRange, periods: PeriodFigures[]): ReportTable {
  return {
    title: `Callback watermark (QUEUED): ${scope}`,
    subtitle: rangeDescription(range),
    columns: [
      PERIOD_COLUMN,
      { key: 'min', label: 'MIN' },
      { key: 'max', label: 'MAX' },
      { key: 'avg', label: 'AVG' },
      { key: 'samples', label: 'Minutes sampled' },
    ],
    rows: periodRows(range, (i) => {
      const g = gaugeOf(periods[i]!, FIGURES.queued);
      return { min: g?.min ?? null, max: g?.max ?? null, avg: g?.avg ?? null, samples: g?.samples ?? 0 };
    }),
    chart: { kind: 'line', x: 'period', series: ['min', 'max', 'avg'] },
  };
}
