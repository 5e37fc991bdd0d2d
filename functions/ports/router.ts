import type { CallbackRecord } from '../domain/callback/callback-record.js';
import type { QueuedCallback } from '../domain/routing/queued-callback.js';

/** The router a callback is handed to (the built-in one, or another behind this port). */

/** Where a callback stands in its router's queue (`check-queue-position`). */
export interface CallbackQueuePosition {
  /** 1 for the next callback served; 0 once an agent is reserved or connected. */
  position: number;
  /** Estimated wait in seconds; `n/a` when the router has nothing to estimate from. */
  eta: number | 'n/a';
  /** Callbacks waiting in the same queue. */
  totalWaiting: number;
  /** `_agent_ready_threshold_passed` and its reason. */
  readyThresholdPassed: boolean;
  readyThresholdReason: string;
}

/**
 * What the callback flows need from a router: the built-in one (`handlers/routing/`,
 * `BuiltInRouter`), or a contact centre such as Amazon Connect in its place. The callback side
 * owns the record and its states; the router is told what happened to a callback and answers
 * where it stands. Every call may be repeated (work messages arrive at least once): an
 * implementation re-reads the callback and does nothing when it moved on.
 */
export interface Router {
  /**
   * The callback became QUEUED (created, activated, rescheduled back): queue it, offer it to an
   * agent. `known`: the callback as its sender wrote it, when the message carried it (a router
   * may queue from it, under a condition that it is still current, instead of reading the record).
   */
  callbackQueued(callbackId: string, known?: QueuedCallback): Promise<void>;
  /** The customer's call matched a user-originated callback (`match-interaction`). */
  customerCallArrived(callbackId: string): Promise<void>;
  /** The customer of a delayed callback confirmed (`connect`): start the call. */
  customerConfirmed(callbackId: string): Promise<void>;
  /**
   * The callback left routing from outside (cancelled, rescheduled, expired): forget it and free
   * the agent that held it (`agentId`, when the caller knows it).
   */
  callbackEnded(callbackId: string, agentId?: string): Promise<void>;
  /**
   * Position and estimated wait of a QUEUED, ROUTING or PROCESSING callback. A QUEUED callback
   * always has one (the built-in router places one not in its waiting queue yet last of its
   * queue); undefined only from a router that cannot place it at all.
   */
  queuePosition(record: CallbackRecord): Promise<CallbackQueuePosition | undefined>;
}
