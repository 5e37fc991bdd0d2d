import { GetQueueAttributesCommand, SQSClient, type QueueAttributeName } from '@aws-sdk/client-sqs';
import type { QueueFigures, QueueStats } from '../../ports.js';

const WORK_ATTRIBUTES: QueueAttributeName[] = [
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
];

/** The work queue's and its dead-letter queue's approximate counts (`sqs:GetQueueAttributes` on both). */
export class SqsQueueStats implements QueueStats {
  private readonly client: SQSClient;

  constructor(
    private readonly workQueueUrl: string,
    private readonly deadLetterQueueUrl: string,
    region: string,
  ) {
    this.client = new SQSClient({ region });
  }

  async stats(): Promise<QueueFigures> {
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
