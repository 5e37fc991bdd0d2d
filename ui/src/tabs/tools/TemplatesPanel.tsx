import type { ColumnDef } from '@tanstack/react-table';
import { useId, useRef, useState, type FormEvent } from 'react';
import { api } from '../../api';
import { DataTable } from '../../components/DataTable';
import { ErrorNotice, SuccessNotice } from '../../components/Notice';
import { useLoad } from '../../components/use-load';
import { ConfirmButton } from '../services/ConfirmButton';
import {
  fetchTemplate,
  type TemplateOption,
  type TemplateSummary,
  type TemplateView,
} from '../services/service-types';

const EXAMPLE = `{
  "name": "loyalty-info",
  "service": "loyalty-info",
  "description": "Loyalty Info: an ORS service returning the customer's tier.",
  "options": [
    { "name": "_type", "default": "ors", "category": "mandatory",
      "type": "enum", "values": ["builtin", "ors"] },
    { "name": "_service", "default": "loyalty-info", "category": "mandatory" },
    { "name": "_ttl", "default": "30", "category": "optional", "type": "integer", "min": 1,
      "description": "Seconds the stored data lives." },
    { "name": "_customer_id", "category": "request-parameter",
      "description": "Sent by the app." }
  ]
}`;

/**
 * The seed's Service Templates: the built-in ones (GMS's service_templates/*.zip) and uploaded
 * ones, each with its options' defaults, categories and descriptions. Uploaded ones can be deleted.
 */
export function TemplatesPanel() {
  const templates = useLoad(() => api<TemplateSummary[]>('/admin/templates'));
  const [open, setOpen] = useState<Set<string>>(new Set());
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const toggle = (name: string) =>
    setOpen((o) => {
      const next = new Set(o);
      if (next.has(name)) next.delete(name);
      else next.add(name);
      return next;
    });

  return (
    <div className="stack">
      <UploadTemplate
        onUploaded={(t) => {
          setNotice(`Uploaded template ${t.name} (_service ${t.service}). Services can now be made from it.`);
          setOpen((o) => new Set(o).add(t.name));
          void templates.reload();
        }}
      />
      <SuccessNotice message={notice} />
      <ErrorNotice error={error ?? templates.error} />
      {templates.loading && !templates.value ? <p role="status">Loading templates…</p> : null}
      <ul className="template-list service-list">
        {(templates.value ?? []).map((t) => (
          <TemplateItem
            key={t.name}
            summary={t}
            expanded={open.has(t.name)}
            onToggle={() => toggle(t.name)}
            onDelete={async () => {
              setError(undefined);
              setNotice(undefined);
              try {
                await api(`/admin/templates/${encodeURIComponent(t.name)}`, { method: 'DELETE' });
                setNotice(`Deleted template ${t.name}.`);
                await templates.reload();
              } catch (e) {
                setError(e);
              }
            }}
          />
        ))}
      </ul>
    </div>
  );
}

