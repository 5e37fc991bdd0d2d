import type { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import type { ConnectionSender } from '../../ports/connections.js';
import { instrumentSdkClient } from '../aws-calls/instrumented-client.js';
import { onFirstUse } from '../../domain/on-first-use.js';
import { connectionCallDescriber } from '../aws-calls/service-call-describers.js';

/**
 * Loaded at the first post, not at start: most functions that may push (admin, callback, agent)
 * rarely do, and the client is about 8 ms of module init over the DynamoDB clients (issue 11).
 */
const managementSdk = onFirstUse(() => import('@aws-sdk/client-apigatewaymanagementapi'));

export interface ConnectionSenderOptions {
  region: string;
  /** Read on each send: the local server knows its port only after it listens. */
  endpoint: () => string | undefined;
  /** The local management API does not check signatures, but the SDK needs something to sign with. */
  local: boolean;
}

/**
 * PostToConnection through `@aws-sdk/client-apigatewaymanagementapi`, against API Gateway in AWS
 * and against the local server's `/@connections` stand-in locally: one code path.
 */
export class ApiGatewayConnectionSender implements ConnectionSender {
  private client?: ApiGatewayManagementApiClient;
  private clientEndpoint?: string;

  constructor(private readonly options: ConnectionSenderOptions) {}

  private clientFor(
    endpoint: string,
    sdk: Awaited<ReturnType<typeof managementSdk>>,
  ): ApiGatewayManagementApiClient {
    if (!this.client || this.clientEndpoint !== endpoint) {
      this.client?.destroy();
      this.client = instrumentSdkClient(
        new sdk.ApiGatewayManagementApiClient({
          region: this.options.region,
          endpoint,
          ...(this.options.local ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
        }),
        connectionCallDescriber,
      );
      this.clientEndpoint = endpoint;
    }
    return this.client;
  }

  async send(connectionId: string, data: string): Promise<'sent' | 'gone'> {
    const endpoint = this.options.endpoint();
    if (!endpoint) {
      throw new Error(
        'WEBSOCKET_MANAGEMENT_URL is not set: this function cannot reach WebSocket connections.',
      );
    }
    const sdk = await managementSdk();
    try {
      await this.clientFor(endpoint, sdk).send(
        new sdk.PostToConnectionCommand({ ConnectionId: connectionId, Data: Buffer.from(data, 'utf8') }),
      );
      return 'sent';
    } catch (e) {
      if (e instanceof sdk.GoneException) return 'gone';
      throw e;
    }
  }
}
