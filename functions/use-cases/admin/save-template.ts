import type { Clock, ConfigStore, TemplateStore } from '../../ports.js';
import { ConflictError, InvalidParameterError, NotFoundError } from '../../domain/errors.js';
import { parseServiceTemplate, type ServiceTemplate } from '../../domain/service-template.js';
import {
  BUILTIN_TEMPLATES,
  builtinTemplate,
  builtinTemplateForService,
} from '../../domain/templates/index.js';

/**
 * The Service Templates tab: the built-in templates plus the ones users upload. Built-ins are
 * code, so they can be neither replaced nor deleted, and an uploaded template may not claim a
 * `_service` another template already provides: a service must select exactly one template.
 */

export interface TemplateSummary {
  name: string;
  service: string;
  description: string;
  builtin: boolean;
  presets: string[];
}

export type TemplateView = ServiceTemplate & { builtin: boolean };

type Ports = { templates: TemplateStore; config: ConfigStore; clock: Clock };

const summary = (t: ServiceTemplate, builtin: boolean): TemplateSummary => ({
  name: t.name,
  service: t.service,
  description: t.description,
  builtin,
  presets: (t.presets ?? []).map((p) => p.name),
});

async function uploaded(store: TemplateStore): Promise<ServiceTemplate[]> {
  return (await store.list()).map((s) => parseServiceTemplate(s.document));
}

export async function listTemplates(ports: Pick<Ports, 'templates'>): Promise<TemplateSummary[]> {
  const user = (await uploaded(ports.templates)).sort((a, b) => a.name.localeCompare(b.name));
  return [...BUILTIN_TEMPLATES.map((t) => summary(t, true)), ...user.map((t) => summary(t, false))];
}

export async function getTemplate(ports: Pick<Ports, 'templates'>, name: string): Promise<TemplateView> {
  const builtin = builtinTemplate(name);
  if (builtin) return { ...builtin, builtin: true };
  const stored = await ports.templates.get(name);
  if (!stored) throw new NotFoundError(`Service template '${name}' does not exist.`);
  return { ...parseServiceTemplate(stored.document), builtin: false };
}

/**
 * Validates and stores an uploaded template. `pathName` is the `{name}` of a PUT: the document
 * takes it when it has no name of its own and must agree with it when it has.
 */
export async function saveTemplate(
  ports: Pick<Ports, 'templates' | 'clock'>,
  document: unknown,
  pathName?: string,
): Promise<TemplateView> {
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw new InvalidParameterError('template', 'A service template is a JSON object.');
  }
  const doc = document as Record<string, unknown>;
  if (pathName !== undefined) {
    if (doc.name === undefined) doc.name = pathName;
    else if (doc.name !== pathName) {
      throw new InvalidParameterError(
        'name',
        `The template is named '${String(doc.name)}' but was sent to '${pathName}'.`,
      );
    }
  }
  const template = parseServiceTemplate(doc);
  if (builtinTemplate(template.name)) {
    throw new ConflictError(
      `'${template.name}' is a built-in service template; it cannot be replaced. Upload under another name.`,
    );
  }
  const owner = builtinTemplateForService(template.service);
  if (owner) {
    throw new ConflictError(
      `_service '${template.service}' is provided by the built-in template '${owner.name}'; choose another _service for '${template.name}'.`,
    );
  }
  const clash = (await uploaded(ports.templates)).find(
    (t) => t.service === template.service && t.name !== template.name,
  );
  if (clash) {
    throw new ConflictError(
      `_service '${template.service}' is already provided by the template '${clash.name}'.`,
    );
  }
  await ports.templates.put({ name: template.name, document: template, updatedAt: ports.clock.now() });
  return { ...template, builtin: false };
}

/** Deletes an uploaded template that no configured service still relies on. */
export async function deleteTemplate(
  ports: Pick<Ports, 'templates' | 'config'>,
  name: string,
): Promise<void> {
  if (builtinTemplate(name))
    throw new ConflictError(`'${name}' is a built-in service template; it cannot be deleted.`);
  const stored = await ports.templates.get(name);
  if (!stored) throw new NotFoundError(`Service template '${name}' does not exist.`);
  const { service } = parseServiceTemplate(stored.document);
  const users = (await ports.config.list('service'))
    .filter((s) => s.options._service === service)
    .map((s) => s.name);
  if (users.length > 0) {
    throw new ConflictError(
      `Service template '${name}' is used by the services ${users.join(', ')}; change or delete them first.`,
    );
  }
  await ports.templates.delete(name);
}
