import { webhookUrlProblem } from '../../domain/push/webhook-url.js';
import { logger } from '../../observability.js';
import type { DeviceAddress, DeviceChannel, DeviceDelivery, WebhookSender } from '../../ports/push.js';

/**
 * GMS's HttpCallback channel (`httpcb`): POSTs `{id, message, tag}` to the `deviceId` URL,
 * signed exactly as a session's httpcb pushes (`X-GMS-Signature`, docs/push.md). A URL that can
 * never be posted to is `invalid`; any other failure is `failed`.
 */
export class HttpCallbackDeviceChannel implements DeviceChannel {
  constructor(
    private readonly sender: WebhookSender,
    private readonly allowPrivate: boolean,
  ) {}

  async deliver(
    device: DeviceAddress,
    notification: { id: string; tag: string; message: unknown },
  ): Promise<DeviceDelivery> {
    const problem = webhookUrlProblem(device.deviceId, this.allowPrivate);
    if (problem) {
      logger.warn('httpcb device refused', { tag: notification.tag, problem });
      return 'invalid';
    }
    const body = JSON.stringify({
      id: notification.id,
      message: notification.message,
      tag: notification.tag,
    });
    const outcome = await this.sender.post(device.deviceId, body);
    if (outcome.ok) return 'delivered';
    logger.warn('httpcb notification not delivered', { tag: notification.tag, detail: outcome.detail });
    return 'failed';
  }
}
