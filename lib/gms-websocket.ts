import { Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  LogGroupLogDestination,
  WebSocketApi,
  WebSocketStage,
  type ThrottleSettings,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, type IDependable } from 'constructs';
import { FUNCTION_PERMISSIONS } from './area-permissions.js';
import { bindPermissions } from './bind-permissions.js';
import { RegionalDomain, webSocketHost } from './custom-domain.js';
import type { DomainSettings } from './deployment-settings.js';
import type { GmsData } from './gms-data.js';
import { GmsFunction } from './gms-function.js';
import { handlerEntry } from './project-paths.js';

/** The WebSocket API's routes; the websocket function serves all three. */
export const WEBSOCKET_ROUTES = ['$connect', '$disconnect', '$default'] as const;

/** The stage clients connect to: `wss://<api-id>.execute-api.<region>.amazonaws.com/live`. */
export const WEBSOCKET_STAGE = 'live';

export interface GmsWebSocketProps {
  data: GmsData;
  /** Stage-wide throttling of connects and messages. */
  throttle: Required<ThrottleSettings>;
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /** What the stage must wait for before it can log (the account's API Gateway logging role, if set here). */
  loggingReady?: IDependable;
  /** The custom domain: clients then connect to `wss://ws.<domain>`. */
  domain?: DomainSettings;
}

/**
 * Push to apps (`_device_os=comet`): an API Gateway WebSocket API whose routes all go to the
 * websocket function, which records connections and their session subscriptions. Other functions
 * push through the stage's management URL (`GmsFunction.bindWebSocket`).
 */
export class GmsWebSocket extends Construct {
  readonly api: WebSocketApi;
  readonly stage: WebSocketStage;
  readonly function: GmsFunction;
  readonly accessLogs: logs.LogGroup;
  /** `ws.<domain>`, when there is a custom domain. */
  readonly customDomain?: RegionalDomain;

  constructor(scope: Construct, id: string, props: GmsWebSocketProps) {
    super(scope, id);

    const permissions = FUNCTION_PERMISSIONS.websocket;
    this.function = new GmsFunction(this, 'WebSocketFunction', {
      entry: handlerEntry('websocket'),
      description: permissions.description,
      logLevel: props.logLevel,
    });

    this.api = new WebSocketApi(this, 'Api', {
      apiName: `${Stack.of(this).stackName}-gms-push`,
      description: 'Genesys Mobile Services push (comet) over WebSocket',
    });
    const integration = new WebSocketLambdaIntegration('Integration', this.function);
    const routes = WEBSOCKET_ROUTES.map((routeKey) => this.api.addRoute(routeKey, { integration }));

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: logs.RetentionDays.THREE_MONTHS });
    this.stage = new WebSocketStage(this, 'Stage', {
      webSocketApi: this.api,
      stageName: WEBSOCKET_STAGE,
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            requestTime: '$context.requestTime',
            eventType: '$context.eventType',
            routeKey: '$context.routeKey',
            connectionId: '$context.connectionId',
            status: '$context.status',
            integrationStatus: '$context.integrationStatus',
            integrationLatency: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            userAgent: '$context.identity.userAgent',
          }),
        ),
      },
    });
    if (props.loggingReady) this.stage.node.addDependency(props.loggingReady);
    if (props.domain) {
      this.customDomain = new RegionalDomain(this, 'Domain', {
        host: webSocketHost(props.domain),
        certificateArn: props.domain.certificateArn,
        api: this.api,
        stage: this.stage,
      });
    }

    bindPermissions(this.function, permissions, {
      data: props.data,
      webSocketStage: this.stage,
      webSocketUrl: this.url,
    });

    for (const route of routes) {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'GMS comet clients connect without credentials, as in GMS 8.5: a connection only receives the pushes ' +
          'of the sessions it subscribes to by session id, and a session id is an unguessable CSPRNG value that ' +
          'only the app that created the session is given, so knowing it is the capability to follow it.',
      });
    }
  }

  /**
   * What clients connect to (`_comet_url`): `wss://ws.<domain>` with a custom domain (the stage
   * is mapped at its root), else `wss://<api-id>.execute-api.<region>.amazonaws.com/live`.
   */
  get url(): string {
    return this.customDomain ? `wss://${this.customDomain.host}` : this.stage.url;
  }
}
