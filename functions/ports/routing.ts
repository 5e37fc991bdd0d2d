import type { AgentRecord } from '../domain/routing/agent.js';
import type { RoutingTarget } from '../domain/routing/routing-target.js';
import type { QueueTotals, WaitingEntry } from '../domain/routing/waiting-queue.js';
import type { CallbackChange } from './callbacks.js';
import type { PushTarget } from './push.js';

/** The built-in router's agents, waiting queue and handle times. */

/** A reservation: one transaction or nothing (see `RoutingStore.reserve`). */
export interface Reservation {
  /** The agent as it must be after the reservation (RESERVED, holding the callback, version + 1). */
  agent: AgentRecord;
  /**
   * The agent as read: READY (its READY set membership goes), or NOT_READY when its own READY
   * request reserves it at once (it never becomes READY). The agent must still be in that state at
   * that version (`agent.version - 1`).
   */
  from: AgentRecord;
  /** The callback goes QUEUED -> ROUTING only if its version is still this one. */
  callbackId: string;
  callbackVersion: number;
  /** That change (`transition` to ROUTING with the agent): what the transaction writes to the callback. */
  change: CallbackChange;
  /** The waiting entry the callback leaves. */
  entry: WaitingEntry;
  now: number;
  /**
   * The agent-available push the reservation owes the customer, recorded in the same transaction
   * so a process that dies before posting it leaves it for `listPendingPushes`.
   */
  push?: PendingPush;
}

/**
 * An agent-available push recorded with its reservation and not yet known to be posted. The frame
 * keeps its id whoever posts it (the READY path, or the recovery after a crash), so a device that
 * gets it twice (at-least-once across a crash) can tell.
 */
export interface PendingPush {
  callbackId: string;
  /** The agent the reservation holds: the push is owed only while the reservation stands. */
  agentId: string;
  target: PushTarget;
  notification: { id: string; tag: string; message: unknown };
  /** When the reservation committed. */
  at: number;
  /** How long the agent's phase lasts from the frame (its deadline - `at`). */
  phaseMs: number;
}

/**
 * A reservation given back (its dial result was lost): one transaction or nothing (see
 * `RoutingStore.requeue`).
 */
export interface Requeue {
  /** The agent as it must be after (holding nothing, version + 1), written only over version - 1. */
  agent: AgentRecord;
  /** The callback goes ROUTING (held by `agent`) -> QUEUED only if its version is still this one. */
  callbackId: string;
  callbackVersion: number;
  /**
   * That change (`transition` to QUEUED, leaving the agent, with `set.dialAttempts`: the attempts
   * made so far; the next reservation dials `dialAttempts + 1`).
   */
  change: CallbackChange;
  /** The waiting entry the callback goes back to (its original queue time keeps its place). */
  entry: WaitingEntry;
  now: number;
}

export interface WaitingHeadOptions {
  /**
   * Query only the shards the queue's order counters say hold entries (one batched, strongly
   * consistent read of the counters first), instead of every shard: fewer requests when a queue
   * is short, one round trip more when every shard holds entries. The counters move in the same
   * transaction as the entries, so they never call a shard empty while it holds one (they may
   * call one occupied after a crash left an entry's count behind: one Query too many). The tick's
   * sweep reads every shard regardless.
   */
  onlyOccupiedShards?: boolean;
}

/** A queue of the router that has held waiting callbacks, and a target its callbacks had. */
export interface ActiveQueue {
  queueKey: string;
  target?: string;
}

export interface ReadyAgentsOptions {
  /**
   * Read the READY set only when the target's logged-in count (`servingAgents`, read strongly
   * consistent) is above zero: nobody logged in means nobody READY. For a caller that has just
   * written the callback's waiting entry. It relies on agent writes counting an agent in (login)
   * before the agent, as READY, reads the queue heads: a count that missed the agent was read
   * before that, so after the entry was written, and the agent's read of the heads finds it.
   */
  onlyIfServing?: boolean;
}

/**
 * The built-in router's state. No method reads every agent or every waiting callback except the
 * admin listing (`listAgents`, paged): routing steps read the set of READY agents under one key,
 * the head of a queue, one entry, or a queue's counters, so their cost does not grow with the
 * queue length or the number of agents.
 */
