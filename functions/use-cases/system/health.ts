import { ServiceUnavailableError } from '../../domain/errors.js';
import { STATUS_CHECK_MAX_AGE_MS } from '../../domain/status-check-age.js';
import type { Ports } from '../../ports/index.js';

export type HealthPorts = Pick<Ports, 'tableHealth' | 'node'>;

/**
 * `health`: UP with the node status once every table answers; a table that does not is a 503.
 * Both may be up to a second old (`STATUS_CHECK_MAX_AGE_MS`): health is polled, and must not cost
 * a read of every table on each call.
 */
export async function health(ports: HealthPorts): Promise<{ status: 'UP'; node: string }> {
  const failed = (await ports.tableHealth.probe(STATUS_CHECK_MAX_AGE_MS)).find((p) => !p.ok);
  if (failed) throw new ServiceUnavailableError(`Storage is not reachable: ${failed.error}.`);
  return { status: 'UP', node: await ports.node.get(STATUS_CHECK_MAX_AGE_MS) };
}
