import type { AgentRecord } from '../../functions/domain/routing/agent.js';
import { orderKey, type WaitingEntry } from '../../functions/domain/routing/waiting-queue.js';
import type { Requeue, Reservation, RoutingStore } from '../../functions/ports.js';
import type { InMemoryCallbackStore } from './in-memory-callback-store.js';

/**
 * A RoutingStore in memory with the adapter's conditions: agent writes conditional on version,
 * and `reserve` checks the agent (version, READY), the callback (version, QUEUED) and the entry
 * before changing all three, like the adapter's one transaction.
 */
export class InMemoryRoutingStore implements RoutingStore {
  readonly agents = new Map<string, AgentRecord>();
  readonly waiting = new Map<string, WaitingEntry>();
  readonly handleTimes = new Map<string, { at: number; seconds: number }[]>();
  reservations = 0;

  constructor(private readonly callbacks: InMemoryCallbackStore) {}

  async getAgent(id: string) {
    const a = this.agents.get(id);
    return a && structuredClone(a);
  }

  async listAgents() {
    return [...this.agents.values()].sort((a, b) => (a.id < b.id ? -1 : 1)).map((a) => structuredClone(a));
  }

  async listOverdueAgents(until: number, limit: number) {
    return [...this.agents.values()]
      .filter((a) => a.state === 'RESERVED' && a.deadline !== undefined && a.deadline <= until)
      .sort((a, b) => a.deadline! - b.deadline!)
      .slice(0, limit)
      .map((a) => a.id);
  }

  async saveAgent(agent: AgentRecord, expectedVersion: number | undefined) {
    const current = this.agents.get(agent.id);
    if (expectedVersion === undefined ? current !== undefined : current?.version !== expectedVersion)
      return false;
    this.agents.set(agent.id, structuredClone(agent));
    return true;
  }

  async listWaiting() {
    return [...this.waiting.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, e]) => structuredClone(e));
  }

  async putWaiting(entry: WaitingEntry) {
    const key = orderKey(entry);
    if (!this.waiting.has(key)) this.waiting.set(key, structuredClone(entry));
  }

  async removeWaiting(entry: WaitingEntry) {
    this.waiting.delete(orderKey(entry));
  }

  async reserve(r: Reservation) {
    const agent = this.agents.get(r.agent.id);
    const record = this.callbacks.records.get(r.callbackId);
    const key = orderKey(r.entry);
    if (!agent || agent.version !== r.agent.version - 1 || agent.state !== 'READY') return false;
    if (!record || record.version !== r.callbackVersion || record.state !== 'QUEUED') return false;
    if (!this.waiting.has(key)) return false;
    this.agents.set(r.agent.id, structuredClone(r.agent));
    this.callbacks.records.set(r.callbackId, {
      ...record,
      state: 'ROUTING',
      agentId: r.agent.id,
      version: record.version + 1,
      updatedAt: r.now,
    });
    this.waiting.delete(key);
    this.reservations++;
    return true;
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
    const { agentId: _a, ...rest } = record;
    this.callbacks.records.set(r.callbackId, {
      ...rest,
      state: 'QUEUED',
      dialAttempts: r.dialAttempts,
      version: record.version + 1,
      updatedAt: r.now,
    });
    this.waiting.set(orderKey(r.entry), structuredClone(r.entry));
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
