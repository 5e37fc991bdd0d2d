import { NotFoundError } from '../../domain/errors.js';
import type { Ports } from '../../ports/index.js';

export type CallbackServicePorts = Pick<Ports, 'config'>;

/** The configured options of callback service `name`; 404 when no callback service has that name. */
export async function callbackService(
  ports: CallbackServicePorts,
  name: string,
): Promise<Record<string, string>> {
  const entry = await ports.config.get('service', name);
  if (!entry || entry.options._service !== 'callback') {
    throw new NotFoundError(`Callback service '${name}' is not configured.`);
  }
  return entry.options;
}
