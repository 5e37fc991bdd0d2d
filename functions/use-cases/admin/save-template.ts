import { ConflictError, InvalidParameterError } from '../../domain/errors.js';
import { parseServiceTemplate } from '../../domain/service-template.js';
import { builtinTemplates } from '../../domain/templates/builtin-catalog.js';
import type { Ports } from '../../ports/index.js';
import { uploaded, type TemplateView } from './read-templates.js';

export type SaveTemplatePorts = Pick<Ports, 'templates' | 'clock'>;

/**
 * Validates and stores an uploaded template. `pathName` is the `{name}` of a PUT: the document
 * takes it when it has no name of its own and must agree with it when it has.
 */
export async function saveTemplate(
  ports: SaveTemplatePorts,
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
  const { builtinTemplate, builtinTemplateForService } = await builtinTemplates();
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
