import type { ConfigEntry, ConfigStore, TemplateStore } from '../ports.js';
import { InvalidParameterError, NotFoundError } from './errors.js';
import { maskSecrets, sealSecrets } from './public-access.js';
import { parseTarget } from './routing/routing-target.js';
import { optionValueProblem, parseServiceTemplate, type ServiceTemplate } from './service-template.js';
import { BUILTIN_TEMPLATES, builtinTemplateForService } from './templates/index.js';

type Ports = { config: ConfigStore; templates: TemplateStore };

/** What the management API returns for a configured service (`service.{name}` section). */
export interface ServiceView {
  name: string;
  /** Where clients call it. */
  url: string;
  options: Record<string, string>;
}

const SERVICE_TYPES = ['builtin', 'ors'];

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

/** The template a `_service` value selects: a built-in one first, else the uploaded one declaring it. */
export async function templateForService(
  templates: TemplateStore,
  service: string,
): Promise<ServiceTemplate | undefined> {
  const builtin = builtinTemplateForService(service);
  if (builtin) return builtin;
  for (const stored of await templates.list()) {
    const template = parseServiceTemplate(stored.document);
    if (template.service === service) return template;
  }
  return undefined;
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

/**
 * A callback service's `_target` must be one the built-in router can read (400 naming `_target`),
 * unless it holds a `$token$` that each request fills in: that result is checked at create.
 */
function checkRoutingTarget(target: string | undefined): void {
  if (target === undefined || /\$[A-Za-z0-9_.-]+\$/.test(target)) return;
  parseTarget(target);
}

/**
 * Validates a service against the template its `_service` selects and stores it. Options the
 * template does not declare are kept: GMS services carry custom parameters (e.g. the `get`
 * service returns them).
 */
export async function saveServiceConfig(
  ports: Ports,
  name: string,
  options: Record<string, string>,
): Promise<ConfigEntry> {
  const service = options._service?.trim();
  if (!service) {
    throw new InvalidParameterError(
      '_service',
      "Option '_service' is mandatory: it names the kind of service, e.g. request-interaction.",
    );
  }
  const template = await templateForService(ports.templates, service);
  if (!template) {
    const known = BUILTIN_TEMPLATES.map((t) => t.service).join(', ');
    throw new InvalidParameterError(
      '_service',
      `No template provides _service '${service}'. Built-in services are ${known}; upload a template for any other.`,
    );
  }
  const type = options._type?.trim();
  if (!type) throw new InvalidParameterError('_type', "Option '_type' is mandatory: builtin or ors.");
  if (!SERVICE_TYPES.includes(type)) {
    throw new InvalidParameterError(
      '_type',
      `Option '_type' must be builtin or ors, not '${options._type}'.`,
    );
  }
  validateServiceOptions(template, options);
  if (service === 'callback') checkRoutingTarget(options._target);
  // Secrets are stored hashed; the mask the management API returned keeps the stored one.
  const sealed = await sealSecrets(options, (await ports.config.get('service', name))?.options);
  return ports.config.put('service', name, sealed);
}

export async function getServiceConfig(ports: Pick<Ports, 'config'>, name: string): Promise<ConfigEntry> {
  const entry = await ports.config.get('service', name);
  if (!entry) throw new NotFoundError(`Service '${name}' does not exist.`);
  return entry;
}

export async function deleteServiceConfig(ports: Pick<Ports, 'config'>, name: string): Promise<void> {
  if (!(await ports.config.delete('service', name)))
    throw new NotFoundError(`Service '${name}' does not exist.`);
}
