import type { ReportRange } from '../../domain/reports/report-range.js';
import type { ReportTable } from '../../domain/reports/report-table.js';

/** A report's table, and the range it covers when it covers one (a live report does not). */
export interface BuiltReport {
  table: ReportTable;
  range?: ReportRange;
}
