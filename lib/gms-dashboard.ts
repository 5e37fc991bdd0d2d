import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import {
  METRICS_NAMESPACE,
  OPERATIONAL_METRICS,
  STAGE_DIMENSION,
  type OperationalMetricName,
} from '../functions/domain/operational-metrics.js';
import type { GmsFunction } from './gms-function.js';
import type { GmsQueues } from './gms-queues.js';
import type { GmsTableRef } from './gms-table.js';

export interface GmsDashboardProps {
  functions: readonly GmsFunction[];
  tables: readonly GmsTableRef[];
  queues: GmsQueues;
  httpApi: HttpApi;
  /** A WebSocket API metric of this stage (name, statistic). */
  webSocketMetric: (metricName: string, statistic: string) => cloudwatch.IMetric;
  metricsStage: string;
}

const PERIOD = Duration.minutes(5);
const WIDTH = 12;

/**
 * One CloudWatch dashboard of the stage (no fixed name: CloudFormation makes it unique): the
 * alarms' figures side by side with the business ones. Dimensioned business metrics (per
 * service, reason, pool) are SEARCH expressions, so a new service shows up without a deploy.
 */
export class GmsDashboard extends cloudwatch.Dashboard {
  constructor(scope: Construct, id: string, props: GmsDashboardProps) {
    super(scope, id, { defaultInterval: Duration.hours(3) });
    const fns = props.functions;
    const graph = (title: string, left: cloudwatch.IMetric[], right?: cloudwatch.IMetric[]) =>
      new cloudwatch.GraphWidget({ title, left, right, width: WIDTH, height: 6, period: PERIOD });

    /** Every series of a custom metric of this stage, one line per dimension value, summed per period. */
    const search = (name: OperationalMetricName, label: string) => {
      const dims = [STAGE_DIMENSION, ...OPERATIONAL_METRICS[name]].join(',');
      return new cloudwatch.MathExpression({
        expression:
          `SEARCH('{${METRICS_NAMESPACE},${dims}} MetricName="${name}" ` +
          `${STAGE_DIMENSION}="${props.metricsStage}"', 'Sum', ${PERIOD.toSeconds()})`,
        label,
        usingMetrics: {},
        period: PERIOD,
      });
    };
    const custom = (name: OperationalMetricName, period = PERIOD) =>
      new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName: name,
        dimensionsMap: { [STAGE_DIMENSION]: props.metricsStage },
        statistic: 'Sum',
        period,
      });

    this.addWidgets(
      new cloudwatch.TextWidget({
        markdown:
          '# GMS\nOperational figures first (what the alarms watch), business figures below. ' +
          `Custom metrics: namespace \`${METRICS_NAMESPACE}\`, \`${STAGE_DIMENSION}\` = \`${props.metricsStage}\`.`,
        width: 24,
        height: 2,
      }),
    );
    this.addWidgets(
      graph(
        'Lambda errors',
        fns.map((f) => f.metricErrors({ label: f.node.id, statistic: 'Sum', period: PERIOD })),
      ),
      graph(
        'Lambda throttles',
        fns.map((f) => f.metricThrottles({ label: f.node.id, statistic: 'Sum', period: PERIOD })),
      ),
    );
    this.addWidgets(
      graph(
        'Lambda duration p99 (ms)',
        fns.map((f) => f.metricDuration({ label: f.node.id, statistic: 'p99', period: PERIOD })),
      ),
      graph(
        'Lambda concurrent executions',
        fns.map((f) =>
          f.metric('ConcurrentExecutions', { label: f.node.id, statistic: 'Maximum', period: PERIOD }),
        ),
      ),
    );
    this.addWidgets(
      graph(
        'HTTP API requests and 5xx',
        [props.httpApi.metricCount({ label: 'Requests', statistic: 'Sum' })],
        [
          props.httpApi.metricServerError({ label: '5xx', statistic: 'Sum' }),
          props.httpApi.metricClientError({ label: '4xx', statistic: 'Sum' }),
        ],
      ),
      graph('HTTP API latency (ms)', [
        props.httpApi.metricLatency({ label: 'p50', statistic: 'p50' }),
        props.httpApi.metricLatency({ label: 'p99', statistic: 'p99' }),
      ]),
    );
    this.addWidgets(
      graph(
        'WebSocket connects, messages, errors',
        [props.webSocketMetric('ConnectCount', 'Sum'), props.webSocketMetric('MessageCount', 'Sum')],
        [props.webSocketMetric('ExecutionError', 'Sum'), props.webSocketMetric('IntegrationError', 'Sum')],
      ),
      graph('WebSocket integration latency p99 (ms)', [props.webSocketMetric('IntegrationLatency', 'p99')]),
    );
    this.addWidgets(
      graph(
        'DynamoDB throttle events',
        props.tables.flatMap((t) => [
          t.metric('ReadThrottleEvents', { label: `${t.node.id} read`, statistic: 'Sum', period: PERIOD }),
          t.metric('WriteThrottleEvents', { label: `${t.node.id} write`, statistic: 'Sum', period: PERIOD }),
        ]),
      ),
      graph(
        'DynamoDB consumed capacity',
        props.tables.map((t) =>
          t.metricConsumedReadCapacityUnits({ label: `${t.node.id} read`, statistic: 'Sum', period: PERIOD }),
        ),
        props.tables.map((t) =>
          t.metricConsumedWriteCapacityUnits({
            label: `${t.node.id} write`,
            statistic: 'Sum',
            period: PERIOD,
          }),
        ),
      ),
    );
    const q = props.queues;
    this.addWidgets(
      graph(
        'Queue depth',
        [
          q.work.metricApproximateNumberOfMessagesVisible({ label: 'Work visible', period: PERIOD }),
          q.work.metricApproximateNumberOfMessagesNotVisible({ label: 'Work in flight', period: PERIOD }),
        ],
        [q.workDeadLetters, q.tickDeadLetters, q.tickFailures].map((dlq) =>
          dlq.metricApproximateNumberOfMessagesVisible({ label: dlq.node.id, period: PERIOD }),
        ),
      ),
      graph('Work queue oldest message age (s)', [
        q.work.metricApproximateAgeOfOldestMessage({ label: 'Oldest', statistic: 'Maximum', period: PERIOD }),
      ]),
    );
    this.addWidgets(
      graph('Push failures by channel', [search('PushFailures', '')]),
      graph('Tick heartbeat (completed ticks per minute)', [custom('TickCompleted', Duration.minutes(1))]),
    );
    this.addWidgets(
      graph('Callbacks created by service', [search('CallbacksCreated', '')]),
      graph('Callbacks queued by service', [search('CallbacksQueued', '')]),
    );
    this.addWidgets(
      graph('Callbacks completed by service and reason', [search('CallbacksCompleted', '')]),
      graph('Chats started by service', [search('ChatsStarted', '')]),
    );
    this.addWidgets(
      graph('Access numbers allocated by pool', [search('AccessNumbersAllocated', '')]),
      graph('Pool exhausted by pool', [search('PoolExhausted', '')]),
    );
  }
}
