import { useId, useState } from 'react';
import { api } from '../../api';
import { ErrorNotice } from '../../components/Notice';
import { ConfirmButton } from './ConfirmButton';
import { OptionsEditor } from './OptionsEditor';
import { matchingPresets, serviceUrls, type ServiceView, type TemplateView } from './service-types';

interface ServiceItemProps {
  service: ServiceView;
  template: TemplateView | undefined;
  expanded: boolean;
  onToggle(): void;
  onSaved(view: ServiceView): void;
  onDeleted(name: string): void;
}

/** One configured service: its URLs always, its options when expanded. */
export function ServiceItem({ service, template, expanded, onToggle, onSaved, onDeleted }: ServiceItemProps) {
  const [error, setError] = useState<unknown>();
  const uid = useId();
  const presets = matchingPresets(template, service.options);
  const origin = window.location.origin;
  return (
    <li className="service-item">
      <h4 className="service-heading">
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
          {service.name}
        </button>
      </h4>
      <ul className="service-urls" aria-label={`URLs of ${service.name}`}>
        {serviceUrls(service.name, service.options).map((u) => (
          <li key={u}>
            <code>{origin + u}</code>
          </li>
        ))}
      </ul>
      <div id={`${uid}-body`} hidden={!expanded}>
        {expanded ? (
          <>
            {template ? null : (
              <p className="notice error" role="alert">
                No loaded template provides _service &apos;{service.options._service}&apos;: every option is
                shown as custom.
              </p>
            )}
            {presets.length > 0 ? (
              <p className="muted">
                Matches the scenario preset{presets.length > 1 ? 's' : ''}{' '}
                <strong>{presets.map((p) => p.name).join(', ')}</strong>
                {presets.length === 1 ? `: ${presets[0]!.description}` : '.'}
              </p>
            ) : null}
            <OptionsEditor
              serviceName={service.name}
              template={template}
              initial={service.options}
              saveLabel="Save"
              onSaved={onSaved}
            />
            <div className="row delete-row">
              <ConfirmButton
                label="Delete service"
                question={`Delete service ${service.name}?`}
                onConfirm={async () => {
                  setError(undefined);
                  try {
                    await api(`/admin/services/${encodeURIComponent(service.name)}`, { method: 'DELETE' });
                    onDeleted(service.name);
                  } catch (e) {
                    setError(e);
                  }
                }}
              />
            </div>
            <ErrorNotice error={error} />
          </>
        ) : null}
      </div>
    </li>
  );
}
