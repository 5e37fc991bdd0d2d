import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { PDFParse } from 'pdf-parse';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReportCell, ReportTable } from '../../../functions/domain/reports/report-table.js';
import { reportChartOption } from '../../../functions/export/report-chart.js';
import { reportCsv } from '../../../functions/export/report-csv.js';
import { reportChartSvg, reportPdf } from '../../../functions/export/report-pdf.js';
import { excelSheetName, reportXlsx } from '../../../functions/export/report-xlsx.js';

const EVIL_FORMULA = '=HYPERLINK("x")';
const EVIL_QUOTING = 'a, "quoted"\nline';
/** Rows whose note is text a spreadsheet could run as a formula, with what the CSV must hold. */
const NOTES: Record<number, string> = {
  5: EVIL_FORMULA,
  6: EVIL_QUOTING,
  7: '+1',
  8: '-minus',
  9: '@SUM(A1)',
  10: '\tTab',
  11: 'plain, with comma',
  12: 'two\nlines',
  13: 'carriage\rreturn',
};
const INJECTION_START = /^[=+\-@\t\r]/;

function period(i: number): string {
  const minutes = i * 15;
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `2026-12-01 ${hh}:${mm}`;
}

/** 96 quarter hours of a day: integers, decimals, a negative figure, nulls and hostile text. */
function fixture(kind: 'line' | 'bar' = 'line', rowCount = 96): ReportTable {
  const rows: Record<string, ReportCell>[] = [];
  for (let i = 0; i < rowCount; i++) {
    rows.push({
      period: period(i),
      queued: i % 10 === 3 ? null : Math.round(20 + 15 * Math.sin(i / 8)),
      wait: i === 12 ? -2.5 : i % 7 === 0 ? null : Math.round((30 + i * 0.37) * 10) / 10,
      note: NOTES[i] ?? null,
    });
  }
  return {
    title: 'Callback watermark (QUEUED): cb1',
    subtitle: '2026-12-01 00:00 to 2026-12-02 00:00 (Europe/Paris), per 15 minutes',
    columns: [
      { key: 'period', label: 'Period' },
      { key: 'queued', label: 'Queued' },
      { key: 'wait', label: 'Waiting', unit: 's' },
      { key: 'note', label: 'Note' },
    ],
    rows,
    chart: { kind, x: 'period', series: ['queued', 'wait'] },
  };
}

const table = fixture();
const HEADINGS = ['Period', 'Queued', 'Waiting (s)', 'Note'];
const FIRST_PERIOD = '2026-12-01 00:00';
const LAST_PERIOD = '2026-12-01 23:45';

function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

describe('reportChartOption', () => {
  const option = reportChartOption(table);

  it('has one series per chart column, named by label and unit, with the column figures and null gaps', () => {
    expect(option.series.map((s) => s.name)).toEqual(['Queued', 'Waiting (s)']);
    expect(option.series.map((s) => s.type)).toEqual(['line', 'line']);
    expect(option.series[0]!.data).toEqual(table.rows.map((r) => r.queued));
    expect(option.series[1]!.data).toEqual(table.rows.map((r) => r.wait));
    expect(option.series[0]!.data[3]).toBeNull();
    expect(option.series[1]!.data[12]).toBe(-2.5);
    expect(option.series.every((s) => s.connectNulls === false)).toBe(true);
    expect(option.legend.data).toEqual(['Queued', 'Waiting (s)']);
  });

  it('puts the x column on a category axis, with title, axis tooltip and both kinds of data zoom', () => {
    expect(option.xAxis.type).toBe('category');
    expect(option.xAxis.data).toHaveLength(96);
    expect(option.xAxis.data[0]).toBe(FIRST_PERIOD);
    expect(option.xAxis.data[95]).toBe(LAST_PERIOD);
    expect(option.title).toMatchObject({ text: table.title, subtext: table.subtitle });
    expect(option.tooltip.trigger).toBe('axis');
    expect(option.dataZoom.map((z) => z.type)).toEqual(['inside', 'slider']);
  });

  it('is plain data: a JSON round trip changes nothing', () => {
    expect(JSON.parse(JSON.stringify(option))).toEqual(option);
  });

  it('follows chart.kind and rejects a chart column that does not exist', () => {
    const bar = reportChartOption(fixture('bar'));
    expect(bar.series.map((s) => s.type)).toEqual(['bar', 'bar']);
    expect(bar.xAxis.boundaryGap).toBe(true);
    const broken = { ...table, chart: { ...table.chart, series: ['queued', 'nope'] } };
    expect(() => reportChartOption(broken)).toThrow(/'nope' is not a column/);
  });
});

