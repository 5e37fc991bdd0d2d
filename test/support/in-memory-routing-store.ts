import { applyChange } from '../../functions/domain/callback/callback-transition.js';
import { assertReservableFrom, type AgentRecord } from '../../functions/domain/routing/agent.js';
import { agentServes, type RoutingTarget } from '../../functions/domain/routing/routing-target.js';
import {
  orderKey,
  queueKeyOf,
  readyAgentsFor,
  type QueueTotals,
  type WaitingEntry,
} from '../../functions/domain/routing/waiting-queue.js';
import type {
  ActiveQueue,
  PendingPush,
  Requeue,
  Reservation,
  RoutingStore,
} from '../../functions/ports/routing.js';
import type { InMemoryCallbackStore } from './in-memory-callback-store.js';

/**
 * A RoutingStore in memory with the adapter's conditions: agent writes conditional on version,
 * and `reserve` checks the agent (version, READY), the callback (version, QUEUED) and the entry
 * before changing all three, like the adapter's one transaction. Queue counters and tickets as the
 * adapter keeps them (issued on entry, left on departure).
 */
export class InMemoryRoutingStore implements RoutingStore {
  readonly agents = new Map<string, AgentRecord>();
  readonly waiting = new Map<string, WaitingEntry>();
  /** Callbacks that ever had an entry (the DynamoDB store's `wcb#` pointer outlives the entry). */
  private readonly everWaiting = new Set<string>();
  readonly totals = new Map<string, QueueTotals>();
  readonly queues = new Map<string, ActiveQueue>();
  readonly handleTimes = new Map<string, { at: number; seconds: number }[]>();
  /** Pending pushes by callback id, written with their reservation. */
  readonly pushes = new Map<string, PendingPush>();
  reservations = 0;

  constructor(private readonly callbacks: InMemoryCallbackStore) {}

  async getAgent(id: string) {
    const a = this.agents.get(id);
    return a && structuredClone(a);
  }

  async getAgents(ids: readonly string[]) {
    return [...new Set(ids)].flatMap((id) => {
      const a = this.agents.get(id);
      return a ? [structuredClone(a)] : [];
    });
  }

  async listAgents(after: string | undefined, limit: number) {
    const all = [...this.agents.values()]
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .filter((a) => after === undefined || a.id > after);
    const agents = all.slice(0, limit).map((a) => structuredClone(a));
    return all.length > limit ? { agents, next: agents[agents.length - 1]!.id } : { agents };
  }

  async listOverdueAgents(until: number, limit: number) {
    return [...this.agents.values()]
      .filter((a) => a.state === 'RESERVED' && a.deadline !== undefined && a.deadline <= until)
      .sort((a, b) => a.deadline! - b.deadline!)
      .slice(0, limit)
      .map((a) => a.id);
  }

  /** Every BUSY agent is due for a check here (the adapter waits `BUSY_CHECK_MS`). */
  async listBusyToCheck(_until: number, limit: number) {
    return [...this.agents.values()]
      .filter((a) => a.state === 'BUSY')
      .slice(0, limit)
      .map((a) => a.id);
  }

  async postponeBusyCheck() {}

  async saveAgent(agent: AgentRecord, expectedVersion: number | undefined) {
    const current = this.agents.get(agent.id);
    if (expectedVersion === undefined ? current !== undefined : current?.version !== expectedVersion)
      return false;
    this.agents.set(agent.id, structuredClone(agent));
    return true;
  }

  async readyAgents(target: RoutingTarget, limit: number) {
    return readyAgentsFor(target, [...this.agents.values()])
      .slice(0, limit)
      .map((a) => structuredClone(a));
  }

  async servingAgents(target: RoutingTarget) {
    return [...this.agents.values()].filter((a) => a.state !== 'LOGGED_OUT' && agentServes(target, a)).length;
  }

  async getWaiting(callbackId: string) {
    const e = [...this.waiting.values()].find((w) => w.callbackId === callbackId);
    return e && structuredClone(e);
  }

  async waitingAmong(callbackIds: readonly string[]) {
    const ids = new Set([...this.waiting.values()].map((e) => e.callbackId));
    return new Set(callbackIds.filter((id) => ids.has(id)));
  }

  async waitingHead(queueKey: string, limit: number) {
    return [...this.waiting.entries()]
      .filter(([, e]) => queueKeyOf(e) === queueKey)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .slice(0, limit)
      .map(([, e]) => structuredClone(e));
  }

  async queueTotals(queueKey: string): Promise<QueueTotals> {
    return structuredClone(this.totals.get(queueKey) ?? { issued: 0, left: 0, byPriority: {} });
  }

  private async level(entry: WaitingEntry) {
    return (
      (await this.queueTotals(queueKeyOf(entry))).byPriority[String(entry.priority)] ?? { issued: 0, left: 0 }
    );
  }

