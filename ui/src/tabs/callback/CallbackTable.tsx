import type { ColumnDef } from '@tanstack/react-table';
import { useMemo } from 'react';
import { DataTable } from '../../components/DataTable';
import { columnHeader, columnText, type ExtraColumn } from './advanced-options';
import { isEditable, stateText, type CallbackView } from './callback-model';
import { formatLocal, zoneLabel } from './local-time';

interface Props {
  callbacks: CallbackView[];
  extraColumns: ExtraColumn[];
  includeServiceId: boolean;
  /** Absent for read-only users: no edit column at all. */
  onEdit?: (cb: CallbackView) => void;
  highlightId?: string;
}

/** The seed's table: State, Desired Callback Time (in the viewer's zone), Phone Number, Service Name, ✎. */
export function CallbackTable({ callbacks, extraColumns, includeServiceId, onEdit, highlightId }: Props) {
  const columns = useMemo(() => {
    const cols: ColumnDef<CallbackView, unknown>[] = [
      { id: 'state', header: 'State', accessorFn: stateText },
      {
        id: 'desired',
        header: `Desired Callback Time (${zoneLabel()})`,
        // ISO UTC sorts in time order; the cell shows the viewer's clock.
        accessorFn: (cb) => cb._desired_time,
        cell: (c) => (
          <time dateTime={c.row.original._desired_time}>{formatLocal(c.row.original._desired_time)}</time>
        ),
      },
      {
        id: 'phone',
        header: 'Phone Number',
        accessorFn: (cb) => cb._customer_number || 'Not Specified',
      },
      { id: 'service', header: 'Service Name', accessorFn: (cb) => cb._service_name },
    ];
    if (includeServiceId) cols.push({ id: 'serviceId', header: 'Service ID', accessorFn: (cb) => cb._id });
    extraColumns.forEach((c, i) =>
      cols.push({
        id: `extra${i}:${c.fields.join(',')}`,
        header: columnHeader(c),
        accessorFn: (cb) => columnText(c, cb),
      }),
    );
    if (onEdit) {
      cols.push({
        id: 'edit',
        header: 'Edit',
        enableSorting: false,
        cell: (c) =>
          isEditable(c.row.original) ? (
            <button
              type="button"
              className="secondary cb-edit"
              aria-label={`Edit callback ${c.row.original._customer_number || c.row.original._id} of ${c.row.original._service_name}`}
              onClick={() => onEdit(c.row.original)}
            >
              <span aria-hidden="true">✎</span>
            </button>
          ) : null,
      });
    }
    return cols;
  }, [extraColumns, includeServiceId, onEdit]);

  return (
    <DataTable
      label="Callbacks"
      data={callbacks}
      columns={columns}
      storageKey="gms.callback.table"
      pageSizes={[25, 50, 100, 500]}
      highlight={highlightId ? (cb) => cb._id === highlightId : undefined}
      emptyText="No callback in this range."
    />
  );
}
