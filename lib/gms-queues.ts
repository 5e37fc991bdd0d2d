import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** Receives of a work message before it is moved to the dead-letter queue. */
export const MAX_WORK_RECEIVES = 5;

/** How long a received work message stays invisible; consumers' timeouts must fit six times in it. */
export const WORK_VISIBILITY_TIMEOUT = Duration.minutes(3);

/**
 * The queues of GMS: the work queue (callback activation, routing, dial results, push retries,
 * each message possibly delayed up to 15 minutes) with its dead-letter queue, and the dead-letter
 * queue of the one-minute tick's schedule. All encrypted (SSE-SQS) and reachable over TLS only.
 */
export class GmsQueues extends Construct {
  readonly work: sqs.Queue;
  readonly workDeadLetters: sqs.Queue;
  /** Tick events the scheduler could not deliver to the function after its retries. */
  readonly tickDeadLetters: sqs.Queue;
  /**
   * Ticks that were delivered but failed in every attempt Lambda made (its async failure
   * destination). Not the scheduler's queue: these hold Lambda invocation records (the error and
   * the request), not undelivered scheduler events, and they mean broken code or data rather
   * than a broken schedule or role, so they are read, alarmed and acted on apart.
   */
  readonly tickFailures: sqs.Queue;
  /** In alarm while a dead-letter queue holds messages; add actions to be told. */
  readonly deadLetterAlarms: readonly cloudwatch.Alarm[];

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.workDeadLetters = deadLetterQueue(this, 'WorkDeadLetterQueue');
    this.work = new sqs.Queue(this, 'WorkQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: WORK_VISIBILITY_TIMEOUT,
      // Longer than any delay a message is sent with (15 minutes), and than an outage worth waiting out.
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.workDeadLetters, maxReceiveCount: MAX_WORK_RECEIVES },
    });
    this.tickDeadLetters = deadLetterQueue(this, 'TickDeadLetterQueue');
    this.tickFailures = deadLetterQueue(this, 'TickFailureQueue');

    const watched: [sqs.Queue, string][] = [
      [this.workDeadLetters, `work messages that failed ${MAX_WORK_RECEIVES} receives`],
      [this.tickDeadLetters, 'one-minute ticks the scheduler could not deliver'],
      [this.tickFailures, 'one-minute ticks that failed in every attempt (Lambda failure destination)'],
    ];
    this.deadLetterAlarms = watched.map(
      ([queue, what]) =>
        new cloudwatch.Alarm(this, `${queue.node.id}Alarm`, {
          alarmDescription: `GMS dead-letter queue not empty: ${what}.`,
          metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
    );
  }
}

function deadLetterQueue(scope: Construct, id: string): sqs.Queue {
  const queue = new sqs.Queue(scope, id, {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    // The longest SQS allows: time for someone to look at what failed and redrive it.
    retentionPeriod: Duration.days(14),
  });
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason:
      'This is a dead-letter queue itself: messages land here after the source gave up, and a dead-letter ' +
      'queue of a dead-letter queue would only move the same messages one step further. An alarm watches its depth.',
  });
  return queue;
}
