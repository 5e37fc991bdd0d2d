import type { AgentRecord } from './agent.js';
import type { ReservableCopy } from './reservable-copy.js';
import { agentServes, parseTarget, type RoutingTarget } from './routing-target.js';

/**
 * A callback waiting for an agent. Order: higher `priority` first, then earlier `queuedAt`
 * (FIFO), then id (a stable tie break). `orderKey` encodes exactly that order as a string, so
 * the store keeps entries sorted and a reader needs no sort of its own.
 */
export interface WaitingEntry {
  callbackId: string;
  service: string;
  target?: string;
  virtualQueue?: string;
  priority: number;
  queuedAt: number;
  /** Rejects by agents so far. */
  rejects: number;
  /** Not offered before this time (epoch ms), e.g. after a reject. */
  notBefore?: number;
  /** After this the callback fails with FAIL_TIMEOUT_TTL (epoch ms). */
  deadline: number;
  /**
   * Order number in its queue, given by the store when the entry is first queued (entries issued
   * before it, plus one); the position is read from it and the queue's departure count.
   */
  ticket?: number;
  /** The callback as it was queued, when known whole: a reservation then reads it only after. */
  copy?: ReservableCopy;
}

/** Priorities are clamped to this range; higher is served first. */
export const MAX_PRIORITY = 999_999;
export const MIN_PRIORITY = -999_999;

const pad = (n: number, width: number) => String(n).padStart(width, '0');

export function clampPriority(priority: number): number {
  if (!Number.isFinite(priority)) return 0;
  return Math.min(MAX_PRIORITY, Math.max(MIN_PRIORITY, Math.trunc(priority)));
}

/** Sorts ascending in serving order. */
export function orderKey(entry: Pick<WaitingEntry, 'priority' | 'queuedAt' | 'callbackId'>): string {
  const inverted = MAX_PRIORITY - clampPriority(entry.priority);
  return `${pad(inverted, 7)}#${pad(Math.max(0, Math.trunc(entry.queuedAt)), 15)}#${entry.callbackId}`;
}

export function compareEntries(a: WaitingEntry, b: WaitingEntry): number {
  const ka = orderKey(a);
  const kb = orderKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/**
 * The queue a callback is counted in for position and wait time: its virtual queue
 * (`_urs_virtual_queue`), else its target, else one shared default queue.
 */
export function queueKeyOf(entry: Pick<WaitingEntry, 'virtualQueue' | 'target'>): string {
  return entry.virtualQueue || entry.target || 'default';
}

function safeTarget(entry: WaitingEntry): RoutingTarget | undefined {
  try {
    return parseTarget(entry.target);
  } catch {
    return undefined;
  }
}

/** Whether `entry` may be offered now (an unparseable target is never offered: routing fails it). */
export function offerable(entry: WaitingEntry, now: number): boolean {
  return (entry.notBefore ?? 0) <= now && entry.deadline > now;
}

/** The waiting callbacks an agent could take now, in serving order. */
export function entriesFor(
  agent: AgentRecord,
  entries: readonly WaitingEntry[],
  now: number,
): WaitingEntry[] {
  return [...entries].sort(compareEntries).filter((e) => {
    const target = safeTarget(e);
    return target !== undefined && offerable(e, now) && agentServes(target, agent);
  });
}

/** READY agents that serve `target`, the one READY longest first. */
export function readyAgentsFor(target: RoutingTarget, agents: readonly AgentRecord[]): AgentRecord[] {
  return agents
    .filter((a) => a.state === 'READY' && agentServes(target, a))
    .sort((a, b) => a.stateSince - b.stateSince || (a.id < b.id ? -1 : 1));
}

export interface QueuePosition {
  /** 1-based position among the callbacks of the same queue. */
  position: number;
  /** Callbacks waiting in the same queue. */
  totalWaiting: number;
}

/** Order counters of one priority level of a queue. */
export interface LevelTotals {
  issued: number;
  left: number;
}

/**
 * A queue's order counters: entries ever issued a ticket and departures (served, cancelled,
 * expired), in all and per priority level (few levels are in use: they are small).
 */
export interface QueueTotals extends LevelTotals {
  byPriority: Record<string, LevelTotals>;
}

/**
 * Position from the entry's ticket (numbered within its priority level) and the queue's counters,
 * without reading the queue: every entry waiting at a higher priority, plus the entries of its own
 * level issued before it minus those of the level that left. Exact while the queue is served in
 * order; a departure from behind it (a cancel, an expiry) makes it an estimate, clamped to the
 * queue length. `totalWaiting` is exact. A ticket-less entry is placed last of its level.
 */
export function ticketPlace(
  entry: Pick<WaitingEntry, 'priority' | 'ticket'>,
  totals: QueueTotals,
): QueuePosition {
  const own = totals.byPriority[String(entry.priority)] ?? { issued: 0, left: 0 };
  // Counters read just before the entry joined (its ticket is the next one of its level) do not
  // count it yet: it still counts itself.
  const joinedSince = entry.ticket === own.issued + 1 ? 1 : 0;
  const totalWaiting = Math.max(1, totals.issued - totals.left + joinedSince);
  let ahead = 0;
  for (const [level, t] of Object.entries(totals.byPriority)) {
    if (Number(level) > entry.priority) ahead += Math.max(0, t.issued - t.left);
  }
  const inLevel = entry.ticket === undefined ? own.issued - own.left : entry.ticket - own.left;
  return { position: Math.min(totalWaiting, ahead + Math.max(1, inLevel)), totalWaiting };
}

/**
 * Where a callback that is QUEUED but not in the waiting queue yet stands: last of its priority
 * level, behind everything waiting now. The route-callback work message writes its entry a
 * moment after the state change, and a user-originated immediate callback joins when its call
 * arrives; either way, this is the place it takes if it joined now, from the same counters.
 */
export function joiningPlace(priority: number, totals: QueueTotals): QueuePosition {
  const totalWaiting = Math.max(0, totals.issued - totals.left) + 1;
  let ahead = 0;
  for (const [level, t] of Object.entries(totals.byPriority)) {
    if (Number(level) > priority) ahead += Math.max(0, t.issued - t.left);
  }
  const own = totals.byPriority[String(priority)] ?? { issued: 0, left: 0 };
  return { position: Math.min(totalWaiting, ahead + Math.max(0, own.issued - own.left) + 1), totalWaiting };
}
