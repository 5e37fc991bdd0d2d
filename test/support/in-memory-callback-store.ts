import type {
  CallbackRecord,
  CallbackState,
  Guard,
  GuardRef,
} from '../../functions/domain/callback/callback-record.js';
import { shardOf } from '../../functions/domain/shard.js';
import type { CallbackChange, CallbackStore, CallbackWriteResult } from '../../functions/ports/callbacks.js';
import type { ShardPage } from '../../functions/ports/shard-page.js';

/** Few shards, so tests see the fan-out; the cursor is the offset of the next item. */
const SHARDS = ['0', '1', '2', '3'];
const inShard = (shard: string, id: string) => String(shardOf(id, SHARDS.length)) === shard;

function page<T>(items: T[], limit: number, cursor?: string): ShardPage<T> {
  const from = cursor ? Number(cursor) : 0;
  const next = from + limit;
  return { items: items.slice(from, next), cursor: next < items.length ? String(next) : undefined };
}

/**
 * A CallbackStore in memory with the guard semantics of the DynamoDB adapter: a write and its
 * guard takes/releases commit together or not at all, a take fails when the counter is not below
 * its limit, and the record's guard list follows what it holds. Single-threaded JavaScript makes
 * each call atomic, like the adapter's transaction.
 */
export class InMemoryCallbackStore implements CallbackStore {
  readonly records = new Map<string, CallbackRecord>();
  readonly counters = new Map<string, number>();
  /** Every guard ever taken, for assertions on keys, limits and expiries. */
  readonly taken: Guard[] = [];

  /**
   * Like the adapter's condition `attribute_not_exists(count) OR count < limit`: a counter never
   * written lets the first take through even with a limit of 0 (callers refuse 0 limits themselves).
   */
  private refused(guards: readonly Guard[]): Guard | undefined {
    return guards.find((g) => this.counters.has(g.key) && this.counters.get(g.key)! >= g.limit);
  }

  private apply(take: readonly Guard[], release: readonly GuardRef[]): void {
    for (const g of release) this.counters.set(g.key, Math.max(0, (this.counters.get(g.key) ?? 0) - 1));
    for (const g of take) {
      this.counters.set(g.key, (this.counters.get(g.key) ?? 0) + 1);
      this.taken.push(g);
    }
  }

  async create(record: CallbackRecord, guards: Guard[]): Promise<CallbackWriteResult> {
    if (this.records.has(record.id)) return { ok: false, reason: 'version' };
    const refused = this.refused(guards);
    if (refused) return { ok: false, reason: 'guard', refused };
    this.apply(guards, []);
    const stored: CallbackRecord = {
      ...structuredClone(record),
      guards: guards.filter((g) => g.releasable).map((g) => ({ key: g.key, kind: g.kind })),
    };
    this.records.set(record.id, stored);
    return { ok: true, record: structuredClone(stored) };
  }

  async get(id: string): Promise<CallbackRecord | undefined> {
    const r = this.records.get(id);
    return r && structuredClone(r);
  }

  async update(
    id: string,
    expectedVersion: number,
    change: CallbackChange,
    now: number,
  ): Promise<CallbackWriteResult> {
    const current = this.records.get(id);
    if (!current || current.version !== expectedVersion) return { ok: false, reason: 'version' };
    const take = change.take ?? [];
    const release = change.release ?? [];
    const keys = [...take, ...release].map((g) => g.key);
    if (new Set(keys).size !== keys.length) {
      // DynamoDB refuses a transaction touching one item twice; so does this fake.
      throw new Error(`A change may not take and release the same guard: ${keys.join(', ')}`);
    }
    const refused = this.refused(take);
    if (refused) return { ok: false, reason: 'guard', refused };
    this.apply(take, release);
    const releasedKeys = new Set(release.map((g) => g.key));
    const next: CallbackRecord = {
      ...current,
      ...structuredClone(change.set ?? {}),
      version: current.version + 1,
      updatedAt: now,
      guards: current.guards
        .filter((g) => !releasedKeys.has(g.key))
        .concat(take.filter((g) => g.releasable).map((g) => ({ key: g.key, kind: g.kind }))),
    };
    if (change.state) next.state = change.state;
    if (change.reason) next.reason = change.reason;
    if (change.clearAgent) delete next.agentId;
    this.records.set(id, next);
    return { ok: true, record: structuredClone(next) };
  }

