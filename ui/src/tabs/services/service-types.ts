import { api } from '../../api';

/**
 * The shapes the management API answers for services and templates (see
 * functions/domain/service-template.ts and service-config.ts); the UI cannot import server code.
 */

export type OptionCategory = 'mandatory' | 'optional' | 'advanced' | 'request-parameter';

export interface TemplateOption {
  name: string;
  default?: string;
  description: string;
  category: OptionCategory;
  type: 'string' | 'integer' | 'boolean' | 'enum' | 'json' | 'time' | 'timezone' | 'url' | 'secret';
  values?: string[];
  min?: number;
  max?: number;
  section?: string;
}

export interface TemplatePreset {
  name: string;
  description: string;
  options: Record<string, string>;
}

/** GET admin/templates: one line per template. */
export interface TemplateSummary {
  name: string;
  service: string;
  description: string;
  builtin: boolean;
  presets: string[];
}

/** GET admin/templates/{name}. */
export interface TemplateView {
  name: string;
  service: string;
  description: string;
  builtin: boolean;
  options: TemplateOption[];
  presets?: TemplatePreset[];
}

/** GET admin/services and admin/services/{name}. */
export interface ServiceView {
  name: string;
  url: string;
  options: Record<string, string>;
}

/** The same rule as the server's `configName`: service, group and template names. */
export const CONFIG_NAME = /^[A-Za-z0-9_.-]{1,128}$/;
export const CONFIG_NAME_HINT = 'letters, digits, "_", "-" and "." only';

export const fetchTemplate = (name: string) =>
  api<TemplateView>(`/admin/templates/${encodeURIComponent(name)}`);

/**
 * What a new service starts with, as the server's `defaultServiceOptions`: every template default
 * except request parameters (the app sends those), then the preset's values on top.
 */
export function defaultOptions(template: TemplateView, presetName?: string): Record<string, string> {
  const options: Record<string, string> = {};
  for (const o of template.options) {
    if (o.default !== undefined && o.category !== 'request-parameter') options[o.name] = o.default;
  }
  const preset = template.presets?.find((p) => p.name === presetName);
  return preset ? { ...options, ...preset.options } : options;
}

/**
 * The presets whose every value the service still carries. The server keeps no record of the
 * preset a service came from, and presets overlap (Scheduled only adds template defaults to
 * Immediate), so every match is reported rather than a guess.
 */
export function matchingPresets(
  template: TemplateView | undefined,
  options: Record<string, string>,
): TemplatePreset[] {
  return (template?.presets ?? []).filter((p) =>
    Object.entries(p.options).every(([k, v]) => options[k] === v),
  );
}

/** Where clients call a service: callback services answer under `/service/callback/{name}` too. */
export function serviceUrls(name: string, options: Record<string, string>): string[] {
  const plain = `/genesys/1/service/${name}`;
  return options._service === 'callback' ? [plain, `/genesys/1/service/callback/${name}`] : [plain];
}
