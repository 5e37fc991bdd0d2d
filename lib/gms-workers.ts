import { Duration, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { WebSocketStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import { FUNCTION_PERMISSIONS } from './area-permissions.js';
import { bindPermissions } from './bind-permissions.js';
import type { GmsData } from './gms-data.js';
import { GmsFunction } from './gms-function.js';
import { WORK_VISIBILITY_TIMEOUT } from './gms-queues.js';
import { handlerEntry } from './project-paths.js';

/** A work message may dial, push over HTTP with a timeout, and re-enqueue: room for slow peers. */
export const CALLBACK_WORKER_TIMEOUT = Duration.seconds(30);

/** Under a minute, so one tick ends before the next starts. */
export const SCHEDULER_TICK_TIMEOUT = Duration.seconds(55);

/** Records handed to one worker invocation; each is processed and reported on its own. */
export const WORK_BATCH_SIZE = 10;

export interface GmsWorkersProps {
  data: GmsData;
  webSocketStage: WebSocketStage;
  /** What push clients connect to (`_comet_url`), when not the stage's own URL. */
  webSocketUrl?: string;
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /** Most concurrent worker invocations the event source starts (SQS `MaximumConcurrency`). */
  workerMaxConcurrency?: number;
}

/**
 * The background side: the callback worker consuming the work queue, and the one-minute tick
 * (EventBridge Scheduler) that enqueues scheduled callbacks falling due before the next tick.
 */
export class GmsWorkers extends Construct {
  readonly callbackWorker: GmsFunction;
  readonly schedulerTick: GmsFunction;
  readonly tickSchedule: Schedule;

  constructor(scope: Construct, id: string, props: GmsWorkersProps) {
    super(scope, id);
    const queues = props.data.queues;

    // SQS's advice: a visibility timeout of six times the function timeout, so a message whose
    // invocation was throttled or retried is not handed out again while still being worked on.
    if (WORK_VISIBILITY_TIMEOUT.toSeconds() < 6 * CALLBACK_WORKER_TIMEOUT.toSeconds()) {
      throw new Error('The work queue visibility timeout must be at least six times the worker timeout.');
    }
    const worker = FUNCTION_PERMISSIONS['callback-worker'];
    this.callbackWorker = bindPermissions(
      new GmsFunction(this, 'CallbackWorkerFunction', {
        entry: handlerEntry('callback-worker'),
        description: worker.description,
        logLevel: props.logLevel,
        timeout: CALLBACK_WORKER_TIMEOUT,
      }),
      worker,
      props,
    );
    this.callbackWorker.addEventSource(
      new SqsEventSource(queues.work, {
        batchSize: WORK_BATCH_SIZE,
        // No batching window: a message is worked on as soon as it is visible (activation within a second).
        reportBatchItemFailures: true,
        // A burst of due callbacks is worked off at this pace rather than taking the account's
        // whole concurrency (and with it the public API's): the rest waits in the queue.
        maxConcurrency: props.workerMaxConcurrency,
      }),
    );

    const tick = FUNCTION_PERMISSIONS['scheduler-tick'];
    this.schedulerTick = bindPermissions(
      new GmsFunction(this, 'SchedulerTickFunction', {
        entry: handlerEntry('scheduler-tick'),
        description: tick.description,
        logLevel: props.logLevel,
        timeout: SCHEDULER_TICK_TIMEOUT,
      }),
      tick,
      props,
    );
    // The scheduler invokes asynchronously. A failed tick is retried by Lambda (after 1, then 2
    // more minutes): a tick is idempotent (it reads "now" from the clock, not from the event, and
    // what it sends is applied by conditional updates), so a retry running beside the next tick
    // only repeats work. What fails every attempt lands in a queue with an alarm, with its error.
    // The age bound leaves room for both retries and their runs (1 + 2 minutes + 2 x 55 s).
    this.schedulerTick.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.minutes(10),
      onFailure: new SqsDestination(queues.tickFailures),
    });
    // Its own role rather than the stack-wide one the target would create, so that it is named and reviewed here.
    const scheduleRole = new iam.Role(this, 'TickScheduleRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'EventBridge Scheduler: invokes the GMS scheduler tick, dead-letters undelivered ticks',
    });
    const tickFunctionId = Stack.of(this).getLogicalId(this.schedulerTick.node.defaultChild as CfnElement);
    Validations.of(scheduleRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${tickFunctionId}.Arn>:*]`,
      reason:
        'lambda:InvokeFunction on the scheduler tick function only; the ":*" form is how grantInvoke also ' +
        'covers its qualified ARNs (versions, aliases) of that same function, no other function.',
    });
    this.tickSchedule = new Schedule(this, 'TickSchedule', {
      description: 'GMS one-minute tick: enqueue scheduled callbacks that fall due',
      schedule: ScheduleExpression.rate(Duration.minutes(1)),
      target: new LambdaInvoke(this.schedulerTick, {
        role: scheduleRole,
        // Delivery is retried briefly; a tick older than a minute is superseded by the next one.
        retryAttempts: 2,
        maxEventAge: Duration.minutes(1),
        deadLetterQueue: queues.tickDeadLetters,
      }),
    });
  }
}
