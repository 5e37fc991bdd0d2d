import type { ColumnDef } from '@tanstack/react-table';
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { api } from '../../api';
import { DataTable } from '../../components/DataTable';
import { ErrorNotice, SuccessNotice } from '../../components/Notice';
import { useLoad } from '../../components/use-load';
import { ConfirmButton } from '../services/ConfirmButton';
import { GroupPicker } from './GroupPicker';
import { PatternHelp } from './PatternHelp';
import { removeColumn } from './remove-column';

interface PatternGroup {
  name: string;
  patterns: Record<string, string>;
}

interface PatternRow {
  name: string;
  value: string;
}

const groupPath = (g: string) => `/admin/patterns/${encodeURIComponent(g)}`;

/**
 * The seed's Patterns: pattern groups (name -> regular expression), and a test box whose value is
 * matched by the server's Pattern Matcher API, so the highlighted row is what GMS itself answers.
 */
export function PatternsPanel() {
  const groups = useLoad(() => api<PatternGroup[]>('/admin/patterns'));
  const [selected, setSelected] = useState<string>();
  const [showHelp, setShowHelp] = useState(false);
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const uid = useId();
  const list = groups.value ?? [];
  const group = list.find((g) => g.name === selected) ?? list[0];

  const store = (name: string, patterns: Record<string, string>) =>
    groups.setValue((gs) =>
      [...(gs ?? []).filter((g) => g.name !== name), { name, patterns }].sort((a, b) =>
        a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
      ),
    );

  const save = async (name: string, patterns: Record<string, string>) => {
    const saved = await api<Record<string, string>>(groupPath(name), { method: 'PUT', body: patterns });
    store(name, saved);
  };

  return (
    <div className="tool-layout">
      <GroupPicker
        noun="pattern group"
        names={list.map((g) => g.name)}
        selected={group?.name}
        onSelect={(n) => {
          setSelected(n);
          setError(undefined);
          setNotice(undefined);
        }}
        onCreate={async (n) => {
          await save(n, {});
          setSelected(n);
          setNotice(`Created pattern group ${n}.`);
        }}
      />
      <div className="stack">
        <div className="row">
          <button
            type="button"
            className="secondary"
            aria-expanded={showHelp}
            aria-controls={`${uid}-help`}
            onClick={() => setShowHelp((s) => !s)}
          >
            <span aria-hidden="true">? </span>Help
          </button>
        </div>
        {showHelp ? <PatternHelp id={`${uid}-help`} /> : null}
        <ErrorNotice error={groups.error} />
        {groups.loading && !groups.value ? <p role="status">Loading pattern groups…</p> : null}
        {group ? (
          <GroupEditor
            key={group.name}
            group={group}
            onSave={async (patterns, message) => {
              setError(undefined);
              setNotice(undefined);
              try {
                await save(group.name, patterns);
                setNotice(message);
                return true;
              } catch (e) {
                setError(e);
                return false;
              }
            }}
            onDelete={async () => {
              setError(undefined);
              try {
                await api(groupPath(group.name), { method: 'DELETE' });
                groups.setValue((gs) => (gs ?? []).filter((g) => g.name !== group.name));
                setSelected(undefined);
                setNotice(`Deleted pattern group ${group.name}.`);
              } catch (e) {
                setError(e);
              }
            }}
            error={error}
            notice={notice}
          />
        ) : groups.value ? (
          <>
            <SuccessNotice message={notice} />
            <p>
              No pattern group yet. Create one, e.g. Callback_exceptions, for the callback service&apos;s
              _exceptions.
            </p>
          </>
        ) : null}
      </div>
    </div>
  );
}

interface GroupEditorProps {
  group: PatternGroup;
  /** PUTs the group; false when the server refused (its error is then shown). */
  onSave(patterns: Record<string, string>, message: string): Promise<boolean>;
  onDelete(): Promise<void>;
  error: unknown;
  notice?: string;
}

