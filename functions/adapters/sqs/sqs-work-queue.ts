import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { WorkMessage, WorkQueue } from '../../ports.js';

/** SQS's longest delivery delay; later work is picked up again by the one-minute tick. */
const MAX_DELAY_SECONDS = 900;

export class SqsWorkQueue implements WorkQueue {
  private readonly client: SQSClient;

  constructor(
    private readonly queueUrl: string,
    region: string,
  ) {
    this.client = new SQSClient({ region });
  }

  async send(message: WorkMessage, delayMs = 0): Promise<void> {
    // Rounded up: a message may arrive up to a second late, never early.
    const DelaySeconds = Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.ceil(delayMs / 1000)));
    await this.client.send(
      new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(message), DelaySeconds }),
    );
  }
}
