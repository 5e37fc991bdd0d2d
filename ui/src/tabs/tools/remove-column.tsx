import type { ColumnDef } from '@tanstack/react-table';

/** The Actions column of a group's entries: one ✕ button a row, named for the entry it removes. */
export function removeColumn<Row extends { name: string }>(
  noun: string,
  onRemove: (name: string) => void,
): ColumnDef<Row, unknown> {
  return {
    id: 'actions',
    header: 'Actions',
    enableSorting: false,
    cell: ({ row }) => (
      <button
        type="button"
        className="secondary"
        aria-label={`Remove ${noun} ${row.original.name}`}
        title="Remove"
        onClick={() => onRemove(row.original.name)}
      >
        <span aria-hidden="true">✕</span>
      </button>
    ),
  };
}
