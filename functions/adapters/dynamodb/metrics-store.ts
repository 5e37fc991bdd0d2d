import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { MINUTE_MS, type MetricWrite } from '../../domain/reports/metric-events.js';
import type { MetricsStore, MinuteFigures } from '../../ports.js';
import { queryAll } from './query-all.js';

const HOUR_MS = 60 * MINUTE_MS;
/** Per-minute figures are kept this long: enough for "last month" and a few months of history. */
export const METRICS_RETENTION_DAYS = 100;

const hourOf = (minute: number) => Math.floor(minute / HOUR_MS) * HOUR_MS;
const attributeOf = (figure: string, minute: number) =>
  `${figure}@${String((minute - hourOf(minute)) / MINUTE_MS).padStart(2, '0')}`;

/**
 * Figures in the `metrics` table: one item per series and hour, one attribute per figure and
 * minute. Counters use `ADD` and maxima a conditional `SET`, so no write reads first.
 */
export class DynamoMetricsStore implements MetricsStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly retentionDays = METRICS_RETENTION_DAYS,
  ) {}

  async write(writes: MetricWrite[]): Promise<void> {
    await Promise.all(writes.map((w) => this.writeOne(w)));
  }

  private async writeOne(w: MetricWrite): Promise<void> {
    const hour = hourOf(w.minute);
    const key = { pk: w.series, sk: hour };
    const ttl = Math.ceil((hour + HOUR_MS) / 1000) + this.retentionDays * 86_400;
    const names: Record<string, string> = { '#ttl': 'ttl' };
    const values: Record<string, unknown> = { ':ttl': ttl };
    const adds: string[] = [];
    const sets = ['#ttl = :ttl'];
    let i = 0;
    for (const [figure, value] of Object.entries(w.add ?? {})) {
      names[`#a${i}`] = attributeOf(figure, w.minute);
      values[`:a${i}`] = value;
      adds.push(`#a${i} :a${i}`);
      i++;
    }
    for (const [figure, value] of Object.entries(w.set ?? {})) {
      names[`#s${i}`] = attributeOf(figure, w.minute);
      values[`:s${i}`] = value;
      sets.push(`#s${i} = :s${i}`);
      i++;
    }
    if (adds.length > 0 || sets.length > 1) {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: key,
          UpdateExpression: `SET ${sets.join(', ')}${adds.length > 0 ? ` ADD ${adds.join(', ')}` : ''}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
    }
    for (const [figure, value] of Object.entries(w.max ?? {})) {
      try {
        await this.doc.send(
          new UpdateCommand({
            TableName: this.table,
            Key: key,
            UpdateExpression: 'SET #m = :v, #ttl = :ttl',
            ConditionExpression: 'attribute_not_exists(#m) OR #m < :v',
            ExpressionAttributeNames: { '#m': attributeOf(figure, w.minute), '#ttl': 'ttl' },
            ExpressionAttributeValues: { ':v': value, ':ttl': ttl },
          }),
        );
      } catch (e) {
        // A higher maximum is already there: nothing to raise.
        if (!(e instanceof ConditionalCheckFailedException)) throw e;
      }
    }
  }

  async read(series: string, from: number, to: number): Promise<MinuteFigures[]> {
    if (to <= from) return [];
    const items = await queryAll(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': series, ':from': hourOf(from), ':to': hourOf(to - 1) },
    });
    const minutes = new Map<number, Record<string, number>>();
    for (const item of items) {
      const hour = item.sk as number;
      for (const [attribute, value] of Object.entries(item)) {
        const at = attribute.lastIndexOf('@');
        if (at < 0 || typeof value !== 'number') continue;
        const minute = hour + Number(attribute.slice(at + 1)) * MINUTE_MS;
        if (minute < from || minute >= to) continue;
        const values = minutes.get(minute) ?? {};
        values[attribute.slice(0, at)] = value;
        minutes.set(minute, values);
      }
    }
    return [...minutes.entries()].sort(([a], [b]) => a - b).map(([minute, values]) => ({ minute, values }));
  }
}
