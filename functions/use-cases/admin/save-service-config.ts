import { InvalidParameterError } from '../../domain/errors.js';
import { sealSecrets } from '../../domain/public-access.js';
import { parseTarget } from '../../domain/routing/routing-target.js';
import { validateServiceOptions } from '../../domain/service-config.js';
import { parseServiceTemplate, type ServiceTemplate } from '../../domain/service-template.js';
import { builtinTemplates } from '../../domain/templates/builtin-catalog.js';
import type { ConfigEntry } from '../../domain/config-entry.js';
import type { Ports } from '../../ports/index.js';
import type { TemplateStore } from '../../ports/config.js';

export type SaveServiceConfigPorts = Pick<Ports, 'config' | 'templates'>;

const SERVICE_TYPES = ['builtin', 'ors'];

/** The template a `_service` value selects: a built-in one first, else the uploaded one declaring it. */
export async function templateForService(
  templates: TemplateStore,
  service: string,
): Promise<ServiceTemplate | undefined> {
  const builtin = (await builtinTemplates()).builtinTemplateForService(service);
  if (builtin) return builtin;
  for (const stored of await templates.list()) {
    const template = parseServiceTemplate(stored.document);
    if (template.service === service) return template;
  }
  return undefined;
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
  ports: SaveServiceConfigPorts,
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
    const known = (await builtinTemplates()).BUILTIN_TEMPLATES.map((t) => t.service).join(', ');
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
