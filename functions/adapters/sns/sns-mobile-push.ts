import type { SNSClient } from '@aws-sdk/client-sns';
import { endpointArnPrefix } from '../../domain/push/native-push-payload.js';
import {
  configuredPlatforms,
  NATIVE_PLATFORMS,
  type NativePlatform,
} from '../../domain/push/native-platforms.js';
import type { MobilePushResult, MobilePushService } from '../../ports/mobile-push.js';
import { operationName, type SdkCallDescriber } from '../aws-calls/sdk-call-recording.js';
import { instrumentSdkClient } from '../aws-calls/instrumented-client.js';
import { onFirstUse } from '../../domain/on-first-use.js';

/** The platform application ARN of each configured platform (deployment settings, as env vars). */
export type PlatformApplications = Partial<Record<NativePlatform, string>>;

/** The configured platform an ARN (application or endpoint) belongs to. */
function platformOf(arn: string, apps: PlatformApplications): NativePlatform | undefined {
  return NATIVE_PLATFORMS.find((p) => {
    const app = apps[p];
    return app !== undefined && (arn === app || arn.startsWith(endpointArnPrefix(app)));
  });
}

/** SNS mobile push calls: `CreatePlatformEndpoint` on the application, `Publish`/`DeleteEndpoint` on its endpoints. */
export function snsCallDescriber(apps: PlatformApplications): SdkCallDescriber {
  return (operation, input) => {
    const op = operationName(operation);
    const arn = String(input.PlatformApplicationArn ?? input.TargetArn ?? input.EndpointArn ?? '');
    const platform = platformOf(arn, apps);
    if (!platform) return [{ action: `sns:${op}`, resource: { kind: 'unknown', service: 'sns', name: arn } }];
    return [
      {
        action: `sns:${op}`,
        resource:
          op === 'CreatePlatformEndpoint'
            ? { kind: 'sns-application', platform }
            : { kind: 'sns-endpoint', platform },
      },
    ];
  };
}

/** Errors after which the endpoint (or token) will never work: drop it. */
const GONE = new Set(['EndpointDisabled', 'EndpointDisabledException', 'NotFound', 'NotFoundException']);
const INVALID_PARAMETER = new Set(['InvalidParameter', 'InvalidParameterException']);

/**
 * What an SNS error means for the device: a disabled or deleted endpoint, or a parameter error
 * about the endpoint or the token, is `invalid` (the platform told SNS the token is dead, or the
 * token was never one); anything else (throttling, a payload SNS refused, an outage) is `failed`.
 */
export function snsErrorDelivery(e: unknown): MobilePushResult {
  const err = e as { name?: string; message?: string };
  const name = err?.name ?? '';
  const detail = `${name}: ${err?.message ?? String(e)}`;
  if (GONE.has(name)) return { outcome: 'invalid', detail };
  if (INVALID_PARAMETER.has(name) && /endpoint|token/i.test(err.message ?? ''))
    return { outcome: 'invalid', detail };
  return { outcome: 'failed', detail };
}

const snsSdk = onFirstUse(() => import('@aws-sdk/client-sns'));

/** Amazon SNS mobile push, on the platform applications the deployment configures. */
export class SnsMobilePush implements MobilePushService {
  readonly platforms: readonly NativePlatform[];
  private client?: SNSClient;

  constructor(
    private readonly region: string,
    private readonly apps: PlatformApplications,
    client?: SNSClient,
  ) {
    this.platforms = configuredPlatforms(apps);
    this.client = client;
  }

  private async sns(): Promise<SNSClient> {
    // Created (and its package loaded) on first use: functions that never push natively never load it.
    if (this.client) return this.client;
    const { SNSClient } = await snsSdk();
    this.client ??= instrumentSdkClient(
      new SNSClient({ region: this.region, maxAttempts: 3 }),
      snsCallDescriber(this.apps),
    );
    return this.client;
  }

  async createEndpoint(
    platform: NativePlatform,
    token: string,
  ): Promise<{ endpointArn: string } | MobilePushResult> {
    const app = this.apps[platform];
    if (!app) return { outcome: 'failed', detail: `No ${platform} platform application is configured.` };
    try {
      const { CreatePlatformEndpointCommand } = await snsSdk();
      const out = await (
        await this.sns()
      ).send(new CreatePlatformEndpointCommand({ PlatformApplicationArn: app, Token: token }));
      if (!out.EndpointArn)
        return { outcome: 'failed', detail: 'CreatePlatformEndpoint answered no EndpointArn.' };
      return { endpointArn: out.EndpointArn };
    } catch (e) {
      // On create, a parameter error is about the token (malformed for the platform).
      const result = snsErrorDelivery(e);
      const name = (e as { name?: string }).name ?? '';
      return INVALID_PARAMETER.has(name) ? { ...result, outcome: 'invalid' } : result;
    }
  }

  async publish(endpointArn: string, message: string): Promise<MobilePushResult> {
    try {
      const { PublishCommand } = await snsSdk();
      await (
        await this.sns()
      ).send(new PublishCommand({ TargetArn: endpointArn, Message: message, MessageStructure: 'json' }));
      return { outcome: 'delivered' };
    } catch (e) {
      return snsErrorDelivery(e);
    }
  }

  async deleteEndpoint(endpointArn: string): Promise<void> {
    const { DeleteEndpointCommand } = await snsSdk();
    await (await this.sns()).send(new DeleteEndpointCommand({ EndpointArn: endpointArn }));
  }
}
