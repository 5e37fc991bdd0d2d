import type {
  CallbackReason,
  CallbackRecord,
  CallbackState,
  Guard,
  GuardRef,
} from '../domain/callback/callback-record.js';
import type { ShardPage } from './shard-page.js';

/** Callbacks: versioned records, their guards and indexes. */

/** A change to a callback, applied only if its version is still the one read. */
export interface CallbackChange {
  state?: CallbackState;
  reason?: CallbackReason;
  set?: Partial<
    Pick<
      CallbackRecord,
      | 'desiredTime'
      | 'scheduled'
      | 'properties'
      | 'agentId'
      | 'queuedAt'
      | 'expiresAt'
      | 'target'
      | 'virtualQueue'
      | 'priority'
      | 'customerNumber'
      | 'dialAttempts'
    >
  >;
  /** Clears `agentId` (back to the queue). */
  clearAgent?: boolean;
  /** Guards given back with this change (their counters are decremented). */
  release?: GuardRef[];
  /** Guards taken with this change (e.g. the new time bucket of a reschedule). */
  take?: Guard[];
}

export type CallbackWriteResult =
  | { ok: true; record: CallbackRecord }
  | { ok: false; reason: 'version' }
  | { ok: false; reason: 'guard'; refused: Guard };

/**
 * A one-time data upgrade that runs in bounded chunks: the one-minute tick runs a chunk per run,
 * a local start runs it to the end before serving.
 */
export interface DataUpgrade {
  /** Works through at most about `maxItems` items; `done` once nothing is left (then it costs one read). */
  step(maxItems: number): Promise<{ done: boolean; upgraded: number }>;
}

export interface CallbackStore {
  /**
   * Writes a new callback and takes its guards: on success the callback and every guard, on a
   * refusal neither (guards taken before it are given back). A crash part-way may leave a time
   * bucket or throttle counted one too high until its window ends, never a limit passed.
   */
  create(record: CallbackRecord, guards: Guard[]): Promise<CallbackWriteResult>;
  get(id: string): Promise<CallbackRecord | undefined>;
  /**
   * The update conditional on the version, returning the record it wrote; a transaction with the
   * queue-limit and duplicate-lock takes and releases when those move (time buckets and throttles
   * are taken before and given back after, as in `create`).
   * `read`: the record as the caller read it at `expectedVersion`; when guards move, their new list
   * is worked out from it instead of reading the record again (the write's version condition makes
   * it the stored one).
   */
  update(
    id: string,
    expectedVersion: number,
    change: CallbackChange,
    now: number,
    read?: CallbackRecord,
  ): Promise<CallbackWriteResult>;
  /**
   * `change` (no guards move) with no read first: conditional on the callback being `when.state`
   * with its desired time at or before `when.dueBy` instead of on a version read earlier. Returns
   * the record as the write found it (`transition` of it gives what was written), or undefined when
   * the condition did not hold (the callback is gone, moved on, or not due yet).
   */
  updateIfDue(
    id: string,
    change: CallbackChange,
    now: number,
    when: { state: CallbackState; dueBy: number },
  ): Promise<CallbackRecord | undefined>;
  /** A service's callbacks with desired time in [from, to], oldest first, at most `limit`. */
  listByService(service: string, from: number, to: number, limit: number): Promise<CallbackRecord[]>;
  listByCustomer(customerNumber: string): Promise<CallbackRecord[]>;
  /** SCHEDULED callbacks due at or before `until`, earliest first. */
  listDue(until: number, limit: number): Promise<{ id: string; dueAt: number }[]>;
  /** SCHEDULED and QUEUED callbacks whose `expiresAt` is at or before `until`, earliest first. */
  listExpired(until: number, limit: number): Promise<{ id: string; expiresAt: number }[]>;
  /**
   * The partitions of the SCHEDULED index and of the expiry index: opaque names the tick hands to
   * workers one each (`schedule-shard`, `expire-shard`, `route-queued-shard` for `queuedShards`),
   * so no reader takes all of them.
   */
  dueShards(): readonly string[];
  expiryShards(): readonly string[];
  /** The partitions of QUEUED (and ROUTING) callbacks by queue time (`route-queued-shard`). */
  queuedShards(): readonly string[];
  /** One page of one `dueShards()` partition: SCHEDULED callbacks due at or before `until`. */
  listDueShard(
    shard: string,
    until: number,
    limit: number,
    cursor?: string,
  ): Promise<ShardPage<{ id: string; dueAt: number }>>;
  /**
   * One page of one `queuedShards()` partition: callbacks that became QUEUED in (`after`, `until`]
   * (`dueAt` = queue time; from the start without `after`). They stay listed until PROCESSING.
   */
  listQueuedShard(
    shard: string,
    until: number,
    limit: number,
    cursor?: string,
    after?: number,
  ): Promise<ShardPage<{ id: string; dueAt: number }>>;
  /** One page of one `expiryShards()` partition: callbacks whose `expiresAt` is at or before `until`. */
  listExpiredShard(
    shard: string,
    until: number,
    limit: number,
    cursor?: string,
  ): Promise<ShardPage<{ id: string; expiresAt: number }>>;
  /** The records of `ids` that exist, read in batches (sweeps never read one entry per call). */
  getMany(ids: readonly string[]): Promise<CallbackRecord[]>;
  /** Current values of guard counters (missing counters are 0). */
  guardCounts(keys: string[]): Promise<Record<string, number>>;
}