  async waitingByService() {
    const out = new Map<string, number>();
    for (const e of this.waiting.values()) out.set(e.service, (out.get(e.service) ?? 0) + 1);
    return out;
  }

  async activeQueues() {
    return [...this.queues.values()];
  }

  async listOverdueWaiting(until: number, limit: number) {
    return [...this.waiting.values()]
      .filter((e) => e.deadline <= until)
      .slice(0, limit)
      .map((e) => structuredClone(e));
  }

  private count(entry: WaitingEntry, issued: number, left: number) {
    const key = queueKeyOf(entry);
    const t = this.totals.get(key) ?? { issued: 0, left: 0, byPriority: {} };
    const level = (t.byPriority[String(entry.priority)] ??= { issued: 0, left: 0 });
    level.issued += issued;
    level.left += left;
    this.totals.set(key, { issued: t.issued + issued, left: t.left + left, byPriority: t.byPriority });
  }

  async putWaiting(entry: WaitingEntry) {
    const key = orderKey(entry);
    if (this.waiting.has(key)) return;
    const queueKey = queueKeyOf(entry);
    this.queues.set(`${queueKey}\n${entry.target ?? ''}`, {
      queueKey,
      ...(entry.target ? { target: entry.target } : {}),
    });
    const ticket = entry.ticket ?? (await this.level(entry)).issued + 1;
    this.waiting.set(key, structuredClone({ ...entry, ticket }));
    this.everWaiting.add(entry.callbackId);
    this.count(entry, 1, 0);
  }

  /** As the DynamoDB store: refused for a callback that ever had an entry (its pointer stays). */
  async joinWaiting(entry: WaitingEntry) {
    if (this.everWaiting.has(entry.callbackId)) return false;
    await this.putWaiting(entry);
    return true;
  }

  async removeWaiting(entry: WaitingEntry) {
    if (this.waiting.delete(orderKey(entry))) this.count(entry, 0, 1);
  }

  async reserve(r: Reservation) {
    const agent = this.agents.get(r.agent.id);
    const record = this.callbacks.records.get(r.callbackId);
    const key = orderKey(r.entry);
    assertReservableFrom(r.from, r.agent);
    if (!agent || agent.version !== r.agent.version - 1 || agent.state !== r.from.state) return false;
    if (!record || record.version !== r.callbackVersion || record.state !== 'QUEUED') return false;
    if (!this.waiting.has(key)) return false;
    this.agents.set(r.agent.id, structuredClone(r.agent));
    this.callbacks.records.set(r.callbackId, applyChange(record, r.change, r.now));
    this.waiting.delete(key);
    this.count(r.entry, 0, 1);
    if (r.push) this.pushes.set(r.callbackId, structuredClone(r.push));
    this.reservations++;
    return true;
  }

  /** No READY set members here: the READY agents are read from the agents themselves. */
  async tidyReservation(_r: Reservation) {}

  async pendingPush(callbackId: string) {
    const p = this.pushes.get(callbackId);
    return p && structuredClone(p);
  }

  async pushSent(callbackId: string) {
    this.pushes.delete(callbackId);
  }

  async listPendingPushes(until: number, limit: number) {
    return [...this.pushes.values()]
      .filter((p) => p.at <= until)
      .sort((a, b) => a.at - b.at)
      .slice(0, limit)
      .map((p) => structuredClone(p));
  }

  async requeue(r: Requeue) {
    const agent = this.agents.get(r.agent.id);
    const record = this.callbacks.records.get(r.callbackId);
    if (!agent || agent.version !== r.agent.version - 1) return false;
    if (
      !record ||
      record.version !== r.callbackVersion ||
      record.state !== 'ROUTING' ||
      record.agentId !== r.agent.id
    ) {
      return false;
    }
    this.agents.set(r.agent.id, structuredClone(r.agent));
    this.callbacks.records.set(r.callbackId, applyChange(record, r.change, r.now));
    const ticket = r.entry.ticket ?? (await this.level(r.entry)).left + 1;
    this.waiting.set(orderKey(r.entry), structuredClone({ ...r.entry, ticket }));
    this.count(r.entry, 0, -1);
    return true;
  }

  async recordHandleTime(queueKey: string, _callbackId: string, completedAt: number, seconds: number) {
    const list = this.handleTimes.get(queueKey) ?? [];
    list.push({ at: completedAt, seconds });
    this.handleTimes.set(queueKey, list);
  }

  async recentHandleTimes(queueKey: string, limit: number) {
    return (this.handleTimes.get(queueKey) ?? [])
      .sort((a, b) => b.at - a.at)
      .slice(0, limit)
      .map((s) => s.seconds);
  }
}
