import {
  flexRender,
  getCoreRowModel,
  getFilteredRowModel,
  getPaginationRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type SortingState,
  type VisibilityState,
} from '@tanstack/react-table';
import { useEffect, useId, useState, type ReactNode } from 'react';

export interface DataTableProps<T> {
  /** Names the table for assistive tech and the key its column choices are remembered under. */
  label: string;
  data: T[];
  columns: ColumnDef<T, unknown>[];
  /** localStorage key for the visible columns and page size; omit to remember nothing. */
  storageKey?: string;
  pageSizes?: number[];
  /** Rows to highlight (e.g. the patterns matching a test value). */
  highlight?: (row: T) => boolean;
  /** Buttons etc. shown above the table, right of the filter. */
  toolbar?: ReactNode;
  emptyText?: string;
}

interface Remembered {
  visibility?: VisibilityState;
  pageSize?: number;
}

function recall(key: string | undefined): Remembered {
  if (!key) return {};
  try {
    return JSON.parse(localStorage.getItem(key) ?? '{}') as Remembered;
  } catch {
    return {};
  }
}

/** A table that sorts (click or Enter on a header), filters, pages and remembers its columns. */
export function DataTable<T>({
  label,
  data,
  columns,
  storageKey,
  pageSizes = [10, 25, 50, 100],
  highlight,
  toolbar,
  emptyText = 'Nothing to show.',
}: DataTableProps<T>) {
  const remembered = recall(storageKey);
  const [sorting, setSorting] = useState<SortingState>([]);
  const [filter, setFilter] = useState('');
  const [visibility, setVisibility] = useState<VisibilityState>(remembered.visibility ?? {});
  const [pagination, setPagination] = useState({
    pageIndex: 0,
    pageSize: remembered.pageSize ?? pageSizes[0]!,
  });
  const filterId = useId();
  useEffect(() => {
    if (storageKey)
      localStorage.setItem(storageKey, JSON.stringify({ visibility, pageSize: pagination.pageSize }));
  }, [storageKey, visibility, pagination.pageSize]);

  const table = useReactTable({
    data,
    columns,
    state: { sorting, globalFilter: filter, columnVisibility: visibility, pagination },
    onSortingChange: setSorting,
    onGlobalFilterChange: setFilter,
    onColumnVisibilityChange: setVisibility,
    onPaginationChange: setPagination,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
    getPaginationRowModel: getPaginationRowModel(),
    autoResetPageIndex: false,
  });
  const rows = table.getRowModel().rows;
  const total = table.getFilteredRowModel().rows.length;

  return (
    <div className="data-table">
      <div className="table-toolbar">
        <label htmlFor={filterId}>Filter</label>
        <input
          id={filterId}
          type="search"
          value={filter}
          onChange={(e) => {
            setFilter(e.target.value);
            table.setPageIndex(0);
          }}
          placeholder="Type to filter rows"
        />
        <details className="columns-menu">
          <summary>Columns</summary>
          <fieldset>
            <legend>Visible columns</legend>
            {table.getAllLeafColumns().map((c) => (
              <label key={c.id}>
                <input type="checkbox" checked={c.getIsVisible()} onChange={c.getToggleVisibilityHandler()} />
                {typeof c.columnDef.header === 'string' ? c.columnDef.header : c.id}
              </label>
            ))}
          </fieldset>
        </details>
        {toolbar}
      </div>
      <div className="table-scroll">
        <table aria-label={label}>
          <thead>
            {table.getHeaderGroups().map((g) => (
              <tr key={g.id}>
                {g.headers.map((h) => {
                  const sorted = h.column.getIsSorted();
                  return (
                    <th
                      key={h.id}
                      scope="col"
                      aria-sort={
                        sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined
                      }
                    >
                      {h.isPlaceholder ? null : h.column.getCanSort() ? (
                        <button type="button" className="sort" onClick={h.column.getToggleSortingHandler()}>
                          {flexRender(h.column.columnDef.header, h.getContext())}
                          <span aria-hidden="true">
                            {sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}
                          </span>
                        </button>
                      ) : (
                        flexRender(h.column.columnDef.header, h.getContext())
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={table.getVisibleLeafColumns().length}>{emptyText}</td>
              </tr>
            ) : (
              rows.map((r) => (
                <tr key={r.id} className={highlight?.(r.original) ? 'highlight' : undefined}>
                  {r.getVisibleCells().map((c) => (
                    <td key={c.id}>{flexRender(c.column.columnDef.cell, c.getContext())}</td>
                  ))}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      <div className="pager">
        <span role="status">
          {total} {total === 1 ? 'row' : 'rows'}
        </span>
        <button type="button" onClick={() => table.previousPage()} disabled={!table.getCanPreviousPage()}>
          Previous
        </button>
        <span>
          Page {table.getState().pagination.pageIndex + 1} of {Math.max(1, table.getPageCount())}
        </span>
        <button type="button" onClick={() => table.nextPage()} disabled={!table.getCanNextPage()}>
          Next
        </button>
        <label>
          Per page
          <select value={pagination.pageSize} onChange={(e) => table.setPageSize(Number(e.target.value))}>
            {pageSizes.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      </div>
    </div>
  );
}
