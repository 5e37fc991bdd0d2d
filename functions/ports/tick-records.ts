/** The record of scheduler ticks. */

/** One run of the one-minute tick. */
export interface TickRecord {
  at: number;
  /** Tick jobs that failed in that run. */
  failedJobs: number;
}

/** The latest tick run, one write per tick, so the monitor can tell the scheduler's lag. */
export interface TickRecordStore {
  record(tick: TickRecord): Promise<void>;
  last(): Promise<TickRecord | undefined>;
}