describe('reportCsv', () => {
  const csv = reportCsv(table);
  const records = parse(csv) as string[][];

  it('reads back as the table: header of labels (with unit), then every row, null as empty', () => {
    expect(records[0]).toEqual(HEADINGS);
    expect(records).toHaveLength(1 + table.rows.length);
    table.rows.forEach((row, i) => {
      const expected = table.columns.map(({ key }) => {
        const cell = row[key] ?? null;
        if (cell === null) return '';
        if (typeof cell === 'number') return String(cell);
        return INJECTION_START.test(cell) ? `'${cell}` : cell;
      });
      expect(records[i + 1], `row ${i}`).toEqual(expected);
    });
  });

  it('quotes per RFC 4180 (CRLF records) and prefixes text that would run as a formula', () => {
    expect(csv.startsWith('Period,Queued,Waiting (s),Note\r\n')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv).toContain('"a, ""quoted""\nline"');
    expect(records[7]![3]).toBe(EVIL_QUOTING);
    expect(records[6]![3]).toBe(`'${EVIL_FORMULA}`);
    expect(records.slice(8, 12).map((r) => r[3])).toEqual(["'+1", "'-minus", "'@SUM(A1)", "'\tTab"]);
    expect(records[12]![3]).toBe('plain, with comma');
    // A line break alone (no comma, no quote) must be quoted too.
    expect(csv).toContain('"two\nlines"');
    expect(csv).toContain('"carriage\rreturn"');
    // A negative number is a number, not a formula.
    expect(records[13]![2]).toBe('-2.5');
  });
});

