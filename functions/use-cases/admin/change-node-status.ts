import type { NodeStatus } from '../../ports/config.js';
import type { Ports } from '../../ports/index.js';

export type ChangeNodeStatusPorts = Pick<Ports, 'node' | 'onShutdownRequested'>;

/** Stores the status; SHUTDOWN also asks the process to stop (a local server does). */
export async function changeNodeStatus(ports: ChangeNodeStatusPorts, status: NodeStatus): Promise<void> {
  await ports.node.set(status);
  if (status === 'SHUTDOWN') ports.onShutdownRequested?.();
}
