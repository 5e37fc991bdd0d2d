import { INTERVALS, PRESETS, viewerZone, type Interval, type Preset, type ReportRange } from './report-range';

/** Date/time preset (or a custom start and end) and the roll-up interval, in the viewer's zone. */
export function RangeControls({
  value,
  onChange,
}: {
  value: ReportRange;
  onChange: (next: ReportRange) => void;
}) {
  return (
    <fieldset className="row rp-range">
      <legend>Time range ({viewerZone()})</legend>
      <label>
        Date range
        <select
          value={value.preset}
          onChange={(e) => onChange({ ...value, preset: e.target.value as Preset })}
        >
          {PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </label>
      {value.preset === 'custom' ? (
        <>
          <label>
            Start
            <input
              type="datetime-local"
              value={value.start}
              onChange={(e) => onChange({ ...value, start: e.target.value })}
            />
          </label>
          <label>
            End (default: a day later)
            <input
              type="datetime-local"
              value={value.end}
              onChange={(e) => onChange({ ...value, end: e.target.value })}
            />
          </label>
        </>
      ) : null}
      <label>
        Roll-up interval
        <select
          value={value.interval}
          onChange={(e) => onChange({ ...value, interval: e.target.value as Interval })}
        >
          {INTERVALS.map((i) => (
            <option key={i.id} value={i.id}>
              {i.label}
            </option>
          ))}
        </select>
      </label>
    </fieldset>
  );
}
