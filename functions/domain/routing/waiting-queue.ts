import type { AgentRecord } from './agent.js';
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

/** Position of `callbackId` in its queue, or undefined when it is not waiting. */
export function positionOf(callbackId: string, entries: readonly WaitingEntry[]): QueuePosition | undefined {
  const own = entries.find((e) => e.callbackId === callbackId);
  if (!own) return undefined;
  const key = queueKeyOf(own);
  const same = [...entries].filter((e) => queueKeyOf(e) === key).sort(compareEntries);
  return { position: same.findIndex((e) => e.callbackId === callbackId) + 1, totalWaiting: same.length };
}
