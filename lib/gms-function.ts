import {
  AssetHashType,
  DockerImage,
  Duration,
  RemovalPolicy,
  Stack,
  Validations,
  type BundlingOptions,
  type CfnElement,
  type ILocalBundling,
} from 'aws-cdk-lib';
import type { WebSocketStage } from 'aws-cdk-lib/aws-apigatewayv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import type { NativePlatform } from '../functions/domain/push/native-platforms.js';
import { endpointArnPrefix } from '../functions/domain/push/native-push-payload.js';
import { DIAL_EVENT_SOURCE } from '../functions/adapters/eventbridge/eventbridge-dialer.js';
import type { Construct } from 'constructs';
import { tableEnvVar, type TableId } from '../functions/adapters/dynamodb/table-definitions.js';
import {
  DIAL_EVENT_BUS_ENV,
  PLATFORM_APPLICATION_ENV,
  WEBSOCKET_MANAGEMENT_ENV,
  WEBSOCKET_URL_ENV,
  WORK_DEAD_LETTER_QUEUE_ENV,
  WORK_QUEUE_ENV,
} from '../functions/runtime-config.js';
import type { GmsTableRef } from './gms-table.js';
import { bundleFunction } from './function-bundle.js';
import { PROJECT_ROOT } from './project-paths.js';
import { STAGE_ENV, stageOf } from './stage.js';

/**
 * `RO`: reads and queries (indexes included). `RW`: reads and writes. `{ readKeys }`: GetItem and
 * Query on the table itself, only for items whose partition key is one of `readKeys`
 * (`dynamodb:LeadingKeys`), e.g. the config table's `server` section without its users.
 */
export type TableAccess = 'RO' | 'RW' | { readKeys: readonly string[] };

export interface GmsFunctionProps {
  /** The handler module (absolute path); it exports `handler`. */
  entry: string;
  description?: string;
  /** Level for the Powertools logger (`LOG_LEVEL`). */
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  logRetention?: logs.RetentionDays;
  timeout?: Duration;
  memorySize?: number;
  environment?: Record<string, string>;
}

/**
 * The project's one Lambda function construct: the defaults are fixed here once.
 * Node.js 22 on arm64, ESM bundle split into `index.mjs` and on-demand chunks (esbuild, locally, no
 * Docker: lib/function-bundle.ts), X-Ray tracing, its own log group with retention, and its own role that starts with no
 * permissions except writing that log group. Access is added with `bindTable`, `bindSecret`,
 * `bindWorkQueue`, `bindQueueStats`, `bindDialBus` and `bindWebSocket`, each setting its env var and granting
 * exactly what it says.
 */
export class GmsFunction extends lambda.Function {
  private readonly bound = new Map<TableId, TableAccess>();

