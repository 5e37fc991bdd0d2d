import type { SendMessageBatchRequestEntry, SQSClient } from '@aws-sdk/client-sqs';
import { eachWithConcurrency } from '../../domain/bounded-concurrency.js';
import type { QueuedWork, WorkMessage, WorkQueue } from '../../ports/work-queue.js';
import type { PortAwsCalls } from '../aws-calls/aws-call.js';
import { instrumentSdkClient } from '../aws-calls/instrumented-client.js';
import { onFirstUse } from '../../domain/on-first-use.js';
import { sqsCallDescriber } from '../aws-calls/service-call-describers.js';
import { splitIntoBatches } from './send-batches.js';

/** SQS's longest delivery delay; later work is picked up again by the one-minute tick. */
const MAX_DELAY_SECONDS = 900;

/** What each `WorkQueue` method asks of AWS (the local in-process queue is recorded as it). */
export const WORK_QUEUE_AWS_CALLS: PortAwsCalls<WorkQueue> = {
  send: [{ action: 'sqs:SendMessage', resource: { kind: 'queue', queue: 'work' } }],
  // SendMessageBatch is authorized as sqs:SendMessage (SQS documents no action of its own).
  sendBatch: [{ action: 'sqs:SendMessage', resource: { kind: 'queue', queue: 'work' } }],
};

/** Batch requests in flight at once: a burst of thousands of activations goes out in about a second. */
const BATCH_CONCURRENCY = 8;

/** Sends of the entries SQS failed (not the sender's fault: throttling, internal errors) per batch. */
const BATCH_ATTEMPTS = 5;

// Rounded up: a message may arrive up to a second late, never early.
const delaySeconds = (delayMs = 0) => Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.ceil(delayMs / 1000)));

const sqsSdk = onFirstUse(() => import('@aws-sdk/client-sqs'));

export class SqsWorkQueue implements WorkQueue {
  private client: Pick<SQSClient, 'send'> | undefined;

  constructor(
    private readonly queueUrl: string,
    private readonly region: string,
    client?: Pick<SQSClient, 'send'>,
  ) {
    this.client = client;
  }

  /** The client, created (and its package loaded) on the first send. */
  private async sqs(): Promise<Pick<SQSClient, 'send'>> {
    if (this.client) return this.client;
    const { SQSClient } = await sqsSdk();
    this.client ??= instrumentSdkClient(
      new SQSClient({ region: this.region }),
      sqsCallDescriber({ work: this.queueUrl }),
    );
    return this.client;
  }

  async send(message: WorkMessage, delayMs = 0): Promise<void> {
    const [client, { SendMessageCommand }] = await Promise.all([this.sqs(), sqsSdk()]);
    await client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify(message),
        DelaySeconds: delaySeconds(delayMs),
      }),
    );
  }

  async sendBatch(work: readonly QueuedWork[]): Promise<void> {
    const entries: SendMessageBatchRequestEntry[] = work.map((w, i) => ({
      Id: String(i),
      MessageBody: JSON.stringify(w.message),
      DelaySeconds: delaySeconds(w.delayMs),
    }));
    const batches = splitIntoBatches(entries, (e) => Buffer.byteLength(e.MessageBody!));
    await eachWithConcurrency(batches, BATCH_CONCURRENCY, (batch) => this.sendOneBatch(batch));
  }

  /** A batch request succeeds entry by entry: only the entries SQS failed are sent again. */
  private async sendOneBatch(entries: SendMessageBatchRequestEntry[]): Promise<void> {
    const [client, { SendMessageBatchCommand }] = await Promise.all([this.sqs(), sqsSdk()]);
    let pending = entries;
    for (let attempt = 1; ; attempt++) {
      const out = await client.send(
        new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: pending }),
      );
      const failed = out.Failed ?? [];
      if (failed.length === 0) return;
      if (failed.some((f) => f.SenderFault) || attempt >= BATCH_ATTEMPTS) {
        const codes = [...new Set(failed.map((f) => f.Code))].join(', ');
        throw new Error(`SQS did not accept ${failed.length} of ${pending.length} work messages (${codes})`);
      }
      const retry = new Set(failed.map((f) => f.Id));
      pending = pending.filter((e) => retry.has(e.Id));
      await new Promise((r) => setTimeout(r, Math.random() * 50 * 2 ** attempt));
    }
  }
}
