import type { Ports } from '../../ports/index.js';

export type ConnectDevicePorts = Pick<Ports, 'connections' | 'clock'>;

/** API Gateway ends every WebSocket connection after 2 hours; its items expire a little later. */
const CONNECTION_LIFETIME_MS = 2 * 3600_000 + 5 * 60_000;

/** `$connect`: the connection, with the `gms_user` it gave (its CometD and Notification API identity). */
export async function connectDevice(
  ports: ConnectDevicePorts,
  connectionId: string,
  gmsUser: string | undefined,
): Promise<void> {
  const now = ports.clock.now();
  await ports.connections.add({
    id: connectionId,
    ...(gmsUser ? { gmsUser } : {}),
    connectedAt: now,
    expiresAt: now + CONNECTION_LIFETIME_MS,
  });
}
