import { nativePlatformFor, nativePushMessage } from '../../domain/push/native-push-payload.js';
import { logger } from '../../observability.js';
import type { DeviceAddress, DeviceChannel, DeviceDelivery } from '../../ports/push.js';
import type { MobilePushService, PushEndpointStore } from '../../ports/mobile-push.js';
import type { OperationalMetrics } from '../../ports/metrics.js';

/** The ports native push uses; read through a getter so overrides given to `createDeps` apply. */
export interface NativePushPorts {
  mobilePush: MobilePushService;
  pushEndpoints: PushEndpointStore;
  operationalMetrics: OperationalMetrics;
}

/**
 * GMS's native push types (`ios`, `android`, `gcm`, `fcm`) over SNS mobile push (or the local
 * simulator, the same code above the service): the device token's endpoint is created once and
 * kept; a push the platform refuses for good (disabled endpoint, unknown token) forgets and deletes
 * the endpoint and answers `invalid`, so the caller keeps the notification for poll.
 */
export class NativePushChannel implements DeviceChannel {
  constructor(private readonly ports: () => NativePushPorts) {}

  async deliver(
    device: DeviceAddress,
    notification: { id: string; tag: string; message: unknown },
  ): Promise<DeviceDelivery> {
    const p = this.ports();
    const platform = nativePlatformFor(device.type, device.properties, p.mobilePush.platforms);
    if (!platform) {
      logger.warn('Native push not sent: no platform application for the type', { type: device.type });
      return 'failed';
    }
    const token = device.deviceId.trim();
    if (!token) return 'invalid';
    try {
      let endpointArn = await p.pushEndpoints.get(platform, token);
      if (!endpointArn) {
        const created = await p.mobilePush.createEndpoint(platform, token);
        if (!('endpointArn' in created))
          return this.notDelivered(p, platform, created.outcome, created.detail);
        endpointArn = created.endpointArn;
        await p.pushEndpoints.put(platform, token, endpointArn);
      }
      const sent = await p.mobilePush.publish(
        endpointArn,
        nativePushMessage(platform, notification, device.properties),
      );
      if (sent.outcome === 'invalid') {
        await p.pushEndpoints.forget(platform, token, endpointArn);
        try {
          await p.mobilePush.deleteEndpoint(endpointArn);
        } catch (e) {
          // Forgotten here already: a later push to the token creates (or gets back) its endpoint.
          logger.warn('Could not delete a disabled SNS endpoint', { platform, error: e as Error });
        }
      }
      return sent.outcome === 'delivered'
        ? 'delivered'
        : this.notDelivered(p, platform, sent.outcome, sent.detail);
    } catch (e) {
      logger.warn('Native push failed', { platform, tag: notification.tag, error: e as Error });
      p.operationalMetrics.count('PushFailures', { channel: 'native' });
      return 'failed';
    }
  }

  private notDelivered(
    p: NativePushPorts,
    platform: string,
    outcome: DeviceDelivery,
    detail: string | undefined,
  ): DeviceDelivery {
    logger.warn('Native push not delivered', { platform, outcome, detail });
    p.operationalMetrics.count('PushFailures', { channel: 'native' });
    return outcome;
  }
}
