import { formatWall, UTC } from '../../domain/time/zoned-time.js';
import type { ReportRange } from '../../domain/reports/report-range.js';
import type { ReportTable } from '../../domain/reports/report-table.js';
import type { HttpResult } from '../../http/http-result.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The report in the format asked for: JSON (the table, plus each period's bounds in UTC), or a
 * download of the very same table as CSV, XLSX or PDF. The export libraries (csv-stringify,
 * ExcelJS, PDFKit, ECharts) are loaded only when their format is asked for: the bundle splits
 * them into chunks of their own, so a JSON answer (and a cold start) never loads them.
 */
export async function reportResponse(
  format: string | undefined,
  report: string,
  table: ReportTable,
  range?: ReportRange,
): Promise<HttpResult> {
  const stem = `${report}-${formatWall(UTC, Date.now(), "yyyyLLdd'T'HHmm")}`;
  const download = (ext: string) => ({ 'content-disposition': `attachment; filename="${stem}.${ext}"` });
  switch (format ?? 'json') {
    case 'csv': {
      const { reportCsv } = await import('../../export/report-csv.js');
      return { text: reportCsv(table), contentType: 'text/csv;charset=UTF-8', headers: download('csv') };
    }
    case 'xlsx': {
      const { reportXlsx } = await import('../../export/report-xlsx.js');
      return { binary: await reportXlsx(table), contentType: XLSX, headers: download('xlsx') };
    }
    case 'pdf': {
      const { reportPdf } = await import('../../export/report-pdf.js');
      return { binary: await reportPdf(table), contentType: 'application/pdf', headers: download('pdf') };
    }
    default:
      return {
        json: {
          report,
          ...table,
          ...(range
            ? {
                periods: range.periods.map((p) => ({
                  start: new Date(p.start).toISOString(),
                  end: new Date(p.end).toISOString(),
                })),
              }
            : {}),
        },
      };
  }
}