  constructor(scope: Construct, id: string, props: GmsFunctionProps) {
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      // Function logs are operational, not records: they go with the stack.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // An explicit role instead of the default one, which carries the AWS-managed
    // AWSLambdaBasicExecutionRole (logs:* on every log group of the account).
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of the GMS ${id} function`,
    });

    super(scope, id, {
      code: lambda.Code.fromAsset(PROJECT_ROOT, {
        // The hash of the bundle, not of the project directory: an unchanged bundle is not redeployed.
        assetHashType: AssetHashType.OUTPUT,
        bundling: esbuildBundling(props.entry),
      }),
      handler: 'index.handler',
      description: props.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      // scrypt password hashing needs ~32 MB; 512 MB also buys CPU for it.
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: lambda.Tracing.ACTIVE,
      logGroup,
      role,
      environment: {
        LOG_LEVEL: props.logLevel ?? 'INFO',
        // The stage (`default` without one): a dimension of the custom metrics.
        [STAGE_ENV]: stageOf(scope),
        ...props.environment,
      },
    });
    logGroup.grantWrite(role);

    // cdk-nag acknowledgments apply to the construct and everything below it.
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Active tracing adds xray:PutTraceSegments and xray:PutTelemetryRecords, which do not support ' +
        'resource-level permissions, so their resource must be "*". No other statement uses "*".',
    });
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Pinned to nodejs22.x on purpose: it is the Node.js line the project builds (esbuild target node22) and ' +
        'tests the same handlers on in local mode; moving to a newer runtime is a deliberate, tested change.',
    });
  }

  /** Sets `TABLE_<ID>` and grants exactly read (`RO`) or read/write (`RW`) on the table and its indexes. */
  bindTable(table: GmsTableRef, access: TableAccess): this {
    this.remember(table.tableId, access);
    this.addEnvironment(tableEnvVar(table.tableId), table.tableName);
    if (typeof access === 'object') {
      this.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['dynamodb:GetItem', 'dynamodb:Query'],
          resources: [table.tableArn],
          conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [...access.readKeys] } },
        }),
      );
      return this;
    }
    if (access === 'RW') table.grantReadWriteData(this);
    else table.grantReadData(this);
    if (table.definition.globalIndexes.length > 0) {
      // How cdk-nag names the table ARN: a created table's by logical id, an existing one's as formatted.
      const tableArn = table.ownedByStack
        ? `<${Stack.of(table).getLogicalId(table.node.defaultChild as CfnElement)}.Arn>`
        : `arn:<AWS::Partition>:dynamodb:<AWS::Region>:<AWS::AccountId>:table/${table.tableName}`;
      Validations.of(this.role!).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${tableArn}/index/*]`,
        reason:
          `The ${access} grant on the ${table.tableId} table covers its global secondary indexes ` +
          `(${table.definition.globalIndexes.map((i) => i.name).join(', ')}) as <table ARN>/index/*; the function queries them.`,
      });
    }
    return this;
  }

  /** Sets `envVar` to the secret's ARN and grants reading (only) that secret. */
  bindSecret(secret: ISecret, envVar: string): this {
    this.addEnvironment(envVar, secret.secretArn);
    secret.grantRead(this);
    return this;
  }

  /** Sets `WORK_QUEUE_URL` and grants `sqs:SendMessage` on that queue, nothing else (no receive, no purge). */
  bindWorkQueue(queue: IQueue): this {
    this.addEnvironment(WORK_QUEUE_ENV, queue.queueUrl);
    iam.Grant.addToPrincipal({ grantee: this, actions: ['sqs:SendMessage'], resourceArns: [queue.queueArn] });
    return this;
  }

  /**
   * Sets `WORK_QUEUE_URL` and `WORK_DEAD_LETTER_QUEUE_URL` and grants `sqs:GetQueueAttributes` on
   * those two queues, nothing else (counts for the monitor: no receive, no purge, no redrive).
   */
  bindQueueStats(work: IQueue, deadLetters: IQueue): this {
    this.addEnvironment(WORK_QUEUE_ENV, work.queueUrl);
    this.addEnvironment(WORK_DEAD_LETTER_QUEUE_ENV, deadLetters.queueUrl);
    iam.Grant.addToPrincipal({
      grantee: this,
      actions: ['sqs:GetQueueAttributes'],
      resourceArns: [work.queueArn, deadLetters.queueArn],
    });
    return this;
  }

  /**
   * Sets `GMS_DIAL_EVENT_BUS` and grants `events:PutEvents` on that bus, only for events whose
   * source is the dialer's (`gms.callback`): the function cannot publish anything else there.
   */
  bindDialBus(bus: IEventBus): this {
    this.addEnvironment(DIAL_EVENT_BUS_ENV, bus.eventBusName);
    this.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['events:PutEvents'],
        resources: [bus.eventBusArn],
        conditions: { StringEquals: { 'events:source': DIAL_EVENT_SOURCE } },
      }),
    );
    return this;
  }

  /**
   * Sets `WEBSOCKET_MANAGEMENT_URL` (https, for the management API) and `WEBSOCKET_URL` (wss, for
   * clients: `clientUrl` when a custom domain fronts the stage), and grants
   * `execute-api:ManageConnections` on that stage's connections only.
   */
  bindWebSocket(stage: WebSocketStage, clientUrl: string = stage.url): this {
    this.addEnvironment(WEBSOCKET_MANAGEMENT_ENV, stage.callbackUrl);
    this.addEnvironment(WEBSOCKET_URL_ENV, clientUrl);
    stage.grantManagementApiAccess(this);
    Validations.of(this.role!).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${connectionsArnPattern(stage)}]`,
      reason:
        'execute-api:ManageConnections is scoped to this WebSocket API and its stage; the connection ids ' +
        '(and the POST/GET/DELETE verbs of @connections) are only known at run time, so they are a wildcard.',
    });
    return this;
  }

  /**
   * Sets `GMS_SNS_<platform>_APPLICATION_ARN` of each configured platform application and grants
   * `sns:CreatePlatformEndpoint` on those applications and `sns:Publish`/`sns:DeleteEndpoint` on
   * their endpoints only. None configured: nothing.
   */
  bindNativePush(applications: Partial<Record<NativePlatform, string>>): this {
    const arns = Object.entries(applications) as [NativePlatform, string][];
    if (arns.length === 0) return this;
    for (const [platform, arn] of arns) this.addEnvironment(PLATFORM_APPLICATION_ENV[platform], arn);
    this.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['sns:CreatePlatformEndpoint'],
        resources: arns.map(([, arn]) => arn),
      }),
    );
    const endpoints = arns.map(([, arn]) => `${endpointArnPrefix(arn)}*`);
    this.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['sns:Publish', 'sns:DeleteEndpoint'], resources: endpoints }),
    );
    for (const endpoint of endpoints) {
      Validations.of(this.role!).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${endpoint}]`,
        reason:
          'SNS creates one platform endpoint per device token at run time; Publish and DeleteEndpoint are ' +
          'scoped to the endpoints of this configured platform application only.',
      });
    }
    return this;
  }

  private remember(id: TableId, access: TableAccess): void {
    if (this.bound.has(id)) throw new Error(`Table '${id}' is already bound to ${this.node.path}.`);
    this.bound.set(id, access);
  }
}

/**
 * Bundles the entry with esbuild in this process (lib/function-bundle.ts): `index.mjs`, its chunks
 * and their source maps in the asset's directory. There is no Docker fallback: a failed build throws.
 */
class EsbuildLocalBundling implements ILocalBundling {
  // Part of the asset's cache key (CDK serializes the bundling options): one asset per entry.
  constructor(readonly entry: string) {}

  tryBundle(outputDir: string): boolean {
    bundleFunction(this.entry, outputDir);
    return true;
  }
}

function esbuildBundling(entry: string): BundlingOptions {
  return {
    local: new EsbuildLocalBundling(entry),
    // Required by the type; never pulled, since local bundling always succeeds or throws.
    image: DockerImage.fromRegistry('gms-bundles-locally-with-esbuild'),
  };
}

/** How cdk-nag names the resource `grantManagementApiAccess` grants (logical ids in angle brackets). */
function connectionsArnPattern(stage: WebSocketStage): string {
  const api = Stack.of(stage.api).getLogicalId(stage.api.node.defaultChild as CfnElement);
  return `arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:<${api}>/${stage.stageName}/*/@connections/*`;
}
