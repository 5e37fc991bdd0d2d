/**
 * The API speaks ISO-8601 UTC; people read and type their own wall clock. These helpers are the
 * only place the two meet.
 */

const pad = (n: number) => String(n).padStart(2, '0');

/** `GMT+1`, `GMT-7`, `GMT+5:30`: the viewer's offset at `at`, as the seed's column header shows it. */
export function zoneLabel(at: Date = new Date()): string {
  const minutes = -at.getTimezoneOffset();
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const h = Math.floor(abs / 60);
  const m = abs % 60;
  return `GMT${sign}${h}${m ? `:${pad(m)}` : ''}`;
}

/** `2014-10-15 07:10:00` on the viewer's clock; the text as given if it is not a time. */
export function formatLocal(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
  );
}

/** The value a `<input type="datetime-local">` shows for an instant. */
export function toLocalInput(at: Date | string): string {
  const d = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * A `datetime-local` value read on the viewer's clock, as ISO UTC; undefined when empty or
 * malformed. (A date-time without an offset is local time by the ECMAScript spec.)
 */
export function fromLocalInput(value: string): string | undefined {
  if (!value.trim()) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}
