import { useId, useMemo, useState, type FormEvent } from 'react';
import { OptionsEditor } from './OptionsEditor';
import {
  CONFIG_NAME,
  CONFIG_NAME_HINT,
  defaultOptions,
  type ServiceView,
  type TemplateView,
} from './service-types';

interface AddServiceProps {
  templates: TemplateView[];
  existing: string[];
  onCreated(view: ServiceView): void;
}

interface Draft {
  name: string;
  template: TemplateView;
  preset?: string;
}

/**
 * Step 1: a loaded template (and, for callback, a scenario preset) and a name. Step 2: the
 * options form, prefilled with the template's defaults, saved with one PUT.
 */
export function AddService({ templates, existing, onCreated }: AddServiceProps) {
  const [templateName, setTemplateName] = useState('');
  const [preset, setPreset] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string>();
  const [draft, setDraft] = useState<Draft>();
  const uid = useId();
  const template = templates.find((t) => t.name === templateName);
  const presets = template?.presets ?? [];
  const chosenPreset = presets.find((p) => p.name === preset);
  // Memoized: the editor rebuilds its rows whenever `initial` is a new object.
  const initial = useMemo(() => (draft ? defaultOptions(draft.template, draft.preset) : {}), [draft]);

  const start = (e: FormEvent) => {
    e.preventDefault();
    const n = name.trim();
    if (!template) return setError('Choose a service template.');
    if (!CONFIG_NAME.test(n))
      return setError(`The service name must be 1–128 characters: ${CONFIG_NAME_HINT}.`);
    if (existing.includes(n))
      return setError(`A service named '${n}' already exists: edit it in the list below.`);
    setError(undefined);
    setDraft({ name: n, template, preset: chosenPreset?.name });
  };

  return (
    <section className="card" aria-labelledby={`${uid}-title`}>
      <h2 id={`${uid}-title`}>Add a service</h2>
      {draft ? (
        <>
          <p>
            New service <strong>{draft.name}</strong> from template <strong>{draft.template.name}</strong>
            {draft.preset ? (
              <>
                {' '}
                with scenario preset <strong>{draft.preset}</strong>
              </>
            ) : null}
            . The options start from the template&apos;s defaults; change them, then create the service.
          </p>
          <OptionsEditor
            serviceName={draft.name}
            template={draft.template}
            initial={initial}
            saveLabel="Create service"
            onSaved={(view) => {
              setDraft(undefined);
              setName('');
              onCreated(view);
            }}
            onCancel={() => setDraft(undefined)}
          />
        </>
      ) : (
        <form className="stack" onSubmit={start}>
          {templates.length === 0 ? (
            <p className="muted">No service template is loaded: load one under Tools → Service Templates.</p>
          ) : null}
          <div className="row">
            <label>
              Service template
              <select
                value={templateName}
                onChange={(e) => {
                  setTemplateName(e.target.value);
                  const t = templates.find((x) => x.name === e.target.value);
                  setPreset(t?.presets?.[0]?.name ?? '');
                }}
                required
              >
                <option value="">Choose a template…</option>
                {templates.map((t) => (
                  <option key={t.name} value={t.name}>
                    {t.name}
                    {t.builtin ? '' : ' (uploaded)'}
                  </option>
                ))}
              </select>
            </label>
            {presets.length > 0 ? (
              <label>
                Scenario preset
                <select value={preset} onChange={(e) => setPreset(e.target.value)}>
                  {presets.map((p) => (
                    <option key={p.name} value={p.name}>
                      {p.name}
                    </option>
                  ))}
                  <option value="">None: template defaults only</option>
                </select>
              </label>
            ) : null}
            <label>
              Service name
              <input
                value={name}
                onChange={(e) => setName(e.target.value)}
                required
                spellCheck={false}
                aria-describedby={`${uid}-name-hint`}
                placeholder="e.g. iPhoneService"
              />
            </label>
            <button type="submit">Continue</button>
          </div>
          <p className="muted small" id={`${uid}-name-hint`}>
            The name is part of the service URL: {CONFIG_NAME_HINT}.
          </p>
          {template ? <p className="muted">{template.description}</p> : null}
          {chosenPreset ? (
            <p className="muted">
              <strong>{chosenPreset.name}:</strong> {chosenPreset.description}
            </p>
          ) : null}
          {error ? (
            <p className="notice error" role="alert">
              {error}
            </p>
          ) : null}
        </form>
      )}
    </section>
  );
}
