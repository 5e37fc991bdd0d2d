import { FIGURES } from './metric-events.js';
import { PERIOD_COLUMN, periodRows } from './report-period-rows.js';
import { rangeDescription, type ReportRange } from './report-range.js';
import type { ReportTable } from './report-table.js';
import { sumOf, type PeriodFigures } from './rollup.js';

/** Accesses of each service per period, and their total. */
export function serviceReport(
  range: ReportRange,
  services: { name: string; periods: PeriodFigures[] }[],
): ReportTable {
  const columns = services.map((s, i) => ({ key: `s${i}`, label: s.name }));
  return {
    title: 'Services: accesses',
    subtitle: rangeDescription(range),
    columns: [PERIOD_COLUMN, ...columns, { key: 'total', label: 'Total' }],
    rows: periodRows(range, (index) => {
      const cells: Record<string, number> = {};
      let total = 0;
      services.forEach((s, i) => {
        const n = sumOf(s.periods[index]!, FIGURES.accesses);
        cells[`s${i}`] = n;
        total += n;
      });
      return { ...cells, total };
    }),
    chart: { kind: 'bar', x: 'period', series: columns.map((c) => c.key) },
  };
}