function UploadTemplate({ onUploaded }: { onUploaded(t: TemplateView): void }) {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  const uid = useId();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const file = fileRef.current?.files?.[0];
    if (!file) return setError(new Error('Choose a .json template, or a .zip holding one.'));
    setBusy(true);
    setError(undefined);
    try {
      // The route takes the file as multipart field `file`: the server tells a zip from JSON by its bytes.
      const body = new FormData();
      body.append('file', file, file.name);
      const saved = await api<TemplateView>('/admin/templates', { method: 'POST', body });
      if (fileRef.current) fileRef.current.value = '';
      onUploaded(saved);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card stack" onSubmit={(e) => void submit(e)} aria-labelledby={`${uid}-title`}>
      <h2 id={`${uid}-title`}>+ Add Service Template</h2>
      <p className="muted">
        Upload your own template: a JSON document, or a zip holding one (as GMS&apos;s
        service_templates/*.zip). Its <code>_service</code> must not be one another template already provides.
      </p>
      <div className="row">
        <label>
          Template file (.json or .zip)
          <input ref={fileRef} type="file" accept=".json,.zip,application/json,application/zip" />
        </label>
        <button type="submit" disabled={busy}>
          {busy ? 'Uploading…' : 'Upload template'}
        </button>
      </div>
      <ErrorNotice error={error} />
      <details>
        <summary>What a template file looks like</summary>
        <p>
          Categories: <code>mandatory</code>, <code>optional</code>, <code>advanced</code>,{' '}
          <code>request-parameter</code>. Types: string, integer (min, max), boolean, enum (values), json,
          time, timezone, url. <code>_type</code> and <code>_service</code> must be mandatory.
        </p>
        <pre>{EXAMPLE}</pre>
      </details>
    </form>
  );
}

const CATEGORY_ORDER = ['mandatory', 'optional', 'advanced', 'request-parameter'];

const columns: ColumnDef<TemplateOption, unknown>[] = [
  { accessorKey: 'name', header: 'Name', cell: (c) => <code>{String(c.getValue())}</code> },
  {
    id: 'default',
    accessorFn: (o) => o.default ?? '',
    header: 'Default Value',
    cell: (c) =>
      c.getValue() === '' ? <span className="muted">—</span> : <code>{String(c.getValue())}</code>,
  },
  {
    accessorKey: 'category',
    header: 'Category',
    sortingFn: (a, b) =>
      CATEGORY_ORDER.indexOf(a.original.category) - CATEGORY_ORDER.indexOf(b.original.category),
  },
  {
    id: 'type',
    accessorFn: (o) => (o.type === 'enum' ? `enum: ${(o.values ?? []).join(', ')}` : o.type),
    header: 'Type',
  },
  { id: 'section', accessorFn: (o) => o.section ?? '', header: 'Section' },
  { accessorKey: 'description', header: 'Description' },
];

interface TemplateItemProps {
  summary: TemplateSummary;
  expanded: boolean;
  onToggle(): void;
  onDelete(): Promise<void>;
}

function TemplateItem({ summary, expanded, onToggle, onDelete }: TemplateItemProps) {
  const uid = useId();
  return (
    <li className="service-item template-item">
      <div className="row">
        <h3 className="grow">
          <button
            type="button"
            className="disclosure"
            aria-expanded={expanded}
            aria-controls={`${uid}-body`}
            onClick={onToggle}
          >
            <span aria-hidden="true" className="chevron">
              {expanded ? '▾' : '▸'}
            </span>
            {summary.name}
            <span className="badge">{summary.builtin ? 'built-in' : 'uploaded'}</span>
          </button>
        </h3>
        {summary.builtin ? null : (
          <ConfirmButton
            label={`Delete ${summary.name}`}
            question={`Delete template ${summary.name}?`}
            onConfirm={onDelete}
          />
        )}
      </div>
      <p className="muted">{summary.description}</p>
      <div id={`${uid}-body`} hidden={!expanded}>
        {expanded ? <TemplateDetails name={summary.name} /> : null}
      </div>
    </li>
  );
}

function TemplateDetails({ name }: { name: string }) {
  const template = useLoad(() => fetchTemplate(name), [name]);
  if (template.error) return <ErrorNotice error={template.error} />;
  const t = template.value;
  if (!t) return <p role="status">Loading options…</p>;
  return (
    <div className="stack">
      <p>
        Services made from it carry <code>_service={t.service}</code>.
      </p>
      <DataTable
        label={`Options of template ${t.name}`}
        data={t.options}
        columns={t.options.some((o) => o.section) ? columns : columns.filter((c) => c.id !== 'section')}
        storageKey="gms.tools.template-options"
        pageSizes={[25, 50, 100]}
      />
      {t.presets?.length ? (
        <section aria-label={`Scenario presets of ${t.name}`}>
          <h4>Scenario presets</h4>
          <dl>
            {t.presets.map((p) => (
              <div key={p.name}>
                <dt>
                  <strong>{p.name}</strong>
                </dt>
                <dd>
                  {p.description}{' '}
                  <span className="muted small">
                    {Object.entries(p.options)
                      .map(([k, v]) => `${k}=${v}`)
                      .join(', ')}
                  </span>
                </dd>
              </div>
            ))}
          </dl>
        </section>
      ) : null}
    </div>
  );
}
