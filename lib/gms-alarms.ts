import { Aspects, CfnOutput, Duration, Stack, type IAspect } from 'aws-cdk-lib';
import type { WebSocketApi, WebSocketStage } from 'aws-cdk-lib/aws-apigatewayv2';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Operation } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { stageOf } from './stage.js';
import { Construct, type IConstruct } from 'constructs';
import {
  METRICS_NAMESPACE,
  PUSH_CHANNELS,
  STAGE_DIMENSION,
  type OperationalMetricName,
} from '../functions/domain/operational-metrics.js';
import type { GmsFunction } from './gms-function.js';
import type { GmsQueues } from './gms-queues.js';
import type { GmsTableRef } from './gms-table.js';
import { GmsDashboard } from './gms-dashboard.js';

export interface GmsAlarmsProps {
  /** Every Lambda function of the stack. */
  functions: readonly GmsFunction[];
  tables: readonly GmsTableRef[];
  queues: GmsQueues;
  httpApi: HttpApi;
  webSocketApi: WebSocketApi;
  webSocketStage: WebSocketStage;
  /** The `stage` dimension of the custom metrics (the stage, or `default`). */
  metricsStage: string;
  /** E-mail addresses subscribed to the alarm topic. */
  alarmEmails: readonly string[];
}

const FIVE_MINUTES = Duration.minutes(5);

/** The DynamoDB operations the functions call: a table's SystemErrors exist per operation only. */
const TABLE_OPERATIONS = [
  Operation.GET_ITEM,
  Operation.PUT_ITEM,
  Operation.UPDATE_ITEM,
  Operation.DELETE_ITEM,
  Operation.QUERY,
  Operation.SCAN,
  Operation.BATCH_GET_ITEM,
  Operation.BATCH_WRITE_ITEM,
  Operation.TRANSACT_WRITE_ITEMS,
];

/**
 * Alarms that page someone: an SNS topic (e-mail subscriptions from `alarmEmails`, its ARN an
 * output for chat or paging integrations), an alarm per failure mode (functions, both APIs,
 * tables, queues, push, the tick's heartbeat) and the dashboard. Every CloudWatch alarm of the
 * stack, also those other constructs create, notifies the topic on ALARM and on OK (an aspect).
 * No alarm has a fixed name: CloudFormation makes them unique per stack, so stages never collide.
 */
export class GmsAlarms extends Construct {
  readonly topic: sns.Topic;
  readonly dashboard: GmsDashboard;

