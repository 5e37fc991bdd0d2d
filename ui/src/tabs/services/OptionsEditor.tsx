import { Fragment, useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api';
import { ErrorNotice, SuccessNotice } from '../../components/Notice';
import { LockIcon, TrashIcon } from './icons';
import {
  buildRows,
  collectOptions,
  isSecret,
  isValueFixed,
  rowId,
  suggestions,
  typeHint,
  type OptionRow,
} from './option-rows';
import type { ServiceView, TemplateView } from './service-types';

interface OptionsEditorProps {
  serviceName: string;
  template: TemplateView | undefined;
  /** The options shown first: the stored ones, or a new service's defaults. */
  initial: Record<string, string>;
  /** Text of the save button: "Save" for a stored service, "Create service" for a new one. */
  saveLabel: string;
  onSaved(view: ServiceView): void;
  onCancel?(): void;
}

const KIND_LABEL: Record<OptionRow['kind'], string> = {
  mandatory: 'Mandatory',
  optional: 'Optional',
  advanced: 'Advanced',
  'request-parameter': 'Request parameter',
  custom: 'Custom',
};

/** Key order is not meaning: the editor lists mandatory options first, the server keeps its own order. */
const canonical = (options: Record<string, string>) =>
  JSON.stringify(Object.entries(options).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** The server names the option it refused in `parameter`. */
const refusedParameter = (e: unknown) =>
  e instanceof ApiError && e.body && typeof e.body === 'object'
    ? (e.body as { parameter?: string }).parameter
    : undefined;

/**
 * A service's options, edited the way the seed describes: mandatory ones locked (no rename, no
 * removal), optional ones renamed and removed, advanced ones behind a checkbox, request
 * parameters marked and clearable. The server validates on save and its message is shown.
 */
export function OptionsEditor({
  serviceName,
  template,
  initial,
  saveLabel,
  onSaved,
  onCancel,
}: OptionsEditorProps) {
  const [rows, setRows] = useState(() => buildRows(template, initial));
  const [showAdvanced, setShowAdvanced] = useState(false);
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [baseline, setBaseline] = useState(initial);
  const tableRef = useRef<HTMLTableElement>(null);
  const uid = useId();

  // A template that loads after the service (or a reload from the server) rebuilds the rows.
  useEffect(() => {
    setRows(buildRows(template, initial));
    setBaseline(initial);
  }, [template, initial]);

  const current = useMemo(() => {
    try {
      return canonical(collectOptions(rows));
    } catch {
      return undefined;
    }
  }, [rows]);
  const dirty = current !== canonical(baseline);
  const refused = refusedParameter(error);
  const advancedCount = rows.filter((r) => r.kind === 'advanced').length;
  const visible = rows.filter((r) => showAdvanced || r.kind !== 'advanced');

  const update = (id: number, change: Partial<OptionRow>) => {
    setRows((rs) => rs.map((r) => (r.id === id ? { ...r, ...change } : r)));
    setSaved(undefined);
  };
  const remove = (id: number) => {
    setRows((rs) => rs.filter((r) => r.id !== id));
    setSaved(undefined);
  };

  const save = async () => {
    setError(undefined);
    setSaved(undefined);
    let options: Record<string, string>;
    try {
      options = collectOptions(rows);
    } catch (e) {
      setError(e);
      return;
    }
    setBusy(true);
    try {
      const view = await api<ServiceView>(`/admin/services/${encodeURIComponent(serviceName)}`, {
        method: 'PUT',
        body: options,
      });
      setSaved(`Saved service ${view.name}.`);
      setBaseline(view.options);
      onSaved(view);
    } catch (e) {
      setError(e);
      const name = refusedParameter(e);
      const row = rows.find((r) => r.name === name);
      if (row?.kind === 'advanced') setShowAdvanced(true);
      // The refused field gets the focus, so a keyboard user lands where the fix is.
      setTimeout(() => {
        tableRef.current
          ?.querySelector<HTMLInputElement>(`[data-option="${CSS.escape(name ?? '')}"]`)
          ?.focus();
      });
    } finally {
      setBusy(false);
    }
  };

  let lastSection: string | undefined;
  return (
    <div className="options-editor">
      <div className="row options-toolbar">
        <label className="inline">
          <input type="checkbox" checked={showAdvanced} onChange={(e) => setShowAdvanced(e.target.checked)} />
          Show advanced options{advancedCount > 0 && !showAdvanced ? ` (${advancedCount} hidden)` : ''}
        </label>
      </div>
      <div className="table-scroll">
        <table className="options-table" ref={tableRef} aria-label={`Options of ${serviceName}`}>
          <thead>
            <tr>
              <th scope="col">Option</th>
              <th scope="col">Value</th>
              <th scope="col">Description</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {visible.map((r) => {
              const section = r.kind === 'custom' ? 'Custom options' : r.option?.section;
              const heading = section && section !== lastSection ? section : undefined;
              if (section) lastSection = section;
              const listId = `${uid}-values-${r.id}`;
              const hint = typeHint(r.option);
              const values = suggestions(r.option);
              const renamable = r.kind === 'optional' || r.kind === 'advanced' || r.kind === 'custom';
              const fixed = isValueFixed(r, template);
              const label = r.name || 'new option';
              return (
                <Fragment key={r.id}>
                  {heading ? (
                    <tr className="section-row">
                      <th colSpan={4}>{heading}</th>
                    </tr>
                  ) : null}
                  <tr className={`option-row kind-${r.kind}`} data-row={r.name}>
                    <td className="option-name">
                      {renamable ? (
                        <input
                          aria-label={`Name of option ${label}`}
                          value={r.name}
                          onChange={(e) => update(r.id, { name: e.target.value })}
                          spellCheck={false}
                        />
                      ) : (
                        <code>{r.name}</code>
                      )}
                      <span className={`kind-badge ${r.kind}`}>
                        {r.kind === 'mandatory' ? (
                          <>
                            <LockIcon />{' '}
                          </>
                        ) : null}
                        {r.kind === 'request-parameter' ? (
                          <span aria-hidden="true" className="info-icon">
                            i
                          </span>
                        ) : null}
                        {KIND_LABEL[r.kind]}
                      </span>
                    </td>
                    <td className="option-value">
                      <input
                        data-option={r.name}
                        aria-label={`Value of ${label}`}
                        aria-invalid={refused !== undefined && refused === r.name ? true : undefined}
                        value={r.value}
                        type={isSecret(r) ? 'password' : undefined}
                        autoComplete={isSecret(r) ? 'new-password' : undefined}
                        readOnly={fixed}
                        placeholder={r.kind === 'mandatory' ? 'required' : 'not specified'}
                        list={values.length > 0 ? listId : undefined}
                        inputMode={r.option?.type === 'integer' ? 'numeric' : undefined}
                        spellCheck={false}
                        onChange={(e) => update(r.id, { value: e.target.value })}
                      />
                      {values.length > 0 ? (
                        <datalist id={listId}>
                          {values.map((v) => (
                            <option key={v} value={v} />
                          ))}
                        </datalist>
                      ) : null}
                    </td>
                    <td className="option-description">
                      {r.option?.description ? <span>{r.option.description}</span> : null}
                      <span className="muted small">
                        {[
                          hint,
                          r.option?.default !== undefined
                            ? `default: ${r.option.default || '(empty)'}`
                            : undefined,
                          fixed ? 'selects the template: fixed' : undefined,
                        ]
                          .filter(Boolean)
                          .join(' · ')}
                      </span>
                      {r.kind === 'request-parameter' ? (
                        <span className="request-hint">
                          request parameter: the app may send it
                          {r.value.trim() !== '' ? ' — a value set here overrides what the app sends' : ''}
                        </span>
                      ) : null}
                    </td>
                    <td className="option-actions">
                      {r.kind === 'mandatory' ? (
                        <span className="muted small">Cannot be removed</span>
                      ) : r.kind === 'request-parameter' ? (
                        <button
                          type="button"
                          className="secondary"
                          aria-label={`Clear ${r.name}`}
                          title="Clear: not specified"
                          disabled={r.value === ''}
                          onClick={() => update(r.id, { value: '' })}
                        >
                          <TrashIcon /> Clear
                        </button>
                      ) : (
                        <button
                          type="button"
                          className="secondary"
                          aria-label={`Remove ${label}`}
                          title="Remove"
                          onClick={() => remove(r.id)}
                        >
                          <span aria-hidden="true">✕</span>
                        </button>
                      )}
                    </td>
                  </tr>
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
      <AddOption
        template={template}
        rows={rows}
        onAdd={(row) => {
          setRows((rs) => [...rs, row]);
          if (row.kind === 'advanced') setShowAdvanced(true);
        }}
      />
      <ErrorNotice error={error} />
      <SuccessNotice message={saved} />
      <div className="row">
        <button type="button" onClick={() => void save()} disabled={busy}>
          {busy ? 'Saving…' : saveLabel}
        </button>
        {dirty && !onCancel ? (
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setRows(buildRows(template, baseline));
              setError(undefined);
            }}
          >
            Revert changes
          </button>
        ) : null}
        {onCancel ? (
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
        {dirty && !onCancel ? <span className="muted">Unsaved changes</span> : null}
      </div>
    </div>
  );
}

/**
 * Adds an option: one the template declares but the service lacks (it keeps its category), or a
 * custom one, which GMS services carry too (the `get` service returns them).
 */
function AddOption({
  template,
  rows,
  onAdd,
}: {
  template: TemplateView | undefined;
  rows: OptionRow[];
  onAdd(row: OptionRow): void;
}) {
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const [error, setError] = useState<string>();
  const uid = useId();
  const present = new Set(rows.map((r) => r.name));
  const missing = (template?.options ?? []).filter((o) => !present.has(o.name));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const n = name.trim();
    if (!n) return setError('Give the option a name.');
    if (present.has(n)) return setError(`Option '${n}' is already listed: edit its value instead.`);
    const option = template?.options.find((o) => o.name === n);
    onAdd({ id: rowId(), name: n, value, kind: option?.category ?? 'custom', option });
    setName('');
    setValue('');
    setError(undefined);
  };
  return (
    <form className="row add-option" onSubmit={submit} aria-label="Add an option">
      <label>
        New option name
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          list={`${uid}-names`}
          spellCheck={false}
          placeholder="e.g. custom_parameter_3"
        />
        <datalist id={`${uid}-names`}>
          {missing.map((o) => (
            <option key={o.name} value={o.name}>
              {o.category}: {o.description}
            </option>
          ))}
        </datalist>
      </label>
      <label>
        New option value
        <input value={value} onChange={(e) => setValue(e.target.value)} spellCheck={false} />
      </label>
      <button type="submit" className="secondary">
        Add option
      </button>
      {error ? (
        <p className="notice error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}
