import { ConflictError, NotFoundError } from '../../domain/errors.js';
import { parseServiceTemplate } from '../../domain/service-template.js';
import { builtinTemplates } from '../../domain/templates/builtin-catalog.js';
import type { Ports } from '../../ports/index.js';

export type DeleteTemplatePorts = Pick<Ports, 'templates' | 'config'>;

/** Deletes an uploaded template that no configured service still relies on. */
export async function deleteTemplate(ports: DeleteTemplatePorts, name: string): Promise<void> {
  const { builtinTemplate } = await builtinTemplates();
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
