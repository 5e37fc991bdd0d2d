import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { recordAwsCalls } from '../adapters/aws-calls/aws-call-recorder.js';
import { snsCallDescriber, type PlatformApplications } from '../adapters/sns/sns-mobile-push.js';
import { InvalidParameterError } from '../domain/errors.js';
import { NATIVE_PLATFORMS, type NativePlatform } from '../domain/push/native-platforms.js';
import { mapError } from '../http/error-response.js';
import type { MobilePushResult, MobilePushService } from '../ports/mobile-push.js';

export const PUSH_SIMULATOR_PATH = '/genesys/local/push';

/** Device tokens starting with this are refused by the simulated platform (drop + poll fallback). */
export const INVALID_TOKEN_PREFIX = 'invalid-';

/** The simulator's platform applications: one per platform, as a deployment configures them. */
export const LOCAL_PLATFORM_APPLICATIONS: Required<PlatformApplications> = Object.fromEntries(
  NATIVE_PLATFORMS.map((p) => [p, `arn:aws:sns:us-east-1:000000000000:app/${p}/gms-local`]),
) as Required<PlatformApplications>;

/** One push a device received: the platform and the payload it got (the platform's part of the SNS message). */
export interface SimulatedPush {
  token: string;
  platform: NativePlatform;
  endpointArn: string;
  payload: unknown;
  at: number;
}

interface Endpoint {
  platform: NativePlatform;
  token: string;
  enabled: boolean;
}

/**
 * The local stand-in for Amazon SNS mobile push: endpoints per token as SNS keeps them, and a
 * record of what each device token received, readable at `GET /genesys/local/push[?token=...]`
 * (`DELETE` clears it). A token starting with `invalid-` is one the platform refuses: the first
 * publish disables its endpoint (SNS's `EndpointDisabled`), as APNs/FCM do for an uninstalled app.
 * Each call is recorded as the SNS call it stands for (IAM coverage).
 */
export class PushSimulator implements MobilePushService {
  readonly platforms = NATIVE_PLATFORMS;
  private readonly endpoints = new Map<string, Endpoint>();
  private readonly received: SimulatedPush[] = [];
  private readonly describe = snsCallDescriber(LOCAL_PLATFORM_APPLICATIONS);

  constructor(private readonly now: () => number = Date.now) {}

  private record(operation: string, input: Record<string, unknown>) {
    recordAwsCalls(operation, this.describe(operation, input));
  }

  createEndpoint(platform: NativePlatform, token: string): Promise<{ endpointArn: string }> {
    const app = LOCAL_PLATFORM_APPLICATIONS[platform];
    this.record('CreatePlatformEndpointCommand', { PlatformApplicationArn: app, Token: token });
    // As SNS: the same token in the same application is the same endpoint.
    const known = [...this.endpoints].find(([, e]) => e.platform === platform && e.token === token);
    if (known) return Promise.resolve({ endpointArn: known[0] });
    const endpointArn = `${app.replace(':app/', ':endpoint/')}/${randomUUID()}`;
    this.endpoints.set(endpointArn, { platform, token, enabled: true });
    return Promise.resolve({ endpointArn });
  }

  publish(endpointArn: string, message: string): Promise<MobilePushResult> {
    this.record('PublishCommand', { TargetArn: endpointArn, Message: message, MessageStructure: 'json' });
    const endpoint = this.endpoints.get(endpointArn);
    if (!endpoint)
      return Promise.resolve({ outcome: 'invalid', detail: 'NotFound: Endpoint does not exist' });
    if (endpoint.token.startsWith(INVALID_TOKEN_PREFIX)) endpoint.enabled = false;
    if (!endpoint.enabled)
      return Promise.resolve({ outcome: 'invalid', detail: 'EndpointDisabled: Endpoint is disabled' });
    const structure = JSON.parse(message) as Record<string, string>;
    const part = structure[endpoint.platform] ?? structure.default;
    this.received.push({
      token: endpoint.token,
      platform: endpoint.platform,
      endpointArn,
      payload: JSON.parse(part!) as unknown,
      at: this.now(),
    });
    if (this.received.length > 1000) this.received.shift();
    return Promise.resolve({ outcome: 'delivered' });
  }

  deleteEndpoint(endpointArn: string): Promise<void> {
    this.record('DeleteEndpointCommand', { EndpointArn: endpointArn });
    this.endpoints.delete(endpointArn);
    return Promise.resolve();
  }

  /** Pushes received, oldest first (the last 1000), of one token or of all. */
  pushes(token?: string): SimulatedPush[] {
    return token === undefined ? [...this.received] : this.received.filter((p) => p.token === token);
  }

  reset(): void {
    this.received.length = 0;
    this.endpoints.clear();
  }

  /**
   * `GET /genesys/local/push[?token=<device token>]`: `{pushes: [...]}` (the last 100 without a
   * token). `DELETE` clears the pushes and endpoints. Returns false for other paths.
   */
  handleHttp(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.replace(/\/+$/, '') !== PUSH_SIMULATOR_PATH) return Promise.resolve(false);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, {
        'content-type': 'application/json;charset=UTF-8',
        'cache-control': 'no-store',
      });
      res.end(JSON.stringify(body));
    };
    const token = url.searchParams.get('token') ?? undefined;
    if (req.method === 'GET') {
      send(200, { pushes: token === undefined ? this.pushes().slice(-100) : this.pushes(token) });
    } else if (req.method === 'DELETE') {
      this.reset();
      send(200, { pushes: [] });
    } else {
      const mapped = mapError(
        new InvalidParameterError('method', `Method ${req.method} is not allowed on ${PUSH_SIMULATOR_PATH}.`),
      );
      send(405, { ...mapped.body, code: 405, phrase: 'Method Not Allowed' });
    }
    return Promise.resolve(true);
  }
}