describe('reportXlsx', () => {
  let sheet: ExcelJS.Worksheet;

  beforeAll(async () => {
    const workbook = new ExcelJS.Workbook();
    // exceljs types its argument as its own `Buffer extends ArrayBuffer`; a Node Buffer is what it reads.
    const xlsx = (await reportXlsx(table)) as unknown as Parameters<typeof workbook.xlsx.load>[0];
    await workbook.xlsx.load(xlsx);
    expect(workbook.worksheets).toHaveLength(1);
    sheet = workbook.worksheets[0]!;
  });

  it('has a sheet named after the report, the title and subtitle, then a bold frozen header', () => {
    expect(sheet.name).toBe('Callback watermark (QUEUED) cb1');
    expect(sheet.getCell('A1').value).toBe(table.title);
    expect(sheet.getCell('A2').value).toBe(table.subtitle);
    const header = sheet.getRow(3);
    expect(HEADINGS.map((_h, c) => header.getCell(c + 1).value)).toEqual(HEADINGS);
    expect(header.getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    for (let c = 1; c <= 4; c++) expect(sheet.getColumn(c).width).toBeGreaterThanOrEqual(8);
    expect(sheet.getColumn(1).width).toBeGreaterThanOrEqual(FIRST_PERIOD.length);
  });

  it('holds every row, numbers as numbers, nulls empty, hostile text as plain strings', () => {
    expect(sheet.rowCount).toBe(3 + table.rows.length);
    table.rows.forEach((row, i) => {
      const cells = sheet.getRow(4 + i);
      table.columns.forEach(({ key }, c) => {
        const cell = row[key] ?? null;
        // In a cell, a line break is LF (XML would turn a CR into one anyway).
        const expected = typeof cell === 'string' ? cell.replace(/\r\n?/g, '\n') : cell;
        expect(cells.getCell(c + 1).value ?? null, `row ${i} ${key}`).toStrictEqual(expected);
      });
    });
    expect(sheet.getCell('B4').type).toBe(ExcelJS.ValueType.Number);
    expect(sheet.getCell('C16').value).toBe(-2.5);
    expect(sheet.getCell('D9').value).toBe(EVIL_FORMULA);
    expect(sheet.getCell('D9').type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getCell('D10').value).toBe(EVIL_QUOTING);
    expect(sheet.getCell('D17').value).toBe('carriage\nreturn');
  });

  it('makes any title a valid sheet name', () => {
    expect(excelSheetName('a/b\\c?d*e[f]g:h')).toBe('a b c d e f g h');
    expect(excelSheetName("'quoted'")).toBe('quoted');
    expect(excelSheetName('x'.repeat(40))).toBe('x'.repeat(31));
    expect(excelSheetName(`${'y'.repeat(30)}😀z`)).toBe('y'.repeat(30));
    expect(excelSheetName(`${'w'.repeat(29)} 'long`)).toBe('w'.repeat(29));
    expect(excelSheetName('History')).toBe('Report');
    expect(excelSheetName(' :: ')).toBe('Report');
  });
});

describe('reportPdf', () => {
  let pdf: Buffer;
  let pages: string[];
  let text: string;

  beforeAll(async () => {
    pdf = await reportPdf(table);
    const parser = new PDFParse({ data: pdf });
    try {
      const result = await parser.getText();
      pages = result.pages.map((p) => p.text);
      text = result.text;
    } finally {
      await parser.destroy();
    }
  });

  /** The periods that start a table row on a page (chart axis labels come several to a line). */
  function rowPeriods(page: string): string[] {
    return page
      .split('\n')
      .filter((line) => (line.match(/\d{4}-\d\d-\d\d \d\d:\d\d/g) ?? []).length === 1)
      .map((line) => /^(\d{4}-\d\d-\d\d \d\d:\d\d)(?: |$)/.exec(line)?.[1])
      .filter((p): p is string => p !== undefined);
  }

  it('is a PDF whose text holds the title, subtitle, column headings and the first and last periods', () => {
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(text).toContain(table.title);
    expect(text).toContain(table.subtitle);
    for (const heading of HEADINGS) expect(text).toContain(heading);
    expect(text).toContain(FIRST_PERIOD);
    expect(text).toContain(LAST_PERIOD);
    expect(text).toContain(EVIL_FORMULA);
  });

  it('draws the chart with real text: its legend and axis labels are on page 1', () => {
    const first = pages[0]!;
    // Once in the legend, once in the table header.
    expect(count(first, 'Waiting (s)')).toBe(2);
    expect(first).toMatch(/^Queued Waiting \(s\)$/m);
    // The x axis: several periods on one line; the y axis: a tick label alone on its line.
    const axisLine = first.split('\n').find((line) => count(line, '2026-12-01 ') >= 3);
    expect(axisLine).toContain(FIRST_PERIOD);
    expect(first).toMatch(/^0$/m);
  });

  it('paginates the table: every row once, in order, the header on every page, no page overfull', () => {
    expect(pages.length).toBeGreaterThan(1);
    const perPage = pages.map(rowPeriods);
    expect(perPage.flat()).toEqual(table.rows.map((r) => r.period));
    pages.forEach((page, p) => {
      expect(page, `page ${p + 1}`).toMatch(/^Period Queued Waiting \(s\) Note$/m);
      expect(page, `page ${p + 1}`).toContain(`Page ${p + 1} of ${pages.length}`);
      // A4 landscape, 36 pt margins, 14 pt rows: at most 35 rows under the header.
      expect(perPage[p]!.length, `page ${p + 1}`).toBeLessThanOrEqual(35);
    });
    expect(perPage[0]!.length).toBeGreaterThan(0);
  });

  it('keeps going for a long table', async () => {
    const long = fixture('bar', 400);
    const parser = new PDFParse({ data: await reportPdf(long) });
    try {
      const result = await parser.getText();
      const periods = result.pages.map((p) => rowPeriods(p.text));
      expect(periods.flat()).toHaveLength(400);
      expect(periods.every((p) => p.length <= 35)).toBe(true);
      expect(result.total).toBeGreaterThanOrEqual(Math.ceil(400 / 35));
    } finally {
      await parser.destroy();
    }
  });
});

describe('reportChartSvg', () => {
  it('renders the chart as SVG with text elements, not images', () => {
    const svg = reportChartSvg(table, 770, 240);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toMatch(/<text[^>]*>Queued<\/text>/);
    expect(svg).toMatch(/<text[^>]*>Waiting \(s\)<\/text>/);
    expect(svg).toContain(`>${FIRST_PERIOD}</text>`);
    expect(svg).not.toContain('<image');
  });
});
