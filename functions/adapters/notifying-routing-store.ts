import type { CallbackRecord } from '../domain/callback/callback-record.js';
import { snapshotOf, statusEvents } from '../domain/callback/status-events.js';
import type { AgentRecord } from '../domain/routing/agent.js';
import type { WaitingEntry } from '../domain/routing/waiting-queue.js';
import type { CallbackStore, Reservation, RoutingStore } from '../ports.js';
import type { StatusNotificationEmitter } from './status-notification-emitter.js';

/**
 * The RoutingStore that reports `_cbe_on_target_found`: a reservation moves the callback
 * QUEUED -> ROUTING in the routing store's own transaction, outside the CallbackStore, so the
 * notifying CallbackStore never sees that change.
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

  getAgent(id: string): Promise<AgentRecord | undefined> {
    return this.inner.getAgent(id);
  }

  listAgents(): Promise<AgentRecord[]> {
    return this.inner.listAgents();
  }

  saveAgent(agent: AgentRecord, expectedVersion: number | undefined): Promise<boolean> {
    return this.inner.saveAgent(agent, expectedVersion);
  }

  listWaiting(): Promise<WaitingEntry[]> {
    return this.inner.listWaiting();
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
