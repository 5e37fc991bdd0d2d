import { subscriptionRefusal } from '../../domain/push/push-protocol.js';
import type { Ports } from '../../ports/index.js';
import { replyOnSocket } from './socket-reply.js';

export type UnsubscribeSessionPorts = Pick<Ports, 'sockets' | 'connections'>;

/** The device stops following `id`: acknowledged, or refused while its connection item is busy. */
export async function unsubscribeSession(
  ports: UnsubscribeSessionPorts,
  connectionId: string,
  id: string,
): Promise<void> {
  const outcome = await ports.connections.unsubscribe(connectionId, id);
  await replyOnSocket(
    ports,
    connectionId,
    outcome === 'busy'
      ? subscriptionRefusal('unsubscribe', id, 'busy')
      : { type: 'ack', action: 'unsubscribe', id },
  );
}
