import { useEffect, useRef, useState } from 'react';
import type { ReportTable } from '../../../../functions/domain/reports/report-table';
import { api, download } from '../../api';
import { ErrorNotice } from '../../components/Notice';
import { ReportChart } from '../../components/ReportChart';
import type { Query } from './report-range';
import { ReportTableView } from './ReportTableView';

type ReportJson = ReportTable & { report: string };

const EXPORTS = [
  { format: 'csv', label: 'CSV' },
  { format: 'xlsx', label: 'Excel' },
  { format: 'pdf', label: 'PDF' },
] as const;

interface Props {
  /** Under `/admin/reports/`, e.g. `callbacks/watermark`. */
  path: string;
  query: Query | { problem: string };
  /** The file name when the server names none. */
  fileStem: string;
}

/**
 * One report: fetched again whenever its query changes, drawn as a chart with its table below,
 * and exported through the very same URL with `format` (the server makes CSV, XLSX and PDF).
 */
export function ReportView({ path, query, fileStem }: Props) {
  const [table, setTable] = useState<ReportJson>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(false);
  const [exportError, setExportError] = useState<unknown>();
  const [exporting, setExporting] = useState<string>();
  const [refreshes, setRefreshes] = useState(0);
  const latest = useRef(0);
  const problem = 'problem' in query ? (query.problem as string) : undefined;
  const key = JSON.stringify(query);
  const url = `/admin/reports/${path}`;

  useEffect(() => {
    if (problem) return;
    // Answers can arrive out of order when the choices change quickly: only the last one counts.
    const mine = ++latest.current;
    setLoading(true);
    api<ReportJson>(url, { query: query as Query })
      .then((t) => {
        if (mine !== latest.current) return;
        setTable(t);
        setError(undefined);
      })
      .catch((e: unknown) => {
        if (mine !== latest.current) return;
        setTable(undefined);
        setError(e);
      })
      .finally(() => {
        if (mine === latest.current) setLoading(false);
      });
    // `key` stands for `query`: a new object with the same content is the same report.
  }, [url, key, problem, refreshes]);

  const exportAs = async (format: string, ext: string) => {
    setExporting(format);
    setExportError(undefined);
    try {
      await download(url, { ...(query as Query), format }, `${fileStem}.${ext}`);
    } catch (e) {
      setExportError(e);
    } finally {
      setExporting(undefined);
    }
  };

  if (problem) {
    return (
      <p className="notice error" role="alert">
        {problem}
      </p>
    );
  }
  return (
    <div className="stack rp-view" aria-busy={loading}>
      <div className="row rp-actions">
        <span className="rp-export-label">Export</span>
        {EXPORTS.map((e) => (
          <button
            key={e.format}
            type="button"
            className="secondary"
            disabled={!table || exporting !== undefined}
            onClick={() => void exportAs(e.format, e.format)}
          >
            {exporting === e.format ? `${e.label}…` : e.label}
          </button>
        ))}
        <button
          type="button"
          className="secondary"
          disabled={loading}
          onClick={() => setRefreshes((n) => n + 1)}
        >
          Refresh
        </button>
        <span role="status" className="muted">
          {loading ? 'Loading report…' : ''}
        </span>
      </div>
      <ErrorNotice error={exportError} />
      <ErrorNotice error={error} />
      {table ? (
        <>
          <div>
            <h3 className="rp-title">{table.title}</h3>
            <p className="muted rp-subtitle">{table.subtitle}</p>
          </div>
          <ReportChart table={table} />
          <ReportTableView table={table} />
        </>
      ) : null}
    </div>
  );
}
