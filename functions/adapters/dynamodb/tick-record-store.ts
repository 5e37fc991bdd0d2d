import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ScheduledWindow, TickRecord, TickRecordStore } from '../../ports/tick-records.js';

/** The key of one of the tick's own items in the `metrics` table. */
interface ItemKey {
  pk: string;
  sk: number;
}

/** One item, overwritten by every tick; series items use hour starts as `sk`, so 0 never collides. */
const KEY: ItemKey = { pk: 'scheduler#tick', sk: 0 };
const SCHEDULED_KEY: ItemKey = { pk: 'scheduler#scheduled', sk: 0 };
const QUEUED_KEY: ItemKey = { pk: 'scheduler#queued', sk: 0 };

/**
 * The latest tick run, kept in the `metrics` table: the tick already writes there (its report
 * gauges), while the config table is read-only to it.
 */
export class DynamoTickRecordStore implements TickRecordStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async record(tick: TickRecord): Promise<void> {
    await this.doc.send(
      new PutCommand({ TableName: this.table, Item: { ...KEY, at: tick.at, failedJobs: tick.failedJobs } }),
    );
  }

  async last(): Promise<TickRecord | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: KEY, ConsistentRead: true }),
    );
    if (!out.Item) return undefined;
    return { at: out.Item.at as number, failedJobs: (out.Item.failedJobs as number | undefined) ?? 0 };
  }

  recordScheduled(window: ScheduledWindow): Promise<void> {
    return this.putWindow(SCHEDULED_KEY, window);
  }

  lastScheduled(): Promise<ScheduledWindow | undefined> {
    return this.getWindow(SCHEDULED_KEY);
  }

  forgetScheduled(): Promise<void> {
    return this.deleteWindow(SCHEDULED_KEY);
  }

  recordQueuedSweep(window: ScheduledWindow): Promise<void> {
    return this.putWindow(QUEUED_KEY, window);
  }

  lastQueuedSweep(): Promise<ScheduledWindow | undefined> {
    return this.getWindow(QUEUED_KEY);
  }

  forgetQueuedSweep(): Promise<void> {
    return this.deleteWindow(QUEUED_KEY);
  }

  private async putWindow(key: ItemKey, window: ScheduledWindow): Promise<void> {
    await this.doc.send(
      new PutCommand({ TableName: this.table, Item: { ...key, until: window.until, at: window.at } }),
    );
  }

  private async getWindow(key: ItemKey): Promise<ScheduledWindow | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }),
    );
    if (!out.Item) return undefined;
    return { until: out.Item.until as number, at: out.Item.at as number };
  }

  private async deleteWindow(key: ItemKey): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.table, Key: key }));
  }
}
