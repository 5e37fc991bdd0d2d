import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { ErrorNotice } from '../../components/Notice';
import { CONFIG_NAME, CONFIG_NAME_HINT } from '../services/service-types';

interface GroupPickerProps {
  /** "pattern group", "resource group". */
  noun: string;
  names: string[];
  selected?: string;
  onSelect(name: string): void;
  /** Creates the group on the server; throws the server's error. */
  onCreate(name: string): Promise<void>;
  /** Extra fields of the new-group form (a resource group's strategy...). */
  extraFields?: ReactNode;
}

/** The list of groups on the left of Patterns and Resources, with the seed's "+ New … Group". */
export function GroupPicker({ noun, names, selected, onSelect, onCreate, extraFields }: GroupPickerProps) {
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const uid = useId();
  const Noun = noun.replace(/\b\w/g, (c) => c.toUpperCase());

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const n = name.trim();
    if (!CONFIG_NAME.test(n))
      return setError(new Error(`The name must be 1–128 characters: ${CONFIG_NAME_HINT}.`));
    if (names.includes(n)) return setError(new Error(`The ${noun} '${n}' already exists.`));
    setBusy(true);
    setError(undefined);
    try {
      await onCreate(n);
      setName('');
      setCreating(false);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <nav aria-labelledby={`${uid}-title`} className="group-picker">
      <h2 id={`${uid}-title`} className="small-heading">
        {Noun}s
      </h2>
      {names.length === 0 ? <p className="muted">No {noun} yet.</p> : null}
      <ul className="group-list">
        {names.map((n) => (
          <li key={n}>
            <button
              type="button"
              aria-current={n === selected ? 'true' : undefined}
              onClick={() => onSelect(n)}
            >
              {n}
            </button>
          </li>
        ))}
      </ul>
      {creating ? (
        <form className="stack" onSubmit={submit} aria-label={`New ${noun}`}>
          <label>
            {Noun} name
            <input value={name} onChange={(e) => setName(e.target.value)} autoFocus spellCheck={false} />
          </label>
          {extraFields}
          <ErrorNotice error={error} />
          <div className="row">
            <button type="submit" disabled={busy}>
              Create
            </button>
            <button type="button" className="secondary" onClick={() => setCreating(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <button type="button" className="secondary" onClick={() => setCreating(true)}>
          + New {Noun}
        </button>
      )}
    </nav>
  );
}
