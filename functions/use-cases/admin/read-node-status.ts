import type { Ports } from '../../ports/index.js';

export type ReadNodeStatusPorts = Pick<Ports, 'node'>;

/** GMS's node API answers ONLINE or OFFLINE: a node shutting down already reports OFFLINE. */
export async function readNodeStatus(ports: ReadNodeStatusPorts): Promise<'ONLINE' | 'OFFLINE'> {
  const status = await ports.node.get();
  return status === 'SHUTDOWN' ? 'OFFLINE' : status;
}
