import { countActive } from '../callback/find-callbacks.js';
import type { Ports } from '../../ports/index.js';
import { callbackServiceNames, requireCallbackService } from './callback-services.js';

export type CountActiveCallbacksPorts = Pick<Ports, 'config' | 'callbacks' | 'clock'>;

/**
 * Active (not COMPLETED) callbacks of each service named (each must be a callback service), or of
 * every callback service when none is, and their total.
 */
export async function countActiveCallbacks(
  ports: CountActiveCallbacksPorts,
  named: readonly string[],
): Promise<{ services: Record<string, number>; total: number }> {
  for (const name of named) await requireCallbackService(ports, name);
  const services = named.length > 0 ? [...new Set(named)] : await callbackServiceNames(ports);
  const counts: Record<string, number> = {};
  let total = 0;
  for (const service of services) {
    counts[service] = await countActive(ports, service);
    total += counts[service];
  }
  return { services: counts, total };
}
