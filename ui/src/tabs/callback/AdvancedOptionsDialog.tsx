import { useState, type FormEvent } from 'react';
import { ErrorNotice } from '../../components/Notice';
import { DEFAULT_OPTIONS, MAX_PER_SERVICE_LIMIT, type AdvancedOptions } from './advanced-options';
import { CALLBACK_STATES, STATE_HELP, type CallbackState } from './callback-model';
import { Modal } from './Modal';

interface Props {
  value: AdvancedOptions;
  services: string[];
  onSave: (next: AdvancedOptions) => void;
  onClose: () => void;
}

interface ColumnDraft {
  alias: string;
  fields: string;
}

const splitFields = (text: string) =>
  text
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '');

/**
 * Advanced Options: extra columns of callback properties (several fields may share a column under
 * one alias), the states and the one service to show, and how many callbacks per service.
 */
export function AdvancedOptionsDialog({ value, services, onSave, onClose }: Props) {
  const [columns, setColumns] = useState<ColumnDraft[]>(
    value.columns.map((c) => ({ alias: c.alias, fields: c.fields.join(', ') })),
  );
  const [states, setStates] = useState<CallbackState[]>(value.states);
  const [service, setService] = useState(value.service);
  const [max, setMax] = useState(String(value.maxPerService));
  const [error, setError] = useState<string>();

  const setColumn = (i: number, patch: Partial<ColumnDraft>) =>
    setColumns(columns.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  const toggleState = (s: CallbackState, on: boolean) =>
    setStates(
      on ? CALLBACK_STATES.filter((x) => x === s || states.includes(x)) : states.filter((x) => x !== s),
    );

  const save = (e: FormEvent) => {
    e.preventDefault();
    const n = Number(max);
    if (!Number.isInteger(n) || n < 1 || n > MAX_PER_SERVICE_LIMIT) {
      return setError(
        `Max # of callbacks per service must be a whole number from 1 to ${MAX_PER_SERVICE_LIMIT}.`,
      );
    }
    const kept = columns
      .map((c) => ({ alias: c.alias.trim(), fields: splitFields(c.fields) }))
      .filter((c) => c.fields.length > 0 || c.alias !== '');
    const missing = kept.findIndex((c) => c.fields.length === 0);
    if (missing >= 0) return setError(`Column ${missing + 1} needs at least one property field.`);
    onSave({ ...value, columns: kept, states, service, maxPerService: n });
  };

  return (
    <Modal title="Advanced Options" onClose={onClose}>
      <form className="stack" onSubmit={save}>
        <fieldset className="stack">
          <legend>Extra columns</legend>
          <p className="muted cb-hint">
            Show callback properties (e.g. your own ones) as columns. Several fields, comma-separated, share
            one column; the alias is its header.
          </p>
          {columns.map((c, i) => (
            <div className="row" key={i}>
              <label>
                Column {i + 1} fields
                <input
                  value={c.fields}
                  placeholder="_urs_virtual_queue, order_id"
                  onChange={(e) => setColumn(i, { fields: e.target.value })}
                />
              </label>
              <label>
                Column {i + 1} alias
                <input value={c.alias} onChange={(e) => setColumn(i, { alias: e.target.value })} />
              </label>
              <button
                type="button"
                className="secondary"
                onClick={() => setColumns(columns.filter((_, j) => j !== i))}
              >
                Remove column {i + 1}
              </button>
            </div>
          ))}
          <div>
            <button
              type="button"
              className="secondary"
              onClick={() => setColumns([...columns, { alias: '', fields: '' }])}
            >
              Add column field
            </button>
          </div>
        </fieldset>

        <fieldset>
          <legend>Filter by states (none checked: every state)</legend>
          <div className="stack">
            {CALLBACK_STATES.map((s) => (
              <label className="inline" key={s}>
                <input
                  type="checkbox"
                  checked={states.includes(s)}
                  onChange={(e) => toggleState(s, e.target.checked)}
                />
                {s} <span className="muted">— {STATE_HELP[s]}</span>
              </label>
            ))}
          </div>
        </fieldset>

        <label>
          Filter by service
          <select value={service} onChange={(e) => setService(e.target.value)}>
            <option value="">All callback services</option>
            {/* A remembered service that has since gone stays choosable, so it can be cleared. */}
            {[...new Set([...services, ...(service ? [service] : [])])].map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>

        <label>
          Max # of callbacks per service
          <input
            type="number"
            min={1}
            max={MAX_PER_SERVICE_LIMIT}
            step={1}
            value={max}
            onChange={(e) => setMax(e.target.value)}
          />
        </label>

        <ErrorNotice error={error} />
        <div className="row">
          <button type="submit">Apply</button>
          <button
            type="button"
            className="secondary"
            onClick={() => onSave({ ...DEFAULT_OPTIONS, includeServiceId: value.includeServiceId })}
          >
            Reset to defaults
          </button>
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Modal>
  );
}
