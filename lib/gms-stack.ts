import { COMETD_HOLD_ENV, COMETD_INTERVAL_ENV } from '../functions/runtime-config.js';
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
import { reserveConcurrency } from './reserved-concurrency.js';
import { GmsWebAcl } from './gms-web-acl.js';
import { OriginVerify } from './origin-verify.js';
import { registerStage } from './stage.js';

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
  /** The web ACL created here (`waf=true`). */
  readonly webAcl?: GmsWebAcl;
  /** CloudFront's origin header, when the API only answers through CloudFront. */
  readonly originVerify?: OriginVerify;
  readonly alarms: GmsAlarms;

  constructor(scope: Construct, id: string, props: GmsStackProps) {
    super(scope, id, props);
    const { settings } = props;
    // Before any child: every function reads its stage from here (GMS_STAGE).
    registerStage(this, settings.stage);
    this.data = new GmsData(this, 'Data', {
      tableNames: settings.tableNames,
      nativePush: settings.nativePush,
    });
    if (props.settings.apiGatewayCloudWatchRole) {
      this.apiGatewayLoggingRole = new ApiGatewayLoggingRole(this, 'ApiGatewayLogging');
    }
    this.webSocket = new GmsWebSocket(this, 'WebSocket', {
      data: this.data,
      throttle: props.settings.throttle,
      logLevel: props.settings.logLevel,
      loggingReady: this.apiGatewayLoggingRole?.account,
      domain: settings.domain,
    });
    if (settings.apiViaCloudFrontOnly) {
      this.originVerify = new OriginVerify(this, 'OriginVerify', { version: settings.originVerifyVersion });
    }
    this.api = new GmsApi(this, 'Api', {
      data: this.data,
      webSocketStage: this.webSocket.stage,
      webSocketUrl: this.webSocket.url,
      allowedOrigins: corsOrigins(settings),
      // Only CloudFront gets answers then: `api.<domain>` would only ever refuse.
      domain: settings.apiViaCloudFrontOnly ? undefined : settings.domain,
      originVerify: this.originVerify?.accepted,
      throttle: props.settings.throttle,
      routeThrottles: props.settings.routeThrottles,
      logLevel: props.settings.logLevel,
    });
    this.workers = new GmsWorkers(this, 'Workers', {
      data: this.data,
      webSocketStage: this.webSocket.stage,
      webSocketUrl: this.webSocket.url,
      logLevel: props.settings.logLevel,
      workerMaxConcurrency: props.settings.workerMaxConcurrency,
    });
    reserveConcurrency(this.functions, props.settings.reservedConcurrency);
    // CometD long-polling is served by the session function (routes of area `session`).
    this.functions.session!.addEnvironment(COMETD_HOLD_ENV, String(settings.cometd.holdMs));
    this.functions.session!.addEnvironment(COMETD_INTERVAL_ENV, String(settings.cometd.intervalMs));

    if (settings.waf?.kind === 'create') this.webAcl = new GmsWebAcl(this, 'WebAcl', settings.waf);
    this.ui = new GmsUi(this, 'Ui', {
      httpApi: this.api.httpApi,
      domain: settings.domain && {
        name: settings.domain.name,
        certificateArn: settings.domain.uiCertificateArn,
      },
      webAclArn: this.webAcl?.arn ?? (settings.waf?.kind === 'existing' ? settings.waf.webAclArn : undefined),
      apiOriginHeaders: this.originVerify && { [this.originVerify.headerName]: this.originVerify.value },
    });

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
      value: settings.apiViaCloudFrontOnly ? `${this.ui.origin}/` : this.api.url,
      description: settings.apiViaCloudFrontOnly
        ? 'Base URL of the API (through CloudFront only); GMS paths start with genesys/1/'
        : 'Base URL of the API; GMS paths start with genesys/1/',
    });
    new CfnOutput(this, 'WebSocketUrl', {
      value: this.webSocket.url,
      description: 'WebSocket URL apps connect to for comet push (_comet_url)',
    });
    if (settings.domain) {
      // No Route 53 records here: the team points DNS (CNAME, or alias in Route 53) at these.
      new CfnOutput(this, 'DnsTargetUi', {
        value: this.ui.distribution.distributionDomainName,
        description: `DNS: point ${settings.domain.name} here (CloudFront)`,
      });
      if (this.api.customDomain) {
        new CfnOutput(this, 'DnsTargetApi', {
          value: this.api.customDomain.dnsTarget,
          description: `DNS: point ${this.api.customDomain.host} here (HTTP API)`,
        });
      }
      if (this.webSocket.customDomain) {
        new CfnOutput(this, 'DnsTargetWebSocket', {
          value: this.webSocket.customDomain.dnsTarget,
          description: `DNS: point ${this.webSocket.customDomain.host} here (WebSocket API)`,
        });
      }
    }
    new CfnOutput(this, 'AdminSecretArn', {
      value: this.data.adminSecret.secretArn,
      description: 'Secrets Manager secret holding the initial password of user "default"',
    });
    // Read by `npm run redrive` (docs/operations.md): the queues a dead-letter redrive moves between.
    new CfnOutput(this, 'WorkQueueArn', {
      value: this.data.queues.work.queueArn,
      description: 'The work queue (callback activation, routing, dial results, push retries)',
    });
    new CfnOutput(this, 'WorkDeadLetterQueueArn', {
      value: this.data.queues.workDeadLetters.queueArn,
      description: 'Work messages that failed every receive; redrive with npm run redrive',
    });
    new CfnOutput(this, 'TickDeadLetterQueueArn', {
      value: this.data.queues.tickDeadLetters.queueArn,
      description:
        'One-minute ticks that were not delivered (nothing to redrive: the next tick reads all that is due)',
    });
    new CfnOutput(this, 'TickFailureQueueArn', {
      value: this.data.queues.tickFailures.queueArn,
      description:
        'Failure records of ticks that failed every attempt (nothing to redrive: the next tick reads all that is due)',
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

/**
 * The origins the API answers CORS preflights for: the custom domain's (the UI's own, for a page
 * there calling `api.<domain>`) plus `allowedOrigins`; `*` only when that is exactly `*`. The
 * CloudFront domain itself is never needed (the UI calls the API on its own origin) and could not
 * be listed: the distribution is built from the API, so the API cannot refer to it.
 */
function corsOrigins(settings: DeploymentSettings): string[] {
  if (settings.allowedOrigins.includes('*')) return ['*'];
  const own = settings.domain ? [`https://${settings.domain.name}`] : [];
  return [...new Set([...own, ...settings.allowedOrigins])];
}
