import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
// The standalone build, not `pdfkit`: pdfkit's Node build reads the standard fonts' metrics (.afm)
// from files next to its module, which a bundled Lambda does not have. The standalone build has
// them inside; it runs in Node as well as in a browser. The types are pdfkit's (vendor-types.d.ts).
import PDFDocument from 'pdfkit/js/pdfkit.standalone.js';
import SVGtoPDF from 'svg-to-pdfkit';
import type { ReportCell, ReportColumn, ReportTable } from '../domain/reports/report-table.js';
import { columnHeading, reportChartOption } from './report-chart.js';

// Only what a static chart needs: no title (the page has it), tooltip or data zoom (nothing to hover or drag).
echarts.use([LineChart, BarChart, GridComponent, LegendComponent, SVGRenderer]);

type Doc = PDFKit.PDFDocument;

const MARGIN = 36;
const FONT = 'Helvetica';
const FONT_BOLD = 'Helvetica-Bold';
const TITLE_SIZE = 16;
const SUBTITLE_SIZE = 10;
const CHART_HEIGHT = 240;
const TABLE_FONT_SIZE = 8;
const ROW_HEIGHT = 14;
const CELL_PADDING = 4;
/** A text column wider than this is cut (with an ellipsis) rather than squeezing every other column. */
const MAX_NATURAL_WIDTH = 220;
const FOOTER_SIZE = 7;
const FOOTER_SPACE = 14;
const HEADER_FILL = '#e8e8e8';
const STRIPE_FILL = '#f5f5f5';
const TEXT_COLOR = '#000000';
const MUTED_COLOR = '#555555';

/**
 * The report's chart as an SVG string, drawn server-side by ECharts (SSR mode, no DOM, no
 * animation) from the same option the UI uses, minus what only makes sense on screen. Texts are
 * SVG `<text>` elements, so they stay text once drawn into the PDF.
 */
export function reportChartSvg(table: ReportTable, width: number, height: number): string {
  const base = reportChartOption(table);
  const legendRows = estimateLegendRows(base.legend.data, width);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({
      animation: false,
      legend: { type: 'plain', top: 0, left: 'center', data: base.legend.data },
      grid: { left: 8, right: 16, top: legendRows * 22 + 14, bottom: 4 },
      xAxis: base.xAxis,
      yAxis: base.yAxis,
      series: base.series,
    } satisfies echarts.EChartsCoreOption);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** How many lines ECharts' plain legend takes (icon 25 px, gap 10 px, about 7 px a character at 12 px). */
function estimateLegendRows(names: string[], width: number): number {
  let rows = 1;
  let used = 0;
  for (const name of names) {
    const item = 25 + 5 + name.length * 7 + 10;
    if (used > 0 && used + item > width) {
      rows++;
      used = 0;
    }
    used += item;
  }
  return rows;
}

function cellText(cell: ReportCell | undefined): string {
  if (cell === undefined || cell === null) return '';
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return '';
    // At most 6 significant digits for fractions; integers as they are.
    return Number.isInteger(cell) ? String(cell) : String(Number(cell.toPrecision(6)));
  }
  // One line per row: a line break in a value would overflow it, and a tab or other control
  // character has no glyph in the standard fonts.
  // eslint-disable-next-line no-control-regex
  return cell.replace(/\s*[\u0000-\u001f\u007f]+\s*/g, ' ');
}

/** `text`, cut with an ellipsis to fit `width` in the current font. */
function fit(doc: Doc, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text;
  const ellipsis = '…';
  let low = 0;
  let high = text.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (doc.widthOfString(text.slice(0, mid) + ellipsis) <= width) low = mid;
    else high = mid - 1;
  }
  return low === 0 ? '' : text.slice(0, low).trimEnd() + ellipsis;
}

interface TableLayout {
  columns: ReportColumn[];
  headings: string[];
  /** Cell texts, row by row. */
  body: string[][];
  widths: number[];
  /** Right-aligned: columns whose figures are all numbers. */
  numeric: boolean[];
}

function layoutTable(doc: Doc, table: ReportTable, width: number): TableLayout {
  const { columns } = table;
  const headings = columns.map(columnHeading);
  const body = table.rows.map((row) => columns.map((column) => cellText(row[column.key])));
  const numeric = columns.map((column) => {
    const cells = table.rows
      .map((row) => row[column.key])
      .filter((cell) => cell !== null && cell !== undefined);
    return cells.length > 0 && cells.every((cell) => typeof cell === 'number');
  });
  doc.fontSize(TABLE_FONT_SIZE);
  const natural = columns.map((_column, c) => {
    doc.font(FONT_BOLD);
    let w = doc.widthOfString(headings[c] ?? '');
    doc.font(FONT);
    for (const cells of body) w = Math.max(w, doc.widthOfString(cells[c] ?? ''));
    return Math.min(MAX_NATURAL_WIDTH, w) + 2 * CELL_PADDING;
  });
  const total = natural.reduce((a, b) => a + b, 0);
  // Fill the page width; a table too wide for it is shrunk the same way, and its cells cut to fit.
  const widths = total > 0 ? natural.map((w) => (w * width) / total) : natural;
  return { columns, headings, body, widths, numeric };
}

