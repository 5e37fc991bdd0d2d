import type { DeviceAddress, DeviceChannel, DeviceDelivery, PushPort } from '../../ports/push.js';

/**
 * The project's WebSocket as a Notification API channel (type `websocket`): `deviceId` is a
 * session `_id`, and the event goes, as a `/_genesys` notification frame, to every socket
 * subscribed to that session (`{"action":"subscribe","id":...}`, docs/push.md). No socket
 * listening is `failed`: the app may subscribe again after a reconnect.
 */
export class SessionSocketDeviceChannel implements DeviceChannel {
  constructor(private readonly push: () => Pick<PushPort, 'broadcast'>) {}

  async deliver(
    device: DeviceAddress,
    notification: { id: string; tag: string; message: unknown },
  ): Promise<DeviceDelivery> {
    const taken = await this.push().broadcast(device.deviceId, notification);
    return taken > 0 ? 'delivered' : 'failed';
  }
}
