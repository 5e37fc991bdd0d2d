import type { Ports } from '../../ports/index.js';

export type DisconnectDevicePorts = Pick<Ports, 'connections'>;

/** `$disconnect`: the connection and its subscriptions are forgotten. */
export async function disconnectDevice(ports: DisconnectDevicePorts, connectionId: string): Promise<void> {
  await ports.connections.remove(connectionId);
}