function drawRow(
  doc: Doc,
  layout: TableLayout,
  texts: string[],
  y: number,
  opts: { bold: boolean; fill: string | null },
): void {
  const left = doc.page.margins.left;
  const width = layout.widths.reduce((a, b) => a + b, 0);
  if (opts.fill) doc.rect(left, y, width, ROW_HEIGHT).fill(opts.fill);
  doc
    .font(opts.bold ? FONT_BOLD : FONT)
    .fontSize(TABLE_FONT_SIZE)
    .fillColor(TEXT_COLOR);
  const textY = y + (ROW_HEIGHT - TABLE_FONT_SIZE) / 2;
  let x = left;
  layout.widths.forEach((w, c) => {
    const text = fit(doc, texts[c] ?? '', w - 2 * CELL_PADDING);
    if (text !== '') {
      const textX = layout.numeric[c] ? x + w - CELL_PADDING - doc.widthOfString(text) : x + CELL_PADDING;
      // lineBreak: false draws exactly one line at (x, y): no wrapping, no automatic page break.
      doc.text(text, textX, textY, { lineBreak: false });
    }
    x += w;
  });
}

function drawTable(doc: Doc, table: ReportTable, startY: number): void {
  const { margins } = doc.page;
  const width = doc.page.width - margins.left - margins.right;
  const bottom = (): number => doc.page.height - doc.page.margins.bottom - FOOTER_SPACE;
  const layout = layoutTable(doc, table, width);
  const header = (y: number): number => {
    drawRow(doc, layout, layout.headings, y, { bold: true, fill: HEADER_FILL });
    doc
      .moveTo(doc.page.margins.left, y + ROW_HEIGHT)
      .lineTo(doc.page.margins.left + width, y + ROW_HEIGHT)
      .lineWidth(0.5)
      .stroke(MUTED_COLOR);
    return y + ROW_HEIGHT;
  };

  let y = startY;
  // The header never ends a page on its own: it needs room for at least one row under it.
  if (y + 2 * ROW_HEIGHT > bottom()) {
    doc.addPage();
    y = doc.page.margins.top;
  }
  y = header(y);
  layout.body.forEach((texts, r) => {
    if (y + ROW_HEIGHT > bottom()) {
      doc.addPage();
      y = header(doc.page.margins.top);
    }
    drawRow(doc, layout, texts, y, { bold: false, fill: r % 2 === 1 ? STRIPE_FILL : null });
    y += ROW_HEIGHT;
  });
}

/** `Title · page n of N` at the bottom of every page, once the page count is known. */
function drawFooters(doc: Doc, title: string): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const { margins } = doc.page;
    const width = doc.page.width - margins.left - margins.right;
    const y = doc.page.height - margins.bottom - FOOTER_SIZE;
    doc.font(FONT).fontSize(FOOTER_SIZE).fillColor(MUTED_COLOR);
    const label = `Page ${i - start + 1} of ${count}`;
    const labelWidth = doc.widthOfString(label);
    doc.text(fit(doc, title, width - labelWidth - 12), margins.left, y, { lineBreak: false });
    doc.text(label, margins.left + width - labelWidth, y, { lineBreak: false });
  }
}

/**
 * The report as a PDF: A4 landscape, the title and subtitle, the chart (vector, its texts real
 * text), then the table, which goes on over as many pages as it needs with its header repeated at
 * the top of each. Only the standard PDF fonts are used (no font embedded): text outside
 * Windows-1252 is not representable.
 */
export async function reportPdf(table: ReportTable): Promise<Buffer> {
  const doc: Doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: MARGIN,
    bufferPages: true,
    info: { Title: table.title, Subject: table.subtitle },
  });
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const { margins } = doc.page;
  const left = margins.left;
  const width = doc.page.width - margins.left - margins.right;

  doc.font(FONT_BOLD).fontSize(TITLE_SIZE).fillColor(TEXT_COLOR);
  doc.text(table.title, left, margins.top, { width });
  doc.font(FONT).fontSize(SUBTITLE_SIZE).fillColor(MUTED_COLOR);
  doc.text(table.subtitle, left, doc.y + 2, { width });
  let y = doc.y + 10;

  SVGtoPDF(doc, reportChartSvg(table, width, CHART_HEIGHT), left, y, {
    width,
    height: CHART_HEIGHT,
    assumePt: true,
    fontCallback: (_family, bold) => (bold ? FONT_BOLD : FONT),
  });
  y += CHART_HEIGHT + 16;

  drawTable(doc, table, y);
  drawFooters(doc, table.title);
  doc.end();
  return done;
}