export interface RoutingStore {
  getAgent(id: string): Promise<AgentRecord | undefined>;
  /** The agents with these ids that exist (batched reads). */
  getAgents(ids: readonly string[]): Promise<AgentRecord[]>;
  /** One page of every agent known (logged out ones too), in id order, after `after`. */
  listAgents(after: string | undefined, limit: number): Promise<{ agents: AgentRecord[]; next?: string }>;
  /**
   * Ids of RESERVED agents whose phase `deadline` is at or before `until`, earliest first, at most
   * `limit`: read from an index, so the cost does not grow with the number of agents. The index
   * may lag: callers re-read the agent.
   */
  listOverdueAgents(until: number, limit: number): Promise<string[]>;
  /** Ids of BUSY agents due for a check that their callback still runs (same index, same caveat). */
  listBusyToCheck(until: number, limit: number): Promise<string[]>;
  /** A BUSY agent found still connected is checked again at `at` (only if still at `agent.version`). */
  postponeBusyCheck(agent: AgentRecord, at: number): Promise<void>;
  /**
   * Writes `agent` only if the stored version is `expectedVersion` (`undefined`: the agent must
   * not exist yet). Returns false when another write came first.
   */
  saveAgent(agent: AgentRecord, expectedVersion: number | undefined): Promise<boolean>;
  /**
   * READY agents that may serve `target`, READY longest first, at most `limit`. Read from the
   * READY set of the target's key: a member that left READY meanwhile is dropped here, and the
   * reservation's condition (READY, version) settles any later race.
   */
  readyAgents(target: RoutingTarget, limit: number, opts?: ReadyAgentsOptions): Promise<AgentRecord[]>;
  /** Logged-in agents that may serve `target` (for a skill expression: those with its first skill). */
  servingAgents(target: RoutingTarget): Promise<number>;
  /** The waiting entry of the callback, if it waits. */
  getWaiting(callbackId: string): Promise<WaitingEntry | undefined>;
  /** Which of these callbacks wait (batched reads). */
  waitingAmong(callbackIds: readonly string[]): Promise<Set<string>>;
  /**
   * The first `limit` entries of each shard of a queue (`queueKeyOf`), merged in serving order:
   * the first `limit` of the result are exactly the queue's first `limit`.
   */
  waitingHead(queueKey: string, limit: number, opts?: WaitingHeadOptions): Promise<WaitingEntry[]>;
  /** A queue's order counters (tickets issued, departures). */
  queueTotals(queueKey: string): Promise<QueueTotals>;
  /** Waiting callbacks per service, from the queues' counters (no read of the queues). */
  waitingByService(): Promise<Map<string, number>>;
  /** The queues that have held waiting callbacks, with their targets (cached briefly). */
  activeQueues(): Promise<ActiveQueue[]>;
  /** Waiting entries whose `deadline` is at or before `until`, from an index, at most `limit`. */
  listOverdueWaiting(until: number, limit: number): Promise<WaitingEntry[]>;
  /** Adds the entry with a ticket, or leaves the one already there for the same callback untouched. */
  putWaiting(entry: WaitingEntry): Promise<void>;
  /**
   * Adds the entry of a callback known only from the copy its caller has just written QUEUED (no
   * read of its record or of an entry first), unless the callback ever had an entry (a duplicate
   * message, a callback routed since): then false, and the caller reads the record and the entry
   * to decide. The callback's state is not checked: the caller reads the record after the join and
   * removes the entry of a callback that left meanwhile.
   */
  joinWaiting(entry: WaitingEntry): Promise<boolean>;
  /** Removes the entry (counted as a departure once, only if it was there). */
  removeWaiting(entry: WaitingEntry): Promise<void>;
  /**
   * ONE transaction: the agent READY (or NOT_READY, see `Reservation.from`) -> RESERVED
   * (conditional on its version and that state), the callback
   * QUEUED -> ROUTING with `agentId` (conditional on its version and state), the waiting
   * entry deleted and counted as a departure. False when any condition failed: nothing was written.
   * The READY set members the agent no longer has stay until `tidyReservation` (a reader drops
   * a stale member anyway), so what the customer waits for goes first.
   */
  reserve(reservation: Reservation): Promise<boolean>;
  /** After a committed `reserve`: removes the READY set members the reserved agent no longer has. */
  tidyReservation(reservation: Reservation): Promise<void>;
  /** The push the callback's reservation recorded and nobody is known to have posted yet. */
  pendingPush(callbackId: string): Promise<PendingPush | undefined>;
  /** The pending push of the callback's reservation was posted (or is no longer owed): forgets it. */
  pushSent(callbackId: string): Promise<void>;
  /**
   * Pending pushes recorded at or before `until`, oldest first, at most `limit`: read from an
   * index (mostly empty: a push is pending only while it is being posted, or after a crash).
   */
  listPendingPushes(until: number, limit: number): Promise<PendingPush[]>;
  /**
   * ONE transaction, the reverse of `reserve`: the agent freed (conditional on its version), the
   * callback ROUTING -> QUEUED with `dialAttempts` (conditional on its version, state and agent),
   * and its waiting entry put back (its departure taken back). False when any condition failed.
   */
  requeue(requeue: Requeue): Promise<boolean>;
  /** Remembers how long a completed callback of `queueKey` took (for the estimated wait time). */
  recordHandleTime(queueKey: string, callbackId: string, completedAt: number, seconds: number): Promise<void>;
  /** The most recent handle times of `queueKey`, newest first. */
  recentHandleTimes(queueKey: string, limit: number): Promise<number[]>;
}
