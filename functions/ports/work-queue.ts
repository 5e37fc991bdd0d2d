/** The work queue (SQS, or the local queue) and its messages. */

/** Work for the queue consumer (`handlers/callback-worker.ts`). Every message may arrive twice. */
export interface WorkMessage {
  kind: string;
  /** Callback id (or other subject) the message is about. */
  id: string;
  /** The version the sender saw; consumers ignore messages for versions that moved on. */
  version?: number;
  data?: Record<string, unknown>;
}

export interface WorkQueue {
  /** Delivers `message` after `delayMs` (SQS rounds up to whole seconds, at most 15 minutes). */
  send(message: WorkMessage, delayMs?: number): Promise<void>;
  /**
   * Many messages, each with its own delay, in as few requests as the queue allows (SQS
   * SendMessageBatch: 10 a call). Resolves once every one is accepted; rejects if any could not be.
   */
  sendBatch(work: readonly QueuedWork[]): Promise<void>;
}

export interface QueuedWork {
  message: WorkMessage;
  delayMs?: number;
}
