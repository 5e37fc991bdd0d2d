import type { EChartsOption } from 'echarts';
import type { ReportCell, ReportColumn, ReportTable } from '../domain/reports/report-table.js';

/**
 * The chart of a report as an Apache ECharts option. Plain data only (no functions, no class
 * instances): it survives `JSON.stringify`, so the web UI can draw the very same chart, and the
 * PDF export renders it server-side. Only a type is imported from echarts: this module costs nothing
 * to bundle. (A type, not an interface: ECharts' option type has an index signature.)
 */
export type ReportChartOption = {
  title: { text: string; subtext: string; left: 'center' };
  tooltip: { trigger: 'axis' };
  legend: { type: 'scroll'; top: number; data: string[] };
  grid: { left: number; right: number; top: number; bottom: number };
  xAxis: { type: 'category'; boundaryGap: boolean; data: string[] };
  yAxis: { type: 'value' };
  dataZoom: [{ type: 'inside'; xAxisIndex: 0 }, { type: 'slider'; xAxisIndex: 0; bottom: number }];
  series: ReportChartSeries[];
};

export interface ReportChartSeries {
  name: string;
  type: 'line' | 'bar';
  /** One value per row; null is a gap (a line is not drawn across it). */
  data: (number | null)[];
  connectNulls: false;
  showSymbol?: boolean;
}

/** A column's heading in every export: its label, then ` (unit)` when it has one. */
export function columnHeading(column: ReportColumn): string {
  return column.unit ? `${column.label} (${column.unit})` : column.label;
}

/** A finite number, or null for anything else (null, text, NaN, ±Infinity). */
function chartNumber(cell: ReportCell | undefined): number | null {
  return typeof cell === 'number' && Number.isFinite(cell) ? cell : null;
}

/** The text of a category (x) value; a missing one is an empty label. */
function categoryText(cell: ReportCell | undefined): string {
  if (cell === null || cell === undefined) return '';
  return typeof cell === 'number' ? String(cell) : cell;
}

function findColumn(table: ReportTable, key: string, role: string): ReportColumn {
  const column = table.columns.find((c) => c.key === key);
  if (!column) throw new Error(`Report '${table.title}': the chart ${role} '${key}' is not a column.`);
  return column;
}

export function reportChartOption(table: ReportTable): ReportChartOption {
  const { chart } = table;
  const xColumn = findColumn(table, chart.x, 'x column');
  const seriesColumns = chart.series.map((key) => findColumn(table, key, 'series'));
  const series = seriesColumns.map((column): ReportChartSeries => ({
    name: columnHeading(column),
    type: chart.kind,
    data: table.rows.map((row) => chartNumber(row[column.key])),
    connectNulls: false,
    // Dots on a line of many points are noise; a few points stay visible as dots.
    ...(chart.kind === 'line' ? { showSymbol: table.rows.length <= 48 } : {}),
  }));

  const option: ReportChartOption = {
    title: { text: table.title, subtext: table.subtitle, left: 'center' },
    tooltip: { trigger: 'axis' },
    legend: { type: 'scroll', top: 52, data: series.map((s) => s.name) },
    grid: { left: 56, right: 32, top: 96, bottom: 80 },
    xAxis: {
      type: 'category',
      boundaryGap: chart.kind === 'bar',
      data: table.rows.map((row) => categoryText(row[xColumn.key])),
    },
    yAxis: { type: 'value' },
    dataZoom: [
      { type: 'inside', xAxisIndex: 0 },
      { type: 'slider', xAxisIndex: 0, bottom: 16 },
    ],
    series,
  };
  return option satisfies EChartsOption;
}
