import { useCallback, useMemo, useState } from 'react';
import { api } from '../api';
import { useAuth } from '../auth';
import { ErrorNotice, SuccessNotice } from '../components/Notice';
import { useLoad } from '../components/use-load';
import { AdvancedOptionsDialog } from './callback/AdvancedOptionsDialog';
import { useAdvancedOptions } from './callback/advanced-options';
import type { CallbackView } from './callback/callback-model';
import { CallbackTable } from './callback/CallbackTable';
import { CreateCallbackDialog, type CreatedCallback } from './callback/CreateCallbackDialog';
import { EditCallbackDialog } from './callback/EditCallbackDialog';
import { toLocalInput } from './callback/local-time';
import { RangeBar } from './callback/RangeBar';
import { resolveRange, type RangeChoice } from './callback/time-range';
import { useCallbackServices } from './callback/use-callback-services';
import './callback/callback.css';

type Dialog = { kind: 'create' } | { kind: 'advanced' } | { kind: 'edit'; callback: CallbackView };

const WEEK = 7 * 24 * 3600_000;
const digits = (s: string) => s.replace(/\D/g, '');

/**
 * The seed's Callback UI: callbacks of every callback service whose desired time is in a range,
 * with create, reschedule and cancel for those allowed to manage callbacks.
 */
export default function CallbackTab() {
  const { has } = useAuth();
  const canManage = has('Administrator', 'Supervisor');
  const [range, setRange] = useState<RangeChoice>(() => ({
    preset: 'next-day',
    custom: false,
    start: toLocalInput(new Date()),
    end: toLocalInput(new Date(Date.now() + WEEK)),
  }));
  const [options, setOptions] = useAdvancedOptions();
  const [search, setSearch] = useState('');
  const [dialog, setDialog] = useState<Dialog>();
  const [notice, setNotice] = useState<string>();
  const [highlightId, setHighlightId] = useState<string>();
  const services = useCallbackServices();

  const resolved = resolveRange(range);
  const problem = 'problem' in resolved ? resolved.problem : undefined;
  const { value, error, loading, reload } = useLoad(async () => {
    // Recomputed on each load, so Refresh moves a preset's window along with the clock.
    const now = resolveRange(range);
    if ('problem' in now) return undefined;
    const byService = await api<Record<string, CallbackView[]>>('/admin/callback/queues', {
      query: {
        ...now,
        target: options.service || undefined,
        states: options.states.length > 0 ? options.states.join(',') : undefined,
        max: String(options.maxPerService),
      },
    });
    return Object.values(byService)
      .flat()
      .sort((a, b) => a._desired_time.localeCompare(b._desired_time));
  }, [range, options.service, options.states.join(','), options.maxPerService]);

  const callbacks = useMemo(() => value ?? [], [value]);
  const shown = useMemo(() => {
    const wanted = digits(search) || search.trim();
    if (!wanted) return callbacks;
    return callbacks.filter((cb) => {
      const number = cb._customer_number ?? '';
      return digits(number).includes(wanted) || number.includes(wanted);
    });
  }, [callbacks, search]);

  const changed = (message: string, id?: string) => {
    setDialog(undefined);
    setNotice(message);
    setHighlightId(id);
    void reload();
  };
  const created = (service: string, answer: CreatedCallback) =>
    changed(
      `Callback ${answer._id} created on ${service}${answer._text ? `: "${answer._text}"` : ''}.`,
      answer._id,
    );
  const edit = useCallback((callback: CallbackView) => setDialog({ kind: 'edit', callback }), []);
  const outOfView = highlightId && value && !callbacks.some((cb) => cb._id === highlightId);

  const filters = [
    options.service ? `service ${options.service}` : undefined,
    options.states.length > 0 ? `states ${options.states.join(', ')}` : undefined,
    `at most ${options.maxPerService} per service`,
  ].filter(Boolean);

  return (
    <section className="card stack cb-tab" aria-label="Callbacks">
      <div className="row cb-toolbar">
        <RangeBar value={range} onChange={setRange} />
        <label className="inline">
          <input
            type="checkbox"
            checked={options.includeServiceId}
            onChange={(e) => setOptions({ ...options, includeServiceId: e.target.checked })}
          />
          Include Service ID column
        </label>
        {canManage ? (
          <button type="button" onClick={() => setDialog({ kind: 'create' })}>
            <span aria-hidden="true">+ </span>Create Callback
          </button>
        ) : null}
        <button type="button" className="secondary" onClick={() => setDialog({ kind: 'advanced' })}>
          <span aria-hidden="true">⚙ </span>Advanced Options
        </button>
      </div>
      <p className="muted cb-filters">Showing {filters.join('; ')}.</p>

      {problem ? (
        <p className="notice error" role="alert">
          {problem}
        </p>
      ) : null}
      <ErrorNotice error={error} />
      <ErrorNotice error={services.error} />
      <SuccessNotice message={notice} />
      {outOfView ? (
        <p className="muted">That callback is outside the range or filters shown: change them to see it.</p>
      ) : null}

      <div className="row cb-count">
        <strong role="status" aria-live="polite">
          {loading ? 'Loading callbacks…' : `${shown.length} Callback(s) Found`}
          {!loading && shown.length !== callbacks.length ? ` (of ${callbacks.length})` : ''}
        </strong>
        <button type="button" className="secondary" onClick={() => void reload()} disabled={loading}>
          Refresh
        </button>
        <label>
          Search phone number
          <input type="search" inputMode="tel" value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
      </div>

      <CallbackTable
        callbacks={shown}
        extraColumns={options.columns}
        includeServiceId={options.includeServiceId}
        onEdit={canManage ? edit : undefined}
        highlightId={highlightId}
      />

      {dialog?.kind === 'create' ? (
        <CreateCallbackDialog
          services={services.value ?? []}
          onClose={() => setDialog(undefined)}
          onCreated={created}
        />
      ) : null}
      {dialog?.kind === 'edit' ? (
        <EditCallbackDialog
          callback={dialog.callback}
          onClose={() => setDialog(undefined)}
          onChanged={(message) => changed(message, dialog.callback._id)}
        />
      ) : null}
      {dialog?.kind === 'advanced' ? (
        <AdvancedOptionsDialog
          value={options}
          services={services.value ?? []}
          onClose={() => setDialog(undefined)}
          onSave={(next) => {
            setOptions(next);
            setDialog(undefined);
          }}
        />
      ) : null}
    </section>
  );
}
