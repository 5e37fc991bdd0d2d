import { NotFoundError } from '../../domain/errors.js';
import type { Ports } from '../../ports/index.js';

export type CallbackServicesPorts = Pick<Ports, 'config'>;

/** The configured callback services, in name order. */
export async function callbackServiceNames(ports: CallbackServicesPorts): Promise<string[]> {
  const entries = await ports.config.list('service');
  return entries
    .filter((e) => e.options._service === 'callback')
    .map((e) => e.name)
    .sort();
}

/** 404 unless `name` is a configured callback service. */
export async function requireCallbackService(ports: CallbackServicesPorts, name: string): Promise<void> {
  const entry = await ports.config.get('service', name);
  if (!entry || entry.options._service !== 'callback') {
    throw new NotFoundError(`Callback service '${name}' is not configured.`);
  }
}
