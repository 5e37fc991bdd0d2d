import { useEffect, useId, useMemo, useState } from 'react';
import { api } from '../api';
import { ErrorNotice, SuccessNotice } from '../components/Notice';
import { useLoad } from '../components/use-load';
import { AddService } from './services/AddService';
import { ServiceItem } from './services/ServiceItem';
import {
  fetchTemplate,
  type ServiceView,
  type TemplateSummary,
  type TemplateView,
} from './services/service-types';
import './services-tools.css';

const PER_PAGE_KEY = 'gms.services.perPage';
const PAGE_SIZES = [5, 10, 25, 50];

/** Every loaded template in full: the editor needs each option's category, default and description. */
async function loadTemplates(): Promise<TemplateView[]> {
  const list = await api<TemplateSummary[]>('/admin/templates');
  return Promise.all(list.map((t) => fetchTemplate(t.name)));
}

/** "Request Interaction: stores…" -> "Request Interaction". */
const templateTitle = (t: TemplateView | undefined) => {
  const head = t?.description.split(':')[0]?.trim();
  return head && head.length <= 40 ? head : undefined;
};

/**
 * The seed's Services tab: services made from loaded templates, grouped by kind (`_service`),
 * each group and service collapsible, a chosen number of services per page.
 */
export default function ServicesTab() {
  const services = useLoad(() => api<ServiceView[]>('/admin/services'));
  const templates = useLoad(loadTemplates);
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [perPage, setPerPage] = useState(() => Number(localStorage.getItem(PER_PAGE_KEY)) || 10);
  const [page, setPage] = useState(0);
  const [notice, setNotice] = useState<string>();
  const uid = useId();

  useEffect(() => localStorage.setItem(PER_PAGE_KEY, String(perPage)), [perPage]);

  const byService = useMemo(
    () => new Map((templates.value ?? []).map((t) => [t.service, t])),
    [templates.value],
  );
  const sorted = useMemo(
    () =>
      [...(services.value ?? [])].sort(
        (a, b) =>
          (a.options._service ?? '').localeCompare(b.options._service ?? '') || a.name.localeCompare(b.name),
      ),
    [services.value],
  );
  const pages = Math.max(1, Math.ceil(sorted.length / perPage));
  const current = Math.min(page, pages - 1);
  const shown = sorted.slice(current * perPage, (current + 1) * perPage);
  const groups = new Map<string, ServiceView[]>();
  for (const s of shown) {
    const kind = s.options._service ?? '(no _service)';
    groups.set(kind, [...(groups.get(kind) ?? []), s]);
  }
  const totals = new Map<string, number>();
  for (const s of sorted)
    totals.set(s.options._service ?? '', (totals.get(s.options._service ?? '') ?? 0) + 1);

  const toggle = (set: Set<string>, key: string) => {
    const next = new Set(set);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    return next;
  };
  const replace = (view: ServiceView) =>
    services.setValue((list) => {
      const others = (list ?? []).filter((s) => s.name !== view.name);
      return [...others, view];
    });

  return (
    <div className="services-tab">
      <p className="muted">
        Services are made from the templates loaded under Tools → Service Templates. Each one answers at{' '}
        <code>{window.location.origin}/genesys/1/service/&#123;name&#125;</code>.
      </p>
      <ErrorNotice error={templates.error} />
      {templates.value ? (
        <AddService
          templates={templates.value}
          existing={sorted.map((s) => s.name)}
          onCreated={(view) => {
            replace(view);
            setExpanded((e) => new Set(e).add(view.name));
            setCollapsed((c) => {
              const next = new Set(c);
              next.delete(view.options._service ?? '');
              return next;
            });
            const index = [...sorted, view]
              .sort(
                (a, b) =>
                  (a.options._service ?? '').localeCompare(b.options._service ?? '') ||
                  a.name.localeCompare(b.name),
              )
              .findIndex((s) => s.name === view.name);
            setPage(Math.floor(index / perPage));
            setNotice(`Created service ${view.name}.`);
          }}
        />
      ) : templates.loading ? (
        <p role="status">Loading templates…</p>
      ) : null}

      <section className="card" aria-labelledby={`${uid}-list`}>
        <div className="row list-head">
          <h2 id={`${uid}-list`}>Configured services</h2>
          <button type="button" className="secondary" onClick={() => void services.reload()}>
            Refresh
          </button>
          <label className="inline">
            Services per page
            <select
              value={perPage}
              onChange={(e) => {
                setPerPage(Number(e.target.value));
                setPage(0);
              }}
            >
              {PAGE_SIZES.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
        </div>
        <SuccessNotice message={notice} />
        <ErrorNotice error={services.error} />
        {services.loading && !services.value ? <p role="status">Loading services…</p> : null}
        {services.value && sorted.length === 0 ? <p>No service is configured yet: add one above.</p> : null}
        {[...groups].map(([kind, list], groupIndex) => {
          const isCollapsed = collapsed.has(kind);
          const template = byService.get(kind);
          const title = templateTitle(template);
          // An index, not the kind: `_service` is free text and an id must not hold spaces.
          const bodyId = `${uid}-group-${groupIndex}`;
          return (
            <section key={kind} className="service-group" aria-label={`${kind} services`}>
              <h3 className="group-heading">
                <button
                  type="button"
                  className="disclosure"
                  aria-expanded={!isCollapsed}
                  aria-controls={bodyId}
                  onClick={() => setCollapsed((c) => toggle(c, kind))}
                >
                  <span aria-hidden="true" className="chevron">
                    {isCollapsed ? '▸' : '▾'}
                  </span>
                  {kind}
                  {title ? <span className="muted"> — {title}</span> : null}
                  <span className="count"> ({totals.get(kind) ?? list.length})</span>
                </button>
              </h3>
              <ul className="service-list" id={bodyId} hidden={isCollapsed}>
                {list.map((s) => (
                  <ServiceItem
                    key={s.name}
                    service={s}
                    template={byService.get(s.options._service ?? '')}
                    expanded={expanded.has(s.name)}
                    onToggle={() => setExpanded((e) => toggle(e, s.name))}
                    onSaved={(view) => {
                      replace(view);
                      setNotice(undefined);
                    }}
                    onDeleted={(name) => {
                      services.setValue((l) => (l ?? []).filter((x) => x.name !== name));
                      setNotice(`Deleted service ${name}.`);
                    }}
                  />
                ))}
              </ul>
            </section>
          );
        })}
        {pages > 1 ? (
          <nav className="pager" aria-label="Service pages">
            <button type="button" onClick={() => setPage(current - 1)} disabled={current === 0}>
              Previous
            </button>
            <span>
              Page {current + 1} of {pages}
            </span>
            <button type="button" onClick={() => setPage(current + 1)} disabled={current >= pages - 1}>
              Next
            </button>
          </nav>
        ) : null}
      </section>
    </div>
  );
}
