import type { ConfigEntry } from './config-entry.js';
import { InvalidParameterError } from './errors.js';
import { maskSecrets } from './public-access.js';
import { optionValueProblem, type ServiceTemplate } from './service-template.js';

/** What the management API returns for a configured service (`service.{name}` section). */
export interface ServiceView {
  name: string;
  /** Where clients call it. */
  url: string;
  options: Record<string, string>;
}

/** Callback services live under `/service/callback/{name}` (D-CB); every other service under `/service/{name}`. */
export function serviceUrl(name: string, options: Record<string, string>): string {
  return options._service === 'callback'
    ? `/genesys/1/service/callback/${name}`
    : `/genesys/1/service/${name}`;
}

/** Stored secrets (`password`, `api_key`) are never returned: they read as `********`. */
export function describeService(entry: ConfigEntry): ServiceView {
  return {
    name: entry.name,
    url: serviceUrl(entry.name, entry.options),
    options: maskSecrets(entry.options),
  };
}

/** Checks a service's options against its template: mandatory ones present, typed ones well formed. */
export function validateServiceOptions(template: ServiceTemplate, options: Record<string, string>): void {
  for (const option of template.options) {
    const value = options[option.name];
    if (option.category === 'mandatory' && (value === undefined || value.trim() === '')) {
      throw new InvalidParameterError(
        option.name,
        `Option '${option.name}' is mandatory for '${template.service}' services (${option.description || option.type}).`,
      );
    }
    if (value === undefined) continue;
    const problem = optionValueProblem(option, value);
    if (problem) {
      throw new InvalidParameterError(option.name, `Option '${option.name}' ${problem}, not '${value}'.`);
    }
  }
}