  async updateIfDue(
    id: string,
    change: CallbackChange,
    now: number,
    when: { state: CallbackState; dueBy: number },
  ): Promise<CallbackRecord | undefined> {
    const current = this.records.get(id);
    if (!current || current.state !== when.state || current.desiredTime > when.dueBy) return undefined;
    const written = await this.update(id, current.version, change, now);
    if (!written.ok) throw new Error(`updateIfDue of ${id} failed: ${written.reason}`);
    return structuredClone(current);
  }

  async listByService(service: string, from: number, to: number, limit: number): Promise<CallbackRecord[]> {
    return [...this.records.values()]
      .filter((r) => r.service === service && r.desiredTime >= from && r.desiredTime <= to)
      .sort((a, b) => a.desiredTime - b.desiredTime)
      .slice(0, limit)
      .map((r) => structuredClone(r));
  }

  async listByCustomer(customerNumber: string): Promise<CallbackRecord[]> {
    return [...this.records.values()]
      .filter((r) => r.customerNumber === customerNumber)
      .map((r) => structuredClone(r));
  }

  async listDue(until: number, limit: number): Promise<{ id: string; dueAt: number }[]> {
    return [...this.records.values()]
      .filter((r) => r.state === 'SCHEDULED' && r.desiredTime <= until)
      .sort((a, b) => a.desiredTime - b.desiredTime)
      .slice(0, limit)
      .map((r) => ({ id: r.id, dueAt: r.desiredTime }));
  }

  /** How many entries `listQueuedShard` has returned: what a sweep read. */
  queuedListed = 0;

  async listQueuedShard(
    shard: string,
    until: number,
    limit: number,
    cursor?: string,
    after?: number,
  ): Promise<ShardPage<{ id: string; dueAt: number }>> {
    const all = [...this.records.values()]
      .filter((r) => r.state === 'QUEUED' || r.state === 'ROUTING')
      .map((r) => ({ id: r.id, dueAt: r.queuedAt ?? r.createdAt }))
      .filter((q) => q.dueAt <= until && (after === undefined || q.dueAt > after) && inShard(shard, q.id))
      .sort((a, b) => a.dueAt - b.dueAt);
    const out = page(all, limit, cursor);
    this.queuedListed += out.items.length;
    return out;
  }

  async listExpired(until: number, limit: number): Promise<{ id: string; expiresAt: number }[]> {
    return [...this.records.values()]
      .filter((r) => (r.state === 'SCHEDULED' || r.state === 'QUEUED') && r.expiresAt <= until)
      .sort((a, b) => a.expiresAt - b.expiresAt)
      .slice(0, limit)
      .map((r) => ({ id: r.id, expiresAt: r.expiresAt }));
  }

  dueShards(): readonly string[] {
    return SHARDS;
  }

  expiryShards(): readonly string[] {
    return SHARDS;
  }

  queuedShards(): readonly string[] {
    return SHARDS;
  }

  async listDueShard(
    shard: string,
    until: number,
    limit: number,
    cursor?: string,
  ): Promise<ShardPage<{ id: string; dueAt: number }>> {
    const all = await this.listDue(until, Number.MAX_SAFE_INTEGER);
    return page(
      all.filter((d) => inShard(shard, d.id)),
      limit,
      cursor,
    );
  }

  async listExpiredShard(
    shard: string,
    until: number,
    limit: number,
    cursor?: string,
  ): Promise<ShardPage<{ id: string; expiresAt: number }>> {
    const all = await this.listExpired(until, Number.MAX_SAFE_INTEGER);
    return page(
      all.filter((d) => inShard(shard, d.id)),
      limit,
      cursor,
    );
  }

  async getMany(ids: readonly string[]): Promise<CallbackRecord[]> {
    return [...new Set(ids)].flatMap((id) => {
      const r = this.records.get(id);
      return r ? [structuredClone(r)] : [];
    });
  }

  async guardCounts(keys: string[]): Promise<Record<string, number>> {
    return Object.fromEntries(keys.map((k) => [k, this.counters.get(k) ?? 0]));
  }
}
