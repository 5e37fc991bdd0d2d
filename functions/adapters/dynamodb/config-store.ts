import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../../ports/clock-and-ids.js';
import type { ConfigEntry, ConfigKind } from '../../domain/config-entry.js';
import type { ConfigStore } from '../../ports/config.js';
import { recordingCaller } from '../aws-calls/aws-call-recorder.js';
import { queryAll } from './query-all.js';

/** Config is read on every request but changes rarely: cache each kind briefly, drop it on write. */
const CACHE_MS = 5_000;

export class DynamoConfigStore implements ConfigStore {
  /** By kind (and, while AWS calls are recorded, by the function reading: each has its own in AWS). */
  private readonly cache = new Map<string, { at: number; entries: Map<string, ConfigEntry> }>();

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly clock: Clock,
  ) {}

  /**
   * Reads in flight, by cache key: callers that find the cache stale while one is running share
   * it, so an expiry under load costs one read of the kind, not one per concurrent request (a
   * 10,000-number resource group is one item of about 300 KB).
   */
  private readonly loading = new Map<string, Promise<Map<string, ConfigEntry>>>();

  private async load(kind: ConfigKind): Promise<Map<string, ConfigEntry>> {
    const key = `${recordingCaller() ?? ''}|${kind}`;
    const cached = this.cache.get(key);
    const now = this.clock.now();
    if (cached && now - cached.at < CACHE_MS) return cached.entries;
    const inFlight = this.loading.get(key);
    if (inFlight) return inFlight;
    const read = this.read(kind).then(
      (entries) => {
        // A write since the read began dropped it from `loading`: its result may be older than
        // the write, so it answers its own callers but is not kept.
        if (this.loading.get(key) === read) {
          this.cache.set(key, { at: now, entries });
          this.loading.delete(key);
        }
        return entries;
      },
      (e: unknown) => {
        if (this.loading.get(key) === read) this.loading.delete(key);
        throw e;
      },
    );
    this.loading.set(key, read);
    return read;
  }

  private async read(kind: ConfigKind): Promise<Map<string, ConfigEntry>> {
    const items = await queryAll(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': kind },
      ConsistentRead: true,
    });
    const entries = new Map<string, ConfigEntry>();
    for (const item of items) {
      entries.set(item.sk as string, {
        kind,
        name: item.sk as string,
        options: (item.options ?? {}) as Record<string, string>,
        updatedAt: item.updatedAt as number,
      });
    }
    return entries;
  }

  private forget(kind: ConfigKind): void {
    for (const key of this.cache.keys()) if (key.endsWith(`|${kind}`)) this.cache.delete(key);
    for (const key of this.loading.keys()) if (key.endsWith(`|${kind}`)) this.loading.delete(key);
  }

  async list(kind: ConfigKind): Promise<ConfigEntry[]> {
    return [...(await this.load(kind)).values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  async get(kind: ConfigKind, name: string): Promise<ConfigEntry | undefined> {
    return (await this.load(kind)).get(name);
  }

  async put(kind: ConfigKind, name: string, options: Record<string, string>): Promise<ConfigEntry> {
    const entry: ConfigEntry = { kind, name, options, updatedAt: this.clock.now() };
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: kind, sk: name, options, updatedAt: entry.updatedAt },
      }),
    );
    this.forget(kind);
    return entry;
  }

  async delete(kind: ConfigKind, name: string): Promise<boolean> {
    const out = await this.doc.send(
      new DeleteCommand({ TableName: this.table, Key: { pk: kind, sk: name }, ReturnValues: 'ALL_OLD' }),
    );
    this.forget(kind);
    return out.Attributes !== undefined;
  }

  /** Direct read of one item, bypassing the cache (used for values that must be fresh). */
  async getFresh(kind: string, name: string): Promise<Record<string, unknown> | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: { pk: kind, sk: name }, ConsistentRead: true }),
    );
    return out.Item;
  }
}
