import type { ColumnDef } from '@tanstack/react-table';
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { api } from '../../api';
import { DataTable } from '../../components/DataTable';
import { ErrorNotice, SuccessNotice } from '../../components/Notice';
import { useLoad } from '../../components/use-load';
import { ConfirmButton } from '../services/ConfirmButton';
import { GroupPicker } from './GroupPicker';
import { removeColumn } from './remove-column';

/** GET admin/resources/{group}. */
export interface ResourceGroupView {
  name: string;
  options: Record<string, string>;
  resource_available: number;
  resource_total: number;
}

interface ResourceRow {
  name: string;
  number: string;
}

/** The server's spellings; `round-robin` and its variants mean `sequential`. */
const STRATEGIES = [
  ['random', 'random'],
  ['sequential', 'sequential (round-robin)'],
  ['local', 'local'],
] as const;

const groupPath = (g: string) => `/admin/resources/${encodeURIComponent(g)}`;

/** Options starting with `_` tune allocation; every other option is one access number. */
export const accessNumbers = (options: Record<string, string>): ResourceRow[] =>
  Object.entries(options)
    .filter(([k]) => !k.startsWith('_'))
    .map(([name, number]) => ({ name, number }));

/** The seed's Resources: access-number pools, their allocation settings, available and total. */
export function ResourcesPanel() {
  const groups = useLoad(() => api<ResourceGroupView[]>('/admin/resources'));
  const [selected, setSelected] = useState<string>();
  const [strategy, setStrategy] = useState('random');
  const [timeout, setTimeoutValue] = useState('30');
  const list = useMemo(
    () => [...(groups.value ?? [])].sort((a, b) => a.name.localeCompare(b.name)),
    [groups.value],
  );
  const group = list.find((g) => g.name === selected) ?? list[0];
  const store = (view: ResourceGroupView) =>
    groups.setValue((gs) => [...(gs ?? []).filter((g) => g.name !== view.name), view]);

  return (
    <div className="tool-layout">
      <GroupPicker
        noun="resource group"
        names={list.map((g) => g.name)}
        selected={group?.name}
        onSelect={setSelected}
        onCreate={async (n) => {
          const options: Record<string, string> = { _allocation_strategy: strategy };
          if (timeout.trim()) options._booking_expiration_timeout = timeout.trim();
          store(await api<ResourceGroupView>(groupPath(n), { method: 'PUT', body: options }));
          setSelected(n);
        }}
        extraFields={
          <>
            <label>
              _allocation_strategy
              <select value={strategy} onChange={(e) => setStrategy(e.target.value)}>
                {STRATEGIES.map(([v, text]) => (
                  <option key={v} value={v}>
                    {text}
                  </option>
                ))}
              </select>
            </label>
            <label>
              _booking_expiration_timeout (seconds)
              <input value={timeout} onChange={(e) => setTimeoutValue(e.target.value)} inputMode="numeric" />
            </label>
          </>
        }
      />
      <div className="stack">
        <ErrorNotice error={groups.error} />
        {groups.loading && !groups.value ? <p role="status">Loading resource groups…</p> : null}
        {group ? (
          <GroupEditor
            key={group.name}
            group={group}
            onSaved={store}
            onDeleted={() => {
              groups.setValue((gs) => (gs ?? []).filter((g) => g.name !== group.name));
              setSelected(undefined);
            }}
            onRefresh={async () => store(await api<ResourceGroupView>(groupPath(group.name)))}
          />
        ) : groups.value ? (
          <p>No resource group yet. Create one, e.g. DNIS, and add the access numbers services allocate.</p>
        ) : null}
      </div>
    </div>
  );
}

interface GroupEditorProps {
  group: ResourceGroupView;
  onSaved(view: ResourceGroupView): void;
  onDeleted(): void;
  onRefresh(): Promise<void>;
}