  constructor(scope: Construct, id: string, props: GmsAlarmsProps) {
    super(scope, id);
    const stack = Stack.of(this);

    // No SSE on purpose: CloudWatch alarms cannot publish to a topic encrypted with the AWS-managed
    // alias/aws/sns key, and a customer-managed key (a cost and a key policy per stage) would
    // protect nothing: the messages are alarm states the account already shows in CloudWatch
    // (names, thresholds, metric values, no customer data), and e-mail carries them out in clear.
    this.topic = new sns.Topic(this, 'AlarmTopic', {
      // The e-mails' sender name: which stack (stage) is calling.
      displayName: `GMS alarms ${Stack.of(this).stackName}`,
      enforceSSL: true,
    });
    // The topic policy the TLS rule creates replaces SNS's default one: CloudWatch needs its own grant.
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        actions: ['sns:Publish'],
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn': `arn:${stack.partition}:cloudwatch:${stack.region}:${stack.account}:alarm:*`,
          },
        },
      }),
    );
    for (const address of props.alarmEmails) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(address));
    }
    new CfnOutput(stack, 'AlarmTopicArn', {
      value: this.topic.topicArn,
      description:
        'SNS topic every GMS alarm notifies (ALARM and OK): subscribe chat or paging endpoints to it',
    });

    Aspects.of(stack).add(new NotifyOnAlarm(this.topic));

    for (const fn of props.functions) {
      const name = fn.node.id;
      alarm(this, `${name}Errors`, {
        description: `GMS function ${name}: 5 or more invocations failed (unhandled error or timeout) in 5 minutes.`,
        metric: fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
        threshold: 5,
      });
      alarm(this, `${name}Throttles`, {
        description: `GMS function ${name}: invocations were throttled (concurrency limit reached) in 5 minutes.`,
        metric: fn.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' }),
        threshold: 1,
      });
    }

    const http = props.httpApi;
    alarm(this, 'HttpApi5xx', {
      description:
        'GMS HTTP API: 5% or more of the requests answered 5xx in 5 minutes (judged from 20 requests on, so one ' +
        'error in a quiet night does not page).',
      metric: new cloudwatch.MathExpression({
        label: '5xx rate (%)',
        expression: 'IF(requests >= 20, 100 * errors / requests, 0)',
        usingMetrics: {
          errors: http.metricServerError({ statistic: 'Sum' }),
          requests: http.metricCount({ statistic: 'Sum' }),
        },
        period: FIVE_MINUTES,
      }),
      threshold: 5,
    });
    alarm(this, 'HttpApiLatencyP99', {
      description: 'GMS HTTP API: p99 latency at or above 3 s for 15 minutes (three 5-minute periods).',
      metric: http.metricLatency({ period: FIVE_MINUTES, statistic: 'p99' }),
      threshold: 3000,
      evaluationPeriods: 3,
    });

    const ws = (metricName: string, statistic: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/ApiGateway',
        metricName,
        dimensionsMap: { ApiId: props.webSocketApi.apiId, Stage: props.webSocketStage.stageName },
        statistic,
        period: FIVE_MINUTES,
      });
    alarm(this, 'WebSocketApiErrors', {
      description:
        'GMS WebSocket API: 5% or more of connects and messages ended in an execution or integration error in ' +
        '5 minutes (judged from 20 on).',
      metric: new cloudwatch.MathExpression({
        label: 'Error rate (%)',
        expression:
          'IF(FILL(connects, 0) + FILL(messages, 0) >= 20, 100 * (FILL(execution, 0) + FILL(integration, 0)) / ' +
          '(FILL(connects, 0) + FILL(messages, 0)), 0)',
        usingMetrics: {
          execution: ws('ExecutionError', 'Sum'),
          integration: ws('IntegrationError', 'Sum'),
          connects: ws('ConnectCount', 'Sum'),
          messages: ws('MessageCount', 'Sum'),
        },
        period: FIVE_MINUTES,
      }),
      threshold: 5,
    });
    alarm(this, 'WebSocketApiLatencyP99', {
      description: 'GMS WebSocket API: p99 integration latency at or above 3 s for 15 minutes.',
      metric: ws('IntegrationLatency', 'p99'),
      threshold: 3000,
      evaluationPeriods: 3,
    });

    for (const table of props.tables) {
      const name = table.node.id;
      alarm(this, `${name}Throttles`, {
        description:
          `GMS table ${name}: 10 or more read or write requests throttled in 5 minutes (the SDK retries ` +
          'them, so a few are absorbed; more mean a hot key or a limit reached).',
        metric: new cloudwatch.MathExpression({
          label: 'Throttle events',
          expression: 'FILL(reads, 0) + FILL(writes, 0)',
          usingMetrics: {
            reads: table.metric('ReadThrottleEvents', { statistic: 'Sum' }),
            writes: table.metric('WriteThrottleEvents', { statistic: 'Sum' }),
          },
          period: FIVE_MINUTES,
        }),
        threshold: 10,
      });
      alarm(this, `${name}SystemErrors`, {
        description: `GMS table ${name}: DynamoDB answered requests with internal errors (HTTP 500) in 5 minutes.`,
        metric: table.metricSystemErrorsForOperations({
          operations: TABLE_OPERATIONS,
          period: FIVE_MINUTES,
          statistic: 'Sum',
        }),
        threshold: 1,
      });
    }

    // Delayed messages count in this age from the moment they were sent (SQS documents the metric as
    // the age of the oldest non-deleted message and excludes only messages received 3 or more times,
    // not delayed ones), and work messages are sent with delays up to 15 minutes, plus receives that
    // wait out a 3-minute visibility timeout. A healthy queue so stays under about 21 minutes: 30 pages.
    alarm(this, 'WorkQueueOldestMessageAge', {
      description:
        'GMS work queue: its oldest message is 30 minutes old or more (delays of up to 15 minutes are normal): ' +
        'the callback worker is not consuming.',
      metric: props.queues.work.metricApproximateAgeOfOldestMessage({
        period: FIVE_MINUTES,
        statistic: 'Maximum',
      }),
      threshold: 1800,
    });

    const custom = (name: OperationalMetricName, dimensions: Record<string, string>, period: Duration) =>
      new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName: name,
        dimensionsMap: { [STAGE_DIMENSION]: props.metricsStage, ...dimensions },
        statistic: 'Sum',
        period,
      });
    const perChannel = Object.fromEntries(
      PUSH_CHANNELS.map((channel) => [channel, custom('PushFailures', { channel }, FIVE_MINUTES)]),
    );
    alarm(this, 'PushFailures', {
      description:
        'GMS push: 10 or more WebSocket or httpcb deliveries failed in 5 minutes for another reason than a ' +
        'gone connection (API Gateway management API errors, httpcb receivers failing or unreachable).',
      metric: new cloudwatch.MathExpression({
        label: 'Push failures',
        expression: PUSH_CHANNELS.map((c) => `FILL(${c}, 0)`).join(' + '),
        usingMetrics: perChannel,
        period: FIVE_MINUTES,
      }),
      threshold: 10,
    });
    alarm(this, 'TickHeartbeat', {
      description:
        'GMS one-minute tick: no tick completed successfully in 3 consecutive minutes (not invoked, failing, or ' +
        'timing out): scheduled callbacks are not activated.',
      metric: custom('TickCompleted', {}, Duration.minutes(1)),
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      threshold: 1,
      evaluationPeriods: 3,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });

    this.dashboard = new GmsDashboard(this, 'GmsDashboard', {
      functions: props.functions,
      tables: props.tables,
      queues: props.queues,
      httpApi: http,
      webSocketMetric: ws,
      metricsStage: props.metricsStage,
    });
  }
}

