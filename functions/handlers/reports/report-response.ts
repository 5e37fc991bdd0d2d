import { DateTime } from 'luxon';
import type { ReportRange } from '../../domain/reports/report-range.js';
import type { ReportTable } from '../../domain/reports/report-table.js';
import { reportCsv } from '../../export/report-csv.js';
import { reportPdf } from '../../export/report-pdf.js';
import { reportXlsx } from '../../export/report-xlsx.js';
import type { HttpResult } from '../../http/http-result.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The report in the format asked for: JSON (the table, plus each period's bounds in UTC), or a
 * download of the very same table as CSV, XLSX or PDF.
 */
export async function reportResponse(
  format: string | undefined,
  report: string,
  table: ReportTable,
  range?: ReportRange,
): Promise<HttpResult> {
  const stem = `${report}-${DateTime.utc().toFormat("yyyyLLdd'T'HHmm")}`;
  const download = (ext: string) => ({ 'content-disposition': `attachment; filename="${stem}.${ext}"` });
  switch (format ?? 'json') {
    case 'csv':
      return { text: reportCsv(table), contentType: 'text/csv;charset=UTF-8', headers: download('csv') };
    case 'xlsx':
      return { binary: await reportXlsx(table), contentType: XLSX, headers: download('xlsx') };
    case 'pdf':
      return { binary: await reportPdf(table), contentType: 'application/pdf', headers: download('pdf') };
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
