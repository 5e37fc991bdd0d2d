import { ServiceUnavailableError } from '../../domain/errors.js';
import type { Ports } from '../../ports/index.js';

export type HealthPorts = Pick<Ports, 'tableHealth' | 'node'>;

/** `health`: UP with the node status once every table answers; a table that does not is a 503. */
export async function health(ports: HealthPorts): Promise<{ status: 'UP'; node: string }> {
  const failed = (await ports.tableHealth.probe()).find((p) => !p.ok);
  if (failed) throw new ServiceUnavailableError(`Storage is not reachable: ${failed.error}.`);
  return { status: 'UP', node: await ports.node.get() };
}
