import type { QueueAttributeName, SQSClient } from '@aws-sdk/client-sqs';
import type { QueueFigures, QueueStats } from '../../ports/metrics.js';
import type { PortAwsCalls } from '../aws-calls/aws-call.js';
import { instrumentSdkClient } from '../aws-calls/instrumented-client.js';
import { onFirstUse } from '../../domain/on-first-use.js';
import { sqsCallDescriber } from '../aws-calls/service-call-describers.js';

const WORK_ATTRIBUTES: QueueAttributeName[] = [
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
];

/** What `QueueStats` asks of AWS (the local queue's own counts are recorded as it). */
export const QUEUE_STATS_AWS_CALLS: PortAwsCalls<QueueStats> = {
  stats: [
    { action: 'sqs:GetQueueAttributes', resource: { kind: 'queue', queue: 'work' } },
    { action: 'sqs:GetQueueAttributes', resource: { kind: 'queue', queue: 'work-dead-letters' } },
  ],
};

const sqsSdk = onFirstUse(() => import('@aws-sdk/client-sqs'));

/** The work queue's and its dead-letter queue's approximate counts (`sqs:GetQueueAttributes` on both). */
export class SqsQueueStats implements QueueStats {
  private client: SQSClient | undefined;

  constructor(
    private readonly workQueueUrl: string,
    private readonly deadLetterQueueUrl: string,
    private readonly region: string,
  ) {}

  async stats(): Promise<QueueFigures> {
    // The package is loaded and the client created on the first read (the monitor's only).
    const { SQSClient, GetQueueAttributesCommand } = await sqsSdk();
    this.client ??= instrumentSdkClient(
      new SQSClient({ region: this.region }),
      sqsCallDescriber({ work: this.workQueueUrl, workDeadLetters: this.deadLetterQueueUrl }),
    );
    const [work, dead] = await Promise.all([
      this.client.send(
        new GetQueueAttributesCommand({ QueueUrl: this.workQueueUrl, AttributeNames: WORK_ATTRIBUTES }),
      ),
      this.client.send(
        new GetQueueAttributesCommand({
          QueueUrl: this.deadLetterQueueUrl,
          AttributeNames: ['ApproximateNumberOfMessages'],
        }),
      ),
    ]);
    const n = (v: string | undefined) => Number(v ?? 0) || 0;
    return {
      depth: n(work.Attributes?.ApproximateNumberOfMessages),
      inFlight: n(work.Attributes?.ApproximateNumberOfMessagesNotVisible),
      delayed: n(work.Attributes?.ApproximateNumberOfMessagesDelayed),
      deadLetters: n(dead.Attributes?.ApproximateNumberOfMessages),
    };
  }
}
