import type { NativePlatform } from '../domain/push/native-platforms.js';
import type { DeviceDelivery } from './push.js';

/** Native mobile push (SNS platform endpoints). */

/** What sending to one device came to; `detail` says why it was not delivered (logged). */
export interface MobilePushResult {
  outcome: DeviceDelivery;
  detail?: string;
}

/** Amazon SNS mobile push (platform endpoints of the configured platform applications), or the local simulator. */
export interface MobilePushService {
  /** The platforms with a platform application configured. */
  readonly platforms: readonly NativePlatform[];
  /**
   * The endpoint of `token` in the platform application (SNS returns the existing one for a
   * token it knows). `invalid` when the platform refuses the token itself.
   */
  createEndpoint(
    platform: NativePlatform,
    token: string,
  ): Promise<{ endpointArn: string } | MobilePushResult>;
  /** Publishes `message` (`MessageStructure: 'json'`) to the endpoint. */
  publish(endpointArn: string, message: string): Promise<MobilePushResult>;
  /** Deletes an endpoint that no longer works (a later push to its token creates a new one). */
  deleteEndpoint(endpointArn: string): Promise<void>;
}

/** The SNS endpoint ARN of each device token, so `CreatePlatformEndpoint` runs once per token. */
export interface PushEndpointStore {
  get(platform: NativePlatform, token: string): Promise<string | undefined>;
  put(platform: NativePlatform, token: string, endpointArn: string): Promise<void>;
  /** Forgets the endpoint, unless another one was stored for the token meanwhile. */
  forget(platform: NativePlatform, token: string, endpointArn: string): Promise<void>;
}