function GroupEditor({ group, onSave, onDelete, error, notice }: GroupEditorProps) {
  const [name, setName] = useState('');
  const [expression, setExpression] = useState('');
  const [formError, setFormError] = useState<string>();
  const uid = useId();
  const rows = useMemo<PatternRow[]>(
    () => Object.entries(group.patterns).map(([n, value]) => ({ name: n, value })),
    [group.patterns],
  );
  const test = useServerMatch(group);

  const columns = useMemo<ColumnDef<PatternRow, unknown>[]>(
    () => [
      { accessorKey: 'name', header: 'Name' },
      { accessorKey: 'value', header: 'Value', cell: (c) => <code>{String(c.getValue())}</code> },
      removeColumn<PatternRow>('pattern', (removed) => {
        const rest = Object.fromEntries(Object.entries(group.patterns).filter(([n]) => n !== removed));
        void onSave(rest, `Removed pattern ${removed}.`);
      }),
    ],
    [group.patterns, onSave],
  );

  const add = async (e: FormEvent) => {
    e.preventDefault();
    const n = name.trim();
    if (!n) return setFormError('Give the pattern a name.');
    if (!expression) return setFormError('Type the regular expression.');
    if (Object.hasOwn(group.patterns, n))
      return setFormError(`Pattern '${n}' already exists in ${group.name}: remove it first to change it.`);
    setFormError(undefined);
    const entries: [string, string][] = [...Object.entries(group.patterns), [n, expression]];
    if (await onSave(Object.fromEntries(entries), `Added pattern ${n}.`)) {
      setName('');
      setExpression('');
    }
  };

  return (
    <section className="stack" aria-labelledby={`${uid}-title`}>
      <div className="row">
        <h2 id={`${uid}-title`} className="grow">
          {group.name}
        </h2>
        <ConfirmButton
          label="Delete group"
          question={`Delete pattern group ${group.name}?`}
          onConfirm={onDelete}
        />
      </div>
      <div className="card stack">
        <label>
          Test a value against {group.name}
          <input
            type="search"
            value={test.value}
            onChange={(e) => test.setValue(e.target.value)}
            placeholder="e.g. 5551234"
            spellCheck={false}
            aria-describedby={`${uid}-result`}
          />
        </label>
        <p className="match-request muted small">
          URL: <code>/genesys/1/patterns/group/{group.name}</code> · Post:{' '}
          <code>{new URLSearchParams({ test_value: test.value }).toString()}</code>
        </p>
        <p id={`${uid}-result`} role="status">
          {test.value === ''
            ? 'Type a value: the row of the pattern the server matches is highlighted.'
            : test.pending
              ? 'Matching…'
              : test.match
                ? `'${test.value}' matches pattern ${test.match}.`
                : test.error
                  ? ''
                  : `'${test.value}' matches no pattern of ${group.name}.`}
        </p>
        <ErrorNotice error={test.error} />
      </div>
      <DataTable
        label={`Patterns of ${group.name}`}
        data={rows}
        columns={columns}
        storageKey="gms.tools.patterns"
        highlight={(r) => test.match !== undefined && r.name === test.match}
        emptyText="No pattern in this group yet."
      />
      <form className="row" onSubmit={(e) => void add(e)} aria-label="Add a pattern">
        <label>
          Pattern name
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            spellCheck={false}
            placeholder="exception1"
          />
        </label>
        <label>
          Regular expression
          <input
            value={expression}
            onChange={(e) => setExpression(e.target.value)}
            spellCheck={false}
            placeholder="555.*"
          />
        </label>
        <button type="submit">+ Add Pattern</button>
      </form>
      {formError ? (
        <p className="notice error" role="alert">
          {formError}
        </p>
      ) : null}
      <ErrorNotice error={error} />
      <SuccessNotice message={notice} />
    </section>
  );
}

/**
 * The test box's value and the pattern the server names for it (`{test_value: patternName}`),
 * asked again when the value or the group's patterns change. Only the newest answer counts.
 */
function useServerMatch(group: PatternGroup) {
  const [value, setValue] = useState('');
  const [match, setMatch] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [pending, setPending] = useState(false);
  const patterns = JSON.stringify(group.patterns);
  useEffect(() => {
    setMatch(undefined);
    setError(undefined);
    if (value === '') {
      setPending(false);
      return;
    }
    let stale = false;
    setPending(true);
    const timer = setTimeout(async () => {
      try {
        const answer = await api<Record<string, string>>(
          `/patterns/group/${encodeURIComponent(group.name)}`,
          {
            method: 'POST',
            body: new URLSearchParams({ test_value: value }),
          },
        );
        if (!stale) setMatch(answer.test_value);
      } catch (e) {
        if (!stale) setError(e);
      } finally {
        if (!stale) setPending(false);
      }
    }, 200);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [value, group.name, patterns]);
  return { value, setValue, match, error, pending };
}
