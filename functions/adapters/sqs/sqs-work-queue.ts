import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { WorkMessage, WorkQueue } from '../../ports.js';
import type { PortAwsCalls } from '../aws-calls/aws-call.js';
import { recordSdkCalls } from '../aws-calls/sdk-call-recording.js';
import { sqsCallDescriber } from '../aws-calls/service-call-describers.js';

/** SQS's longest delivery delay; later work is picked up again by the one-minute tick. */
const MAX_DELAY_SECONDS = 900;

/** What each `WorkQueue` method asks of AWS (the local in-process queue is recorded as it). */
export const WORK_QUEUE_AWS_CALLS: PortAwsCalls<WorkQueue> = {
  send: [{ action: 'sqs:SendMessage', resource: { kind: 'queue', queue: 'work' } }],
};

export class SqsWorkQueue implements WorkQueue {
  private readonly client: SQSClient;

  constructor(
    private readonly queueUrl: string,
    region: string,
  ) {
    this.client = recordSdkCalls(new SQSClient({ region }), sqsCallDescriber({ work: queueUrl }));
  }

  async send(message: WorkMessage, delayMs = 0): Promise<void> {
    // Rounded up: a message may arrive up to a second late, never early.
    const DelaySeconds = Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.ceil(delayMs / 1000)));
    await this.client.send(
      new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(message), DelaySeconds }),
    );
  }
}