function GroupEditor({ group, onSaved, onDeleted, onRefresh }: GroupEditorProps) {
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const [strategy, setStrategy] = useState(group.options._allocation_strategy ?? 'random');
  const [timeout, setTimeoutValue] = useState(group.options._booking_expiration_timeout ?? '');
  const rows = useMemo(() => accessNumbers(group.options), [group.options]);
  const [name, setName] = useState('');
  const [number, setNumber] = useState('');
  const uid = useId();

  // The settings fields follow the stored group (after a save or a refresh).
  useEffect(() => {
    setStrategy(group.options._allocation_strategy ?? 'random');
    setTimeoutValue(group.options._booking_expiration_timeout ?? '');
  }, [group.options]);

  const put = async (options: Record<string, string>, message: string) => {
    setError(undefined);
    setNotice(undefined);
    try {
      onSaved(await api<ResourceGroupView>(groupPath(group.name), { method: 'PUT', body: options }));
      setNotice(message);
      return true;
    } catch (e) {
      setError(e);
      return false;
    }
  };

  const nextName = () => {
    let i = rows.length + 1;
    while (Object.hasOwn(group.options, `dnis${i}`)) i++;
    return `dnis${i}`;
  };

  const addResource = async (e: FormEvent) => {
    e.preventDefault();
    const n = name.trim() || nextName();
    if (n.startsWith('_'))
      return setError(new Error('A resource name cannot start with "_": those are settings.'));
    if (Object.hasOwn(group.options, n))
      return setError(new Error(`Resource '${n}' already exists in ${group.name}.`));
    const entries: [string, string][] = [...Object.entries(group.options), [n, number.trim()]];
    if (await put(Object.fromEntries(entries), `Added resource ${n} (${number.trim()}).`)) {
      setName('');
      setNumber('');
    }
  };

  const saveSettings = (e: FormEvent) => {
    e.preventDefault();
    const rest = Object.entries(group.options).filter(
      ([k]) => k !== '_allocation_strategy' && k !== '_booking_expiration_timeout',
    );
    const settings: [string, string][] = [['_allocation_strategy', strategy]];
    if (timeout.trim()) settings.push(['_booking_expiration_timeout', timeout.trim()]);
    void put(Object.fromEntries([...settings, ...rest]), 'Saved the allocation settings.');
  };

  const columns = useMemo<ColumnDef<ResourceRow, unknown>[]>(
    () => [
      { accessorKey: 'name', header: 'Name' },
      { accessorKey: 'number', header: 'Value' },
      removeColumn<ResourceRow>('resource', (removed) => {
        const rest = Object.entries(group.options).filter(([k]) => k !== removed);
        void put(Object.fromEntries(rest), `Removed resource ${removed}.`);
      }),
    ],
    [group.options],
  );
  const strategies = STRATEGIES.map(([v]) => v as string);

  return (
    <section className="stack" aria-labelledby={`${uid}-title`}>
      <div className="row">
        <h2 id={`${uid}-title`} className="grow">
          {group.name}
        </h2>
        <button type="button" className="secondary" onClick={() => void onRefresh().catch(setError)}>
          Refresh
        </button>
        <ConfirmButton
          label="Delete group"
          question={`Delete resource group ${group.name}?`}
          onConfirm={async () => {
            try {
              await api(groupPath(group.name), { method: 'DELETE' });
              onDeleted();
            } catch (e) {
              setError(e);
            }
          }}
        />
      </div>
      <dl className="counts" aria-label={`Counts of ${group.name}`}>
        <div>
          <dt>resource_available:</dt>
          <dd data-testid="resource-available">{group.resource_available}</dd>
        </div>
        <div>
          <dt>resource_total:</dt>
          <dd data-testid="resource-total">{group.resource_total}</dd>
        </div>
      </dl>
      <form className="row card" onSubmit={saveSettings} aria-label="Allocation settings">
        <label>
          _allocation_strategy
          <select
            value={strategy}
            onChange={(e) => setStrategy(e.target.value)}
            aria-describedby={`${uid}-strategy-hint`}
          >
            {STRATEGIES.map(([v, text]) => (
              <option key={v} value={v}>
                {text}
              </option>
            ))}
            {strategies.includes(strategy) ? null : <option value={strategy}>{strategy}</option>}
          </select>
        </label>
        <label>
          _booking_expiration_timeout (seconds)
          <input
            value={timeout}
            onChange={(e) => setTimeoutValue(e.target.value)}
            inputMode="numeric"
            placeholder="not set: the service decides"
          />
        </label>
        <button type="submit" className="secondary">
          Save settings
        </button>
        <p className="muted small full" id={`${uid}-strategy-hint`}>
          random hands out any free number; sequential (round-robin) the least recently used one first.
          GMS&apos;s local meant a per-node pool: here every booking is global, so local allocates as
          sequential.
        </p>
      </form>
      <DataTable
        label={`Resources of ${group.name}`}
        data={rows}
        columns={columns}
        storageKey="gms.tools.resources"
        emptyText="No access number in this group yet."
      />
      <form className="row" onSubmit={(e) => void addResource(e)} aria-label="Add a resource">
        <label>
          Resource name
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder={nextName()}
            spellCheck={false}
          />
        </label>
        <label>
          Access number
          <input
            value={number}
            onChange={(e) => setNumber(e.target.value)}
            inputMode="tel"
            placeholder="6504664131"
            required
          />
        </label>
        <button type="submit">+ Add Resource</button>
      </form>
      <ErrorNotice error={error} />
      <SuccessNotice message={notice} />
    </section>
  );
}
