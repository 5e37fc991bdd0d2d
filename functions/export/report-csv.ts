import { stringify } from 'csv-stringify/sync';
import type { ReportCell, ReportTable } from '../domain/reports/report-table.js';
import { columnHeading } from './report-chart.js';

/** A number stays a number (csv-stringify never treats it as a formula); null and non-finite are empty. */
function csvField(cell: ReportCell | undefined): string | number | null {
  if (cell === undefined || cell === null) return null;
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : null;
  return cell;
}

/**
 * The report as CSV (RFC 4180): a header row of the column headings, then one record per row,
 * CRLF between records. A field holding a comma, a quote or a line break is quoted, quotes doubled.
 * A text field starting with `=`, `+`, `-`, `@`, tab or CR (or their full-width forms) is prefixed
 * with `'`, so a spreadsheet does not run it as a formula; numbers, negative ones included, are
 * written as they are. No byte order mark: the caller adds one if a consumer wants it.
 */
export function reportCsv(table: ReportTable): string {
  const records: (string | number | null)[][] = [
    table.columns.map(columnHeading),
    ...table.rows.map((row) => table.columns.map((column) => csvField(row[column.key]))),
  ];
  return stringify(records, {
    record_delimiter: 'windows',
    // Given a record_delimiter, csv-stringify quotes only fields holding that exact sequence unless told
    // otherwise: a lone `\n` or `\r` in a value must be quoted too, or a reader splits the record there.
    quote_record_delimiter: true,
    escape_formulas: true,
  });
}
