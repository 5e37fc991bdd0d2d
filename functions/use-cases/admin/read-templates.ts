import { NotFoundError } from '../../domain/errors.js';
import { parseServiceTemplate, type ServiceTemplate } from '../../domain/service-template.js';
import { builtinTemplates } from '../../domain/templates/builtin-catalog.js';
import type { Ports } from '../../ports/index.js';
import type { TemplateStore } from '../../ports/config.js';

/**
 * The Service Templates tab: the built-in templates plus the ones users upload. Built-ins are
 * code, so they can be neither replaced nor deleted, and an uploaded template may not claim a
 * `_service` another template already provides: a service must select exactly one template.
 */

export type ReadTemplatesPorts = Pick<Ports, 'templates'>;

export interface TemplateSummary {
  name: string;
  service: string;
  description: string;
  builtin: boolean;
  presets: string[];
}

export type TemplateView = ServiceTemplate & { builtin: boolean };

const summary = (t: ServiceTemplate, builtin: boolean): TemplateSummary => ({
  name: t.name,
  service: t.service,
  description: t.description,
  builtin,
  presets: (t.presets ?? []).map((p) => p.name),
});

/** The uploaded templates, parsed. */
export async function uploaded(store: TemplateStore): Promise<ServiceTemplate[]> {
  return (await store.list()).map((s) => parseServiceTemplate(s.document));
}

export async function listTemplates(ports: ReadTemplatesPorts): Promise<TemplateSummary[]> {
  const { BUILTIN_TEMPLATES } = await builtinTemplates();
  const user = (await uploaded(ports.templates)).sort((a, b) => a.name.localeCompare(b.name));
  return [...BUILTIN_TEMPLATES.map((t) => summary(t, true)), ...user.map((t) => summary(t, false))];
}

export async function getTemplate(ports: ReadTemplatesPorts, name: string): Promise<TemplateView> {
  const builtin = (await builtinTemplates()).builtinTemplate(name);
  if (builtin) return { ...builtin, builtin: true };
  const stored = await ports.templates.get(name);
  if (!stored) throw new NotFoundError(`Service template '${name}' does not exist.`);
  return { ...parseServiceTemplate(stored.document), builtin: false };
}
