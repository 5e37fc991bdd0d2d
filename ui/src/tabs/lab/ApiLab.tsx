import { useMemo, useState } from 'react';
import { api } from '../../api';
import { ErrorNotice } from '../../components/Notice';
import { useLoad } from '../../components/use-load';
import { byTag, operationsOf, type OpenApiDocument, type Operation } from './api/openapi-model';
import { OperationTry } from './api/OperationTry';

/**
 * GMS's API tab, as a compact explorer of our own rather than Swagger UI: every route of the
 * OpenAPI document, grouped by tag, tried from this page with the full request and response shown.
 */
export default function ApiLab() {
  const doc = useLoad(() => api<OpenApiDocument>('/openapi.json', { anonymous: true }));
  const [filter, setFilter] = useState('');
  const [open, setOpen] = useState<Record<string, boolean>>({});
  const ops = useMemo(() => (doc.value ? operationsOf(doc.value) : []), [doc.value]);
  const shown = useMemo(() => {
    const f = filter.trim().toLowerCase();
    if (!f) return ops;
    return ops.filter((o) => `${o.key} ${o.summary} ${o.tag} ${o.operationId}`.toLowerCase().includes(f));
  }, [ops, filter]);

  if (doc.error) return <ErrorNotice error={doc.error} />;
  if (!doc.value) return <p role="status">Loading the OpenAPI document…</p>;
  return (
    <div className="api-lab">
      <p>
        Every route of <a href="/genesys/1/openapi.json">the OpenAPI document</a> ({ops.length} operations).
        Open one, fill its parameters and choose <strong>Try it out!</strong>: the request goes from this
        page, with your token if you keep it ticked.
      </p>
      <label className="api-filter">
        Find a route
        <input
          type="search"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          placeholder="e.g. storage, callback, GET"
        />
      </label>
      <p className="muted" role="status">
        {shown.length} of {ops.length} operations
      </p>
      {byTag(shown).map(([tag, list]) => (
        <section key={tag} className="api-group" aria-label={tag}>
          <h3>{tag}</h3>
          {list.map((op: Operation) => (
            <details
              key={op.key}
              className="api-op"
              open={!!open[op.key]}
              onToggle={(e) => {
                const isOpen = (e.currentTarget as HTMLDetailsElement).open;
                setOpen((o) => (o[op.key] === isOpen ? o : { ...o, [op.key]: isOpen }));
              }}
            >
              <summary>
                <span className={`method ${op.method.toLowerCase()}`}>{op.method}</span>
                <code className="op-path">{op.path}</code>
                <span className="op-summary">{op.summary}</span>
              </summary>
              {open[op.key] ? <OperationTry doc={doc.value!} op={op} /> : null}
            </details>
          ))}
        </section>
      ))}
    </div>
  );
}
