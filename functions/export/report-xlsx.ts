import ExcelJS from 'exceljs';
import type { ReportCell, ReportTable } from '../domain/reports/report-table.js';
import { columnHeading } from './report-chart.js';

const SHEET_NAME_MAX = 31;
const TITLE_ROW = 1;
const SUBTITLE_ROW = 2;
const HEADER_ROW = 3;
const MIN_WIDTH = 8;
const MAX_WIDTH = 50;

/**
 * A worksheet name Excel accepts: none of `: \ / ? * [ ]` nor control characters, no `'` at either
 * end, at most 31 characters (a surrogate pair is not cut in half), not empty and not `History`
 * (reserved by Excel, whatever the case).
 */
export function excelSheetName(title: string): string {
  const clean = (s: string): string =>
    s
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/^'+|'+$/g, '')
      .trim();
  // eslint-disable-next-line no-control-regex
  let name = clean(title.replace(/[\u0000-\u001f\u007f:\\/?*[\]]/g, ' '));
  if (name.length > SHEET_NAME_MAX) {
    name = name.slice(0, SHEET_NAME_MAX);
    if (/[\uD800-\uDBFF]$/.test(name)) name = name.slice(0, -1);
    name = clean(name);
  }
  if (name === '' || name.toLowerCase() === 'history') return 'Report';
  return name;
}

/**
 * What goes in a cell: numbers stay numbers (non-finite ones are left empty), text stays text with
 * its line breaks as LF, the one Excel uses in a cell (a CR would not survive anyway: XML readers
 * turn it into LF).
 */
function xlsxValue(cell: ReportCell | undefined): string | number | null {
  if (cell === undefined || cell === null) return null;
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : null;
  return cell.replace(/\r\n?/g, '\n');
}

/** A width in characters that fits the longest line of the header and of the column's values. */
function columnWidth(values: (string | number | null)[], heading: string): number {
  const longestLine = (s: string): number => Math.max(...s.split('\n').map((line) => line.length));
  let width = longestLine(heading) + 2; // the header is bold
  for (const value of values) if (value !== null) width = Math.max(width, longestLine(String(value)));
  return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, width + 2));
}

/**
 * The report as an Excel workbook: one worksheet named after the report, the title (row 1) and
 * subtitle (row 2), the bold header row (row 3, frozen with the rows above it, with a filter),
 * then one row per report row. Numbers are numbers; text, even text starting with `=`, is written
 * as a string cell, never as a formula.
 */
export async function reportXlsx(table: ReportTable): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.title = table.title;
  workbook.subject = table.subtitle;
  const sheet = workbook.addWorksheet(excelSheetName(table.title), {
    views: [{ state: 'frozen', xSplit: 0, ySplit: HEADER_ROW, topLeftCell: `A${HEADER_ROW + 1}` }],
  });

  const headings = table.columns.map(columnHeading);
  const body = table.rows.map((row) => table.columns.map((column) => xlsxValue(row[column.key])));

  sheet.getCell(TITLE_ROW, 1).value = table.title;
  sheet.getCell(TITLE_ROW, 1).font = { bold: true, size: 14 };
  sheet.getCell(SUBTITLE_ROW, 1).value = table.subtitle;
  sheet.getCell(SUBTITLE_ROW, 1).font = { italic: true, color: { argb: 'FF555555' } };

  const header = sheet.getRow(HEADER_ROW);
  headings.forEach((heading, c) => {
    const cell = header.getCell(c + 1);
    cell.value = heading;
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8E8E8' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  body.forEach((values, r) => {
    const row = sheet.getRow(HEADER_ROW + 1 + r);
    values.forEach((value, c) => {
      if (value !== null) row.getCell(c + 1).value = value;
    });
  });

  table.columns.forEach((_column, c) => {
    sheet.getColumn(c + 1).width = columnWidth(
      body.map((values) => values[c] ?? null),
      headings[c] ?? '',
    );
  });
  if (table.columns.length > 0) {
    sheet.autoFilter = {
      from: { row: HEADER_ROW, column: 1 },
      to: { row: HEADER_ROW, column: table.columns.length },
    };
  }

  return Buffer.from(await workbook.xlsx.writeBuffer());
}
