import type { CallbackRecord, Guard } from '../domain/callback/callback-record.js';
import { snapshotOf, statusEvents } from '../domain/callback/status-events.js';
import { countCallbackChange } from '../domain/operational-metrics.js';
import { callbackMetricEvents } from '../domain/reports/callback-metrics.js';
import { logger } from '../observability.js';
import type {
  CallbackChange,
  CallbackStore,
  CallbackWriteResult,
  MetricsPort,
  OperationalMetrics,
  ShardPage,
} from '../ports.js';
import type { StatusNotificationEmitter } from './status-notification-emitter.js';

/** Records remembered per process to know what an update changed; far more than one Lambda request touches. */
const REMEMBERED = 512;

/** The record as `change` left it (what the store wrote, before anything later). */
function applied(previous: CallbackRecord, change: CallbackChange, now: number): CallbackRecord {
  const next: CallbackRecord = {
    ...previous,
    ...change.set,
    state: change.state ?? previous.state,
    version: previous.version + 1,
    updatedAt: now,
  };
  if (change.reason) next.reason = change.reason;
  if (change.set && 'customerNumber' in change.set && !change.set.customerNumber) delete next.customerNumber;
  if (change.clearAgent) delete next.agentId;
  return next;
}

/**
 * The CallbackStore that also reports GMS status notifications (`_cbe_on_*`) and report metrics
 * (states entered, hold times) and CloudWatch counts for every create and update it writes, so no use case has to
 * remember to. The events of an update depend on the
 * record before it: callers read the record before they update it (the update is conditional on
 * the version they read), so the records read through this store are remembered by id; a
 * remembered record whose version is the expected one IS the record the update applied to. Only
 * when the caller read it elsewhere is the record read once more before the update.
 */
export class NotifyingCallbackStore implements CallbackStore {
  private readonly seen = new Map<string, CallbackRecord>();

  constructor(
    private readonly inner: CallbackStore,
    private readonly emitter: StatusNotificationEmitter,
    private readonly metrics: () => MetricsPort,
    /** CloudWatch counts of callbacks created, queued and completed (by reason). */
    private readonly operational: () => OperationalMetrics,
  ) {}

  private count(before: CallbackRecord | undefined, after: CallbackRecord): void {
    const metrics = this.operational();
    countCallbackChange(before, after, (name, dimensions) => metrics.count(name, dimensions));
  }

  private remember(record: CallbackRecord | undefined): void {
    if (!record) return;
    const known = this.seen.get(record.id);
    if (known && known.version > record.version) return;
    this.seen.delete(record.id);
    this.seen.set(record.id, record);
    if (this.seen.size > REMEMBERED) this.seen.delete(this.seen.keys().next().value!);
  }

  private rememberAll(records: CallbackRecord[]): CallbackRecord[] {
    for (const r of records) this.remember(r);
    return records;
  }

  async create(record: CallbackRecord, guards: Guard[]): Promise<CallbackWriteResult> {
    const result = await this.inner.create(record, guards);
    if (result.ok) {
      this.remember(result.record);
      const created = result.record;
      await this.metrics().record(...callbackMetricEvents(undefined, created));
      this.count(undefined, created);
      await this.emitter.report(created.service, created.id, () => ({
        events: statusEvents(undefined, created),
        snapshot: snapshotOf(created),
      }));
    }
    return result;
  }

  async get(id: string): Promise<CallbackRecord | undefined> {
    const record = await this.inner.get(id);
    this.remember(record);
    return record;
  }

  async update(
    id: string,
    expectedVersion: number,
    change: CallbackChange,
    now: number,
  ): Promise<CallbackWriteResult> {
    let previous = this.seen.get(id);
    if (previous?.version !== expectedVersion) previous = await this.inner.get(id);
    const result = await this.inner.update(id, expectedVersion, change, now);
    if (!result.ok) return result;
    const next = result.record;
    this.remember(next);
    if (previous?.version !== expectedVersion) {
      // Versions only grow, so this cannot happen after a successful conditional update.
      logger.warn(
        'Callback status notification and metrics skipped: the record before the update is unknown',
        {
          callbackId: id,
          expectedVersion,
        },
      );
      return result;
    }
    const before = previous;
    // A store that reads back after writing may return a later write: report this change only.
    const after = next.version === expectedVersion + 1 ? next : applied(before, change, now);
    await this.metrics().record(...callbackMetricEvents(before, after));
    this.count(before, after);
    await this.emitter.report(next.service, id, () => ({
      events: statusEvents(before, after),
      snapshot: snapshotOf(after),
    }));
    return result;
  }

  async listByService(service: string, from: number, to: number, limit: number): Promise<CallbackRecord[]> {
    return this.rememberAll(await this.inner.listByService(service, from, to, limit));
  }

  async listByCustomer(customerNumber: string): Promise<CallbackRecord[]> {
    return this.rememberAll(await this.inner.listByCustomer(customerNumber));
  }

  listDue(until: number, limit: number): Promise<{ id: string; dueAt: number }[]> {
    return this.inner.listDue(until, limit);
  }

  listQueuedSince(before: number, limit: number): Promise<{ id: string; dueAt: number }[]> {
    return this.inner.listQueuedSince(before, limit);
  }

  listExpired(until: number, limit: number): Promise<{ id: string; expiresAt: number }[]> {
    return this.inner.listExpired(until, limit);
  }

  dueShards(): readonly string[] {
    return this.inner.dueShards();
  }

  expiryShards(): readonly string[] {
    return this.inner.expiryShards();
  }

  listDueShard(
    shard: string,
    until: number,
    limit: number,
    cursor?: string,
  ): Promise<ShardPage<{ id: string; dueAt: number }>> {
    return this.inner.listDueShard(shard, until, limit, cursor);
  }

  listExpiredShard(
    shard: string,
    until: number,
    limit: number,
    cursor?: string,
  ): Promise<ShardPage<{ id: string; expiresAt: number }>> {
    return this.inner.listExpiredShard(shard, until, limit, cursor);
  }

  async getMany(ids: readonly string[]): Promise<CallbackRecord[]> {
    return this.rememberAll(await this.inner.getMany(ids));
  }

  guardCounts(keys: string[]): Promise<Record<string, number>> {
    return this.inner.guardCounts(keys);
  }
}
