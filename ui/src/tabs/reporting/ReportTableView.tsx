import type { ColumnDef } from '@tanstack/react-table';
import { useMemo } from 'react';
import type { ReportCell, ReportTable } from '../../../../functions/domain/reports/report-table';
import { DataTable } from '../../components/DataTable';

type Row = Record<string, ReportCell>;

/** A column's header as the exports write it: its label, then ` (unit)`. */
const heading = (c: ReportTable['columns'][number]) => (c.unit ? `${c.label} (${c.unit})` : c.label);

/** The figures behind the chart, one row per period (or per pool), with the exports' column headings. */
export function ReportTableView({ table }: { table: ReportTable }) {
  const columns = useMemo(
    () =>
      table.columns.map((c): ColumnDef<Row, unknown> => ({
        id: c.key,
        header: heading(c),
        accessorFn: (row) => row[c.key] ?? null,
        // A period without samples has no figure, which is not the same as 0.
        cell: (ctx) => {
          const v = ctx.getValue() as ReportCell;
          return v === null ? <span title="No data for this period">—</span> : String(v);
        },
      })),
    [table.columns],
  );
  return (
    <DataTable
      // New columns, new table: sorting and hidden columns of another report do not carry over.
      key={table.columns.map((c) => c.key).join('|')}
      label={`${table.title}: figures`}
      data={table.rows}
      columns={columns}
      pageSizes={[24, 48, 96, 500]}
      emptyText="No rows in this report."
    />
  );
}
