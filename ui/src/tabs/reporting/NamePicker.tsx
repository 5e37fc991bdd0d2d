/** Check boxes for choosing some of a list (services, pools); none checked means all of them. */
export function NamePicker({
  legend,
  names,
  chosen,
  onChange,
}: {
  legend: string;
  names: string[] | undefined;
  chosen: string[];
  onChange: (next: string[]) => void;
}) {
  return (
    <fieldset className="rp-names">
      <legend>{legend} (none checked: all)</legend>
      {names === undefined ? (
        <span className="muted">Loading…</span>
      ) : names.length === 0 ? (
        <span className="muted">None configured.</span>
      ) : (
        names.map((n) => (
          <label className="inline" key={n}>
            <input
              type="checkbox"
              checked={chosen.includes(n)}
              onChange={(e) =>
                onChange(
                  e.target.checked
                    ? names.filter((x) => x === n || chosen.includes(x))
                    : chosen.filter((x) => x !== n),
                )
              }
            />
            {n}
          </label>
        ))
      )}
    </fieldset>
  );
}
