import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ScheduledWindow, TickRecord, TickRecordStore } from '../../ports/tick-records.js';

/** One item, overwritten by every tick; series items use hour starts as `sk`, so 0 never collides. */
const KEY = { pk: 'scheduler#tick', sk: 0 };
const SCHEDULED_KEY = { pk: 'scheduler#scheduled', sk: 0 };

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

  async recordScheduled(window: ScheduledWindow): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...SCHEDULED_KEY, until: window.until, at: window.at },
      }),
    );
  }

  async lastScheduled(): Promise<ScheduledWindow | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: SCHEDULED_KEY, ConsistentRead: true }),
    );
    if (!out.Item) return undefined;
    return { until: out.Item.until as number, at: out.Item.at as number };
  }

  async forgetScheduled(): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.table, Key: SCHEDULED_KEY }));
  }
}