interface AlarmOptions {
  description: string;
  metric: cloudwatch.IMetric;
  threshold: number;
  evaluationPeriods?: number;
  comparisonOperator?: cloudwatch.ComparisonOperator;
  treatMissingData?: cloudwatch.TreatMissingData;
}

/** An alarm without a fixed name (CloudFormation generates one); quiet when there is no data. */
function alarm(scope: Construct, id: string, o: AlarmOptions): cloudwatch.Alarm {
  return new cloudwatch.Alarm(scope, id, {
    alarmDescription: o.description,
    metric: o.metric,
    threshold: o.threshold,
    evaluationPeriods: o.evaluationPeriods ?? 1,
    comparisonOperator:
      o.comparisonOperator ?? cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: o.treatMissingData ?? cloudwatch.TreatMissingData.NOT_BREACHING,
  });
}

/** Gives every alarm of the stack the topic as its ALARM and OK action, whoever created it. */
class NotifyOnAlarm implements IAspect {
  private readonly action: SnsAction;

  constructor(topic: sns.ITopic) {
    this.action = new SnsAction(topic);
  }

  visit(node: IConstruct): void {
    if (!(node instanceof cloudwatch.Alarm)) return;
    node.addAlarmAction(this.action);
    node.addOkAction(this.action);
  }
}

/**
 * The `stage` dimension of the custom metrics: the stack's stage as its functions get it in
 * `GMS_STAGE` (`default` without one).
 */
export function metricsStageOf(scope: IConstruct): string {
  return stageOf(scope);
}
