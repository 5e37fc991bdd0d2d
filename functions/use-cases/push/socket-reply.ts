import type { ServerMessage } from '../../domain/push/push-protocol.js';
import type { Ports } from '../../ports/index.js';

export type SocketReplyPorts = Pick<Ports, 'sockets' | 'connections'>;

/**
 * Replies go out through the management API, exactly like pushes, so local and AWS behave alike.
 * A connection that is gone is forgotten. True when the frame was sent.
 */
export async function replyOnSocket(
  ports: SocketReplyPorts,
  connectionId: string,
  message: ServerMessage,
): Promise<boolean> {
  const outcome = await ports.sockets.send(connectionId, JSON.stringify(message));
  if (outcome === 'gone') await ports.connections.remove(connectionId);
  return outcome === 'sent';
}
