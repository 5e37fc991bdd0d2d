import type { WorkMessage } from '../../ports/work-queue.js';

/**
 * Handles one work message with the ports `P` it needs. Every message may be delivered twice or
 * late: a processor re-reads the state and changes it only through conditional writes, so a
 * duplicate changes nothing. Throwing makes the queue redeliver the message (and dead-letter it
 * after repeated failures).
 */
export type WorkProcessor<P> = (message: WorkMessage, ports: P) => Promise<void>;

/** A job of the one-minute tick (catch-up work that must not depend on in-memory timers). */
export type TickJob<P> = (ports: P) => Promise<void>;
