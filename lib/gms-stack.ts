import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { FunctionId } from './area-permissions.js';
import type { DeploymentSettings } from './deployment-settings.js';
import { ApiGatewayLoggingRole } from './api-gateway-logging-role.js';
import { GmsAlarms, metricsStageOf } from './gms-alarms.js';
import { GmsApi } from './gms-api.js';
import { GmsData } from './gms-data.js';
import type { GmsFunction } from './gms-function.js';
import { GmsUi } from './gms-ui.js';
import { GmsWebSocket } from './gms-websocket.js';
import { GmsWorkers } from './gms-workers.js';

export interface GmsStackProps extends StackProps {
  settings: DeploymentSettings;
}

/** The whole GMS deployment: stateful data wired into the stateless HTTP API, WebSocket API and workers. */
export class GmsStack extends Stack {
  readonly data: GmsData;
  readonly webSocket: GmsWebSocket;
  readonly api: GmsApi;
  readonly workers: GmsWorkers;
  readonly ui: GmsUi;
  readonly apiGatewayLoggingRole?: ApiGatewayLoggingRole;
  readonly alarms: GmsAlarms;

  constructor(scope: Construct, id: string, props: GmsStackProps) {
    super(scope, id, props);
    this.data = new GmsData(this, 'Data');
    if (props.settings.apiGatewayCloudWatchRole) {
      this.apiGatewayLoggingRole = new ApiGatewayLoggingRole(this, 'ApiGatewayLogging');
    }
    this.webSocket = new GmsWebSocket(this, 'WebSocket', {
      data: this.data,
      throttle: props.settings.throttle,
      logLevel: props.settings.logLevel,
      loggingReady: this.apiGatewayLoggingRole?.account,
    });
    this.api = new GmsApi(this, 'Api', {
      data: this.data,
      webSocketStage: this.webSocket.stage,
      allowedOrigins: props.settings.allowedOrigins,
      throttle: props.settings.throttle,
      logLevel: props.settings.logLevel,
    });
    this.workers = new GmsWorkers(this, 'Workers', {
      data: this.data,
      webSocketStage: this.webSocket.stage,
      logLevel: props.settings.logLevel,
    });

    this.ui = new GmsUi(this, 'Ui', { httpApi: this.api.httpApi });

    // After everything it watches.
    this.alarms = new GmsAlarms(this, 'Alarms', {
      functions: Object.values(this.functions),
      tables: Object.values(this.data.tables),
      queues: this.data.queues,
      httpApi: this.api.httpApi,
      webSocketApi: this.webSocket.api,
      webSocketStage: this.webSocket.stage,
      metricsStage: metricsStageOf(this),
      alarmEmails: props.settings.alarmEmails,
    });

    new CfnOutput(this, 'UiUrl', {
      value: this.ui.url,
      description: 'The Service Management UI (its API calls go through the same CloudFront origin)',
    });
    new CfnOutput(this, 'ApiUrl', {
      value: this.api.url,
      description: 'Base URL of the API; GMS paths start with genesys/1/',
    });
    new CfnOutput(this, 'WebSocketUrl', {
      value: this.webSocket.url,
      description: 'WebSocket URL apps connect to for comet push (_comet_url)',
    });
    new CfnOutput(this, 'AdminSecretArn', {
      value: this.data.adminSecret.secretArn,
      description: 'Secrets Manager secret holding the initial password of user "default"',
    });
    new CfnOutput(this, 'PushSigningSecretArn', {
      value: this.data.pushSigningSecret.secretArn,
      description: 'Secrets Manager secret holding the HMAC key httpcb receivers verify X-GMS-Signature with',
    });
  }

  /** Every Lambda function of the stack by its id in `FUNCTION_PERMISSIONS`. */
  get functions(): Partial<Record<FunctionId, GmsFunction>> {
    return {
      ...this.api.functions,
      'callback-worker': this.workers.callbackWorker,
      'scheduler-tick': this.workers.schedulerTick,
      websocket: this.webSocket.function,
    };
  }
}
