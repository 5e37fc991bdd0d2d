import type { CallbackRecord } from '../domain/callback/callback-record.js';
import { snapshotOf, statusEvents } from '../domain/callback/status-events.js';
import type { AgentRecord } from '../domain/routing/agent.js';
import type { RoutingTarget } from '../domain/routing/routing-target.js';
import type { QueueTotals, WaitingEntry } from '../domain/routing/waiting-queue.js';
import type { ActiveQueue, CallbackStore, Requeue, Reservation, RoutingStore } from '../ports.js';
import type { StatusNotificationEmitter } from './status-notification-emitter.js';

/**
 * The RoutingStore that reports `_cbe_on_target_found`: a reservation moves the callback
 * QUEUED -> ROUTING in the routing store's own transaction, outside the CallbackStore, so the
 * notifying CallbackStore never sees that change (nor a requeue's ROUTING -> QUEUED).
 */
export class NotifyingRoutingStore implements RoutingStore {
  constructor(
    private readonly inner: RoutingStore,
    private readonly callbacks: () => CallbackStore,
    private readonly emitter: StatusNotificationEmitter,
  ) {}

  async reserve(reservation: Reservation): Promise<boolean> {
    const ok = await this.inner.reserve(reservation);
    if (!ok) return ok;
    const { callbackId, callbackVersion, now } = reservation;
    await this.emitter.report(reservation.entry.service, callbackId, async () => {
      const stored = await this.callbacks().get(callbackId);
      if (!stored) return undefined;
      // The callback may have moved on already; the event is about the reservation's own write.
      const routed: CallbackRecord =
        stored.version === callbackVersion + 1
          ? stored
          : {
              ...stored,
              state: 'ROUTING',
              reason: undefined,
              version: callbackVersion + 1,
              updatedAt: now,
              agentId: reservation.agent.id,
            };
      const queued: CallbackRecord = { ...routed, state: 'QUEUED', version: callbackVersion };
      return { events: statusEvents(queued, routed), snapshot: snapshotOf(routed) };
    });
    return ok;
  }

  async requeue(requeue: Requeue): Promise<boolean> {
    const ok = await this.inner.requeue(requeue);
    if (!ok) return ok;
    const { callbackId, callbackVersion, now } = requeue;
    await this.emitter.report(requeue.entry.service, callbackId, async () => {
      const stored = await this.callbacks().get(callbackId);
      if (!stored) return undefined;
      const queued: CallbackRecord =
        stored.version === callbackVersion + 1
          ? stored
          : {
              ...stored,
              state: 'QUEUED',
              reason: undefined,
              agentId: undefined,
              version: callbackVersion + 1,
              updatedAt: now,
            };
      const routing: CallbackRecord = {
        ...queued,
        state: 'ROUTING',
        agentId: requeue.agent.id,
        version: callbackVersion,
      };
      return { events: statusEvents(routing, queued), snapshot: snapshotOf(queued) };
    });
    return ok;
  }

  listOverdueAgents(until: number, limit: number): Promise<string[]> {
    return this.inner.listOverdueAgents(until, limit);
  }

  listBusyToCheck(until: number, limit: number): Promise<string[]> {
    return this.inner.listBusyToCheck(until, limit);
  }

  postponeBusyCheck(agent: AgentRecord, at: number): Promise<void> {
    return this.inner.postponeBusyCheck(agent, at);
  }

  getAgent(id: string): Promise<AgentRecord | undefined> {
    return this.inner.getAgent(id);
  }

  getAgents(ids: readonly string[]): Promise<AgentRecord[]> {
    return this.inner.getAgents(ids);
  }

  listAgents(after: string | undefined, limit: number): Promise<{ agents: AgentRecord[]; next?: string }> {
    return this.inner.listAgents(after, limit);
  }

  saveAgent(agent: AgentRecord, expectedVersion: number | undefined): Promise<boolean> {
    return this.inner.saveAgent(agent, expectedVersion);
  }

  readyAgents(target: RoutingTarget, limit: number): Promise<AgentRecord[]> {
    return this.inner.readyAgents(target, limit);
  }

  servingAgents(target: RoutingTarget): Promise<number> {
    return this.inner.servingAgents(target);
  }

  getWaiting(callbackId: string): Promise<WaitingEntry | undefined> {
    return this.inner.getWaiting(callbackId);
  }

  waitingAmong(callbackIds: readonly string[]): Promise<Set<string>> {
    return this.inner.waitingAmong(callbackIds);
  }

  waitingHead(queueKey: string, limit: number): Promise<WaitingEntry[]> {
    return this.inner.waitingHead(queueKey, limit);
  }

  queueTotals(queueKey: string): Promise<QueueTotals> {
    return this.inner.queueTotals(queueKey);
  }

  waitingByService(): Promise<Map<string, number>> {
    return this.inner.waitingByService();
  }

  activeQueues(): Promise<ActiveQueue[]> {
    return this.inner.activeQueues();
  }

  listOverdueWaiting(until: number, limit: number): Promise<WaitingEntry[]> {
    return this.inner.listOverdueWaiting(until, limit);
  }

  putWaiting(entry: WaitingEntry): Promise<void> {
    return this.inner.putWaiting(entry);
  }

  removeWaiting(entry: WaitingEntry): Promise<void> {
    return this.inner.removeWaiting(entry);
  }

  recordHandleTime(
    queueKey: string,
    callbackId: string,
    completedAt: number,
    seconds: number,
  ): Promise<void> {
    return this.inner.recordHandleTime(queueKey, callbackId, completedAt, seconds);
  }

  recentHandleTimes(queueKey: string, limit: number): Promise<number[]> {
    return this.inner.recentHandleTimes(queueKey, limit);
  }
}
