import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { AsyncResource } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { logger } from '../observability.js';
import type { QueueFigures, QueueStats } from '../ports/metrics.js';
import type { QueuedWork, WorkMessage, WorkQueue } from '../ports/work-queue.js';

export type SqsConsumer = (event: SQSEvent) => Promise<SQSBatchResponse | void>;

export interface LocalWorkQueueOptions {
  /** How long a failed message waits before it is delivered again (SQS visibility timeout). */
  visibilityTimeoutMs?: number;
  /** Deliveries before a message goes to the dead-letter list (SQS maxReceiveCount). */
  maxReceives?: number;
  /** Messages per delivery (SQS batch size). */
  batchSize?: number;
  /**
   * Deliver every message twice, as SQS's at-least-once delivery may: consumers must end in the
   * same state either way (used by tests, and available to check a deployment's logic locally).
   */
  deliverTwice?: boolean;
}

interface Pending {
  id: string;
  body: string;
  receives: number;
}

/**
 * The local stand-in for SQS with the same contract: batch delivery to the same consumer Lambda
 * runs, per-record failure reporting, redelivery after a visibility timeout, dead-letter after
 * `maxReceives`. It lives in memory: what must survive a restart is derived from DynamoDB by the
 * tick (scheduled callbacks, waiting queues), never held only here.
 */
export class LocalWorkQueue implements WorkQueue, QueueStats {
  readonly deadLetters: { message: WorkMessage; receives: number }[] = [];
  private consumer?: SqsConsumer;
  private readonly timers = new Set<NodeJS.Timeout>();
  private ready: Pending[] = [];
  private draining = false;
  private inFlight = 0;
  /** Messages being delivered or waiting out their visibility timeout (SQS's "not visible"). */
  private invisible = 0;
  /** Messages sent with a delay that has not passed yet. */
  private delayed = 0;
  private stopped = false;
  /** Delivery held (`pause`): messages wait as in an SQS queue nothing polls. */
  private paused = false;
  private readonly options: Required<LocalWorkQueueOptions>;
  /**
   * Where deliveries run: the context `start` was called in, not the sender's. Each delivery is an
   * invocation of its own, as in AWS, and inherits nothing from the code that sent the message
   * (e.g. the tick's background call slots, `local/background-calls.ts`).
   */
  private context = new AsyncResource('LocalWorkQueue');

  constructor(options: LocalWorkQueueOptions = {}) {
    this.options = {
      visibilityTimeoutMs: 5_000,
      maxReceives: 5,
      batchSize: 10,
      deliverTwice: false,
      ...options,
    };
  }

  start(consumer: SqsConsumer): void {
    this.consumer = consumer;
    this.context = new AsyncResource('LocalWorkQueue');
    this.stopped = false;
    void this.drain();
  }

  /** Holds delivery until `resume`: messages sent meanwhile wait, as in a queue nothing polls. */
  pause(): void {
    this.paused = true;
  }

  /** Delivers again, starting with what waited. */
  resume(): void {
    this.paused = false;
    void this.drain();
  }

  async send(message: WorkMessage, delayMs = 0): Promise<void> {
    if (this.stopped) return;
    const body = JSON.stringify(message);
    this.later({ id: randomUUID(), body, receives: 0 }, Math.max(0, delayMs), 'delayed');
    if (this.options.deliverTwice)
      this.later({ id: randomUUID(), body, receives: 0 }, Math.max(0, delayMs) + 5, 'delayed');
  }

  /** In memory there are no requests to save: each message is sent as by `send`, with its own delay. */
  async sendBatch(work: readonly QueuedWork[]): Promise<void> {
    for (const w of work) await this.send(w.message, w.delayMs);
  }

  /** SQS's approximate figures, exact here. */
  async stats(): Promise<QueueFigures> {
    return {
      depth: this.ready.length,
      inFlight: this.invisible,
      delayed: this.delayed,
      deadLetters: this.deadLetters.length,
    };
  }

  /** `invisible`: a failed message, already counted as received, waiting to be delivered again. */
  private later(p: Pending, delayMs: number, waiting: 'delayed' | 'invisible'): void {
    if (delayMs <= 0) {
      if (waiting === 'invisible') this.invisible--;
      this.ready.push(p);
      void this.drain();
      return;
    }
    if (waiting === 'delayed') this.delayed++;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this[waiting]--;
      this.ready.push(p);
      void this.drain();
    }, delayMs);
    this.timers.add(timer);
  }

  private async drain(): Promise<void> {
    if (this.draining || !this.consumer || this.stopped || this.paused) return;
    this.draining = true;
    try {
      while (this.ready.length > 0 && !this.stopped && !this.paused) {
        const batch = this.ready.splice(0, this.options.batchSize);
        // Batches are delivered concurrently, as SQS does with several pollers.
        this.context.runInAsyncScope(() => void this.deliver(batch));
        await new Promise((r) => setImmediate(r));
      }
    } finally {
      this.draining = false;
    }
  }

  private async deliver(batch: Pending[]): Promise<void> {
    this.inFlight++;
    this.invisible += batch.length;
    for (const p of batch) p.receives++;
    const records: SQSRecord[] = batch.map((p) => ({
      messageId: p.id,
      receiptHandle: p.id,
      body: p.body,
      attributes: {
        ApproximateReceiveCount: String(p.receives),
        SentTimestamp: String(Date.now()),
        SenderId: 'local',
        ApproximateFirstReceiveTimestamp: String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:local:000000000000:gms-work',
      awsRegion: 'local',
    }));
    let failed: Set<string>;
    try {
      const result = await this.consumer!({ Records: records });
      failed = new Set((result?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch (e) {
      logger.error('Work queue consumer failed for a whole batch', { error: e as Error });
      failed = new Set(batch.map((p) => p.id));
    } finally {
      this.inFlight--;
    }
    for (const p of batch) {
      if (!failed.has(p.id)) {
        this.invisible--;
        continue;
      }
      if (p.receives >= this.options.maxReceives) {
        this.invisible--;
        this.deadLetters.push({ message: JSON.parse(p.body) as WorkMessage, receives: p.receives });
        logger.error('Work message dead-lettered', { body: p.body, receives: p.receives });
      } else {
        this.later(p, this.options.visibilityTimeoutMs, 'invisible');
      }
    }
  }

  /** Resolves when nothing is ready or being delivered (delayed messages may still be waiting). */
  async idle(): Promise<void> {
    while (this.ready.length > 0 || this.inFlight > 0 || this.draining) {
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.ready = [];
    this.delayed = 0;
  }
}
