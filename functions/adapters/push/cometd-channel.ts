import { genesysMessage } from '../../domain/bayeux/bayeux-protocol.js';
import { logger } from '../../observability.js';
import type { BayeuxStore } from '../../ports/bayeux.js';
import type { Clock } from '../../ports/clock-and-ids.js';
import type { ConnectionSender } from '../../ports/connections.js';
import type { DeviceAddress, DeviceChannel, DeviceDelivery } from '../../ports/push.js';

export interface CometdChannelPorts {
  clock: Clock;
  bayeux: BayeuxStore;
  sockets: ConnectionSender;
}

/**
 * GMS channel type `comet`: `deviceId` is a `gms_user`. Every CometD client that handshook as that
 * user and subscribed to `/_genesys` gets `{channel: "/_genesys", data: {id, tag, message}}`: over
 * its WebSocket at once, or, for a long-polling client, kept for its next `/meta/connect` (which
 * comes within the advised interval). A client whose WebSocket is gone is forgotten: it gets
 * `402::Unknown client` on its next message and handshakes again.
 */
export class CometdChannel implements DeviceChannel {
  constructor(private readonly ports: () => CometdChannelPorts) {}

  async deliver(
    device: DeviceAddress,
    notification: { id: string; tag: string; message: unknown },
  ): Promise<DeviceDelivery> {
    const p = this.ports();
    const now = p.clock.now();
    const clients = await p.bayeux.listeners(device.deviceId, now);
    if (clients.length === 0) return 'failed';
    const message = genesysMessage(notification.id, notification.tag, notification.message);
    const outcomes = await Promise.all(
      clients.map(async (client) => {
        try {
          if (client.connectionId === undefined) {
            await p.bayeux.enqueue(
              client.id,
              { id: notification.id, createdAt: now, message },
              client.expiresAt,
            );
            return true;
          }
          if ((await p.sockets.send(client.connectionId, JSON.stringify([message]))) === 'sent') return true;
          await p.bayeux.remove(client.id);
          return false;
        } catch (e) {
          logger.warn('CometD delivery failed', {
            clientId: client.id,
            tag: notification.tag,
            error: e as Error,
          });
          return false;
        }
      }),
    );
    return outcomes.some(Boolean) ? 'delivered' : 'failed';
  }
}
