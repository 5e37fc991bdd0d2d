import { FIGURES } from './metric-events.js';
import { average, PERIOD_COLUMN, periodRows } from './report-period-rows.js';
import { rangeDescription, type ReportRange } from './report-range.js';
import type { ReportColumn, ReportTable } from './report-table.js';
import { sumOf, type PeriodFigures } from './rollup.js';

export interface PoolPeriods {
  group: string;
  periods: PeriodFigures[];
}

/** DNIS availability by pool, now: what each resource group holds, uses and has free. */
export function availabilityReport(
  at: string,
  pools: { group: string; total: number; inUse: number }[],
): ReportTable {
  return {
    title: 'Operational metrics: DNIS availability by pool',
    subtitle: `Live, at ${at}`,
    columns: [
      { key: 'pool', label: 'Pool' },
      { key: 'total', label: 'Total' },
      { key: 'inUse', label: 'In use' },
      { key: 'available', label: 'Available' },
    ],
    rows: pools.map((p) => ({ pool: p.group, total: p.total, inUse: p.inUse, available: p.total - p.inUse })),
    chart: { kind: 'bar', x: 'pool', series: ['available', 'inUse'] },
  };
}

/** Average handle time by pool: seconds from allocation to match; timeouts do not count. */
export function ahtReport(range: ReportRange, pools: PoolPeriods[]): ReportTable {
  const columns: ReportColumn[] = pools.flatMap((p, i) => [
    { key: `aht${i}`, label: `${p.group} AHT`, unit: 's' },
    { key: `matched${i}`, label: `${p.group} matched` },
  ]);
  return {
    title: 'Operational metrics: average handle time by pool',
    subtitle: rangeDescription(range),
    columns: [PERIOD_COLUMN, ...columns],
    rows: periodRows(range, (index) => {
      const cells: Record<string, number | null> = {};
      pools.forEach((pool, i) => {
        const p = pool.periods[index]!;
        const matched = sumOf(p, FIGURES.matched);
        cells[`aht${i}`] = average(sumOf(p, FIGURES.heldSeconds), matched);
        cells[`matched${i}`] = matched;
      });
      return cells;
    }),
    chart: { kind: 'line', x: 'period', series: pools.map((_, i) => `aht${i}`) },
  };
}

/** Service exiting by pool: sessions ended by a match or by the lock timing out. */
export function serviceExitReport(range: ReportRange, pools: PoolPeriods[]): ReportTable {
  const columns: ReportColumn[] = pools.flatMap((p, i) => [
    { key: `matched${i}`, label: `${p.group} match` },
    { key: `timeouts${i}`, label: `${p.group} timeout` },
  ]);
  return {
    title: 'Operational metrics: service exiting by pool',
    subtitle: rangeDescription(range),
    columns: [PERIOD_COLUMN, ...columns],
    rows: periodRows(range, (index) => {
      const cells: Record<string, number> = {};
      pools.forEach((pool, i) => {
        const p = pool.periods[index]!;
        cells[`matched${i}`] = sumOf(p, FIGURES.matched);
        cells[`timeouts${i}`] = sumOf(p, FIGURES.timeouts);
      });
      return cells;
    }),
    chart: { kind: 'bar', x: 'period', series: columns.map((c) => c.key) },
  };
}
