export interface PropertyRow {
  key: string;
  value: string;
}

/** Key/value rows for the callback's own properties, stored with it and returned by queries. */
export function PropertyRows({
  rows,
  onChange,
}: {
  rows: PropertyRow[];
  onChange: (rows: PropertyRow[]) => void;
}) {
  const set = (i: number, patch: Partial<PropertyRow>) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset className="stack">
      <legend>Own properties</legend>
      {rows.length === 0 ? <p className="muted">None. Add one to store it with the callback.</p> : null}
      {rows.map((r, i) => (
        <div className="row" key={i}>
          <label>
            Property {i + 1} name
            <input value={r.key} onChange={(e) => set(i, { key: e.target.value })} />
          </label>
          <label>
            Property {i + 1} value
            <input value={r.value} onChange={(e) => set(i, { value: e.target.value })} />
          </label>
          <button
            type="button"
            className="secondary"
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
          >
            Remove property {i + 1}
          </button>
        </div>
      ))}
      <div>
        <button
          type="button"
          className="secondary"
          onClick={() => onChange([...rows, { key: '', value: '' }])}
        >
          Add property
        </button>
      </div>
    </fieldset>
  );
}

/** The rows as request fields, or why they cannot be sent. */
export function propertyFields(
  rows: PropertyRow[],
  reserved: readonly string[],
): Record<string, string> | string {
  const out: Record<string, string> = {};
  for (const r of rows) {
    const key = r.key.trim();
    if (!key && !r.value) continue;
    if (!key) return 'Every property needs a name.';
    if (key in out) return `The property '${key}' is listed twice.`;
    if (reserved.includes(key)) return `'${key}' has its own field above.`;
    out[key] = r.value;
  }
  return out;
}
