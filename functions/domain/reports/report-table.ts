/**
 * A report as a table: what every export format (JSON, CSV, XLSX, PDF) and the UI's chart are
 * made from, so the formats cannot disagree about the figures.
 */
export interface ReportColumn {
  key: string;
  label: string;
  /** Shown after the label in exports, e.g. `s` for seconds. */
  unit?: string;
}

export type ReportCell = string | number | null;

export interface ReportChart {
  kind: 'line' | 'bar';
  /** The column holding the x value (the period start). */
  x: string;
  /** The columns drawn as series, in order. */
  series: string[];
}

export interface ReportTable {
  /** e.g. `Callback watermark (QUEUED): cb1`. */
  title: string;
  /** e.g. `2026-12-01 00:00 to 2026-12-02 00:00 (Europe/Paris), per 15 minutes`. */
  subtitle: string;
  columns: ReportColumn[];
  /** One object per row, keyed by column key; a missing figure is null. */
  rows: Record<string, ReportCell>[];
  chart: ReportChart;
}
