import { RANGE_PRESETS, type RangeChoice, type RangePresetId } from './time-range';

/** The seed's range dropdown, and its "Custom Date Range" check box with a start and an end. */
export function RangeBar({ value, onChange }: { value: RangeChoice; onChange: (next: RangeChoice) => void }) {
  return (
    <div className="row cb-range">
      <label>
        Range
        <select
          value={value.preset}
          disabled={value.custom}
          onChange={(e) => onChange({ ...value, preset: e.target.value as RangePresetId })}
        >
          {RANGE_PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </label>
      <label className="inline">
        <input
          type="checkbox"
          checked={value.custom}
          onChange={(e) => onChange({ ...value, custom: e.target.checked })}
        />
        Custom date range
      </label>
      {value.custom ? (
        <>
          <label>
            Start time
            <input
              type="datetime-local"
              value={value.start}
              onChange={(e) => onChange({ ...value, start: e.target.value })}
            />
          </label>
          <label>
            End time
            <input
              type="datetime-local"
              value={value.end}
              onChange={(e) => onChange({ ...value, end: e.target.value })}
            />
          </label>
          <span className="muted">At most one month.</span>
        </>
      ) : null}
    </div>
  );
}
