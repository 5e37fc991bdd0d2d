/** The record of scheduler ticks. */

/** One run of the one-minute tick. */
export interface TickRecord {
  at: number;
  /** Tick jobs that failed in that run. */
  failedJobs: number;
}

/** How far the tick's scheduling job has handed SCHEDULED callbacks out, and when it did. */
export interface ScheduledWindow {
  /** The due-time bound of the job's fan-out: every callback due at or before it was handed out. */
  until: number;
  /** When that fan-out was sent. */
  at: number;
}

/** The latest tick run, one write per tick, so the monitor can tell the scheduler's lag. */
export interface TickRecordStore {
  record(tick: TickRecord): Promise<void>;
  last(): Promise<TickRecord | undefined>;
  /** The scheduling job's last fan-out, written once it was sent. */
  recordScheduled(window: ScheduledWindow): Promise<void>;
  lastScheduled(): Promise<ScheduledWindow | undefined>;
  /**
   * Forgets the last fan-out: the activations it led to lived in memory (the local work queue) and
   * are gone with the process, so the next tick hands out everything due again.
   */
  forgetScheduled(): Promise<void>;
  /**
   * How far `route-queued-callbacks` has looked at QUEUED callbacks (`until`: a queue-time bound),
   * and when: its next window starts there. Forgotten, like the scheduling job's, at a local start.
   */
  recordQueuedSweep(window: ScheduledWindow): Promise<void>;
  lastQueuedSweep(): Promise<ScheduledWindow | undefined>;
  forgetQueuedSweep(): Promise<void>;
}
