import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { randomInt } from 'node:crypto';
import { allShardKeys, shardKey } from '../../domain/shard.js';
import { combineFigure, MINUTE_MS, type MetricWrite } from '../../domain/reports/metric-events.js';
import type { MetricsStore, MinuteFigures } from '../../ports/metrics.js';
import { queryAll } from './query-all.js';

const HOUR_MS = 60 * MINUTE_MS;
/** Per-minute figures are kept this long: enough for "last month" and a few months of history. */
export const METRICS_RETENTION_DAYS = 100;
/**
 * Items per series and minute. A callback writes its service's series some seven times in its
 * life, all on the shard of its id: 7/16 of a write per lifecycle on the busiest key, so one
 * service can run over 2,000 lifecycles a second before a key reaches DynamoDB's 1,000 WCU/s.
 */
export const METRIC_SHARDS = 16;

const hourOf = (minute: number) => Math.floor(minute / HOUR_MS) * HOUR_MS;
const KEY_ATTRIBUTES = new Set(['pk', 'sk', 'ttl']);

interface ItemWrite {
  pk: string;
  minute: number;
  add: Record<string, number>;
  max: Record<string, number>;
  set: Record<string, number>;
}

/**
 * Figures in the `metrics` table: one item per series, shard and minute (`pk` = `<series>#<shard>`,
 * `sk` = the minute's start), one attribute per figure, so an item stays a few hundred bytes and
 * every update costs 1 WCU. Counters use `ADD`, a maximum a conditional `SET`, a gauge a `SET`: no
 * write reads first and concurrent writers never lose an increment.
 *
 * Before this layout a series had one item per hour (`pk` = `<series>`, `sk` = the hour's start)
 * with `<figure>@<minute of the hour>` attributes, growing to ~8 KB. Those items are still read
 * (they expire with their TTL); nothing writes them any more.
 */
export class DynamoMetricsStore implements MetricsStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly retentionDays = METRICS_RETENTION_DAYS,
  ) {}

  async write(writes: MetricWrite[]): Promise<void> {
    // Writes of one call that land on the same item become one update.
    const items = new Map<string, ItemWrite>();
    // Nothing reads one shard alone: writes about no particular subject may land anywhere, and
    // those of one call and series land together (the tick's batch of timed-out locks: one update).
    const anywhere = new Map<string, string>();
    for (const w of writes) {
      let pk: string;
      if (w.subject !== undefined) pk = shardKey(w.series, w.subject, METRIC_SHARDS);
      else {
        pk = anywhere.get(w.series) ?? `${w.series}#${randomInt(METRIC_SHARDS)}`;
        anywhere.set(w.series, pk);
      }
      const id = `${pk}\n${w.minute}`;
      const item = items.get(id) ?? { pk, minute: w.minute, add: {}, max: {}, set: {} };
      for (const [f, v] of Object.entries(w.add ?? {})) item.add[f] = (item.add[f] ?? 0) + v;
      for (const [f, v] of Object.entries(w.max ?? {})) item.max[f] = Math.max(item.max[f] ?? v, v);
      Object.assign(item.set, w.set);
      items.set(id, item);
    }
    await Promise.all([...items.values()].map((item) => this.writeItem(item)));
  }

  private async writeItem(item: ItemWrite): Promise<void> {
    const maxima = Object.entries(item.max);
    if (maxima.length === 0) {
      await this.update(item, false);
      return;
    }
    try {
      // The maxima ride on the counters' update when they raise (or equal) what is stored: one write.
      await this.update(item, true);
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
      // A higher maximum is already stored: the counters alone, and any other maximum on its own.
      await this.update({ ...item, max: {} }, false);
      if (maxima.length > 1) {
        await Promise.all(maxima.map(([f, v]) => this.raiseMax(item, f, v)));
      }
    }
  }

  private async update(item: ItemWrite, withMaxima: boolean): Promise<void> {
    const names: Record<string, string> = { '#ttl': 'ttl' };
    const values: Record<string, unknown> = { ':ttl': this.ttlOf(item.minute) };
    const adds: string[] = [];
    const sets = ['#ttl = :ttl'];
    const conditions: string[] = [];
    let i = 0;
    for (const [figure, value] of Object.entries(item.add)) {
      names[`#f${i}`] = figure;
      values[`:v${i}`] = value;
      adds.push(`#f${i} :v${i}`);
      i++;
    }
    for (const [figure, value] of Object.entries(item.set)) {
      names[`#f${i}`] = figure;
      values[`:v${i}`] = value;
      sets.push(`#f${i} = :v${i}`);
      i++;
    }
    if (withMaxima) {
      for (const [figure, value] of Object.entries(item.max)) {
        names[`#f${i}`] = figure;
        values[`:v${i}`] = value;
        sets.push(`#f${i} = :v${i}`);
        conditions.push(`(attribute_not_exists(#f${i}) OR #f${i} <= :v${i})`);
        i++;
      }
    }
    if (adds.length === 0 && sets.length === 1) return;
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: item.pk, sk: item.minute },
        UpdateExpression: `SET ${sets.join(', ')}${adds.length > 0 ? ` ADD ${adds.join(', ')}` : ''}`,
        ...(conditions.length > 0 ? { ConditionExpression: conditions.join(' AND ') } : {}),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  }

  private async raiseMax(item: ItemWrite, figure: string, value: number): Promise<void> {
    try {
      await this.update({ ...item, add: {}, set: {}, max: { [figure]: value } }, true);
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
    }
  }

  private ttlOf(minute: number): number {
    return Math.ceil((minute + MINUTE_MS) / 1000) + this.retentionDays * 86_400;
  }

  async read(series: string, from: number, to: number): Promise<MinuteFigures[]> {
    if (to <= from) return [];
    const [legacy, ...shards] = await Promise.all([
      queryAll(this.doc, {
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': series, ':from': hourOf(from), ':to': hourOf(to - 1) },
      }),
      ...allShardKeys(series, METRIC_SHARDS).map((pk) =>
        queryAll(this.doc, {
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': pk, ':from': from, ':to': to - 1 },
        }),
      ),
    ]);
    const minutes = new Map<number, Record<string, number>>();
    for (const item of shards.flat()) {
      const values = minutes.get(item.sk as number) ?? {};
      for (const [figure, value] of Object.entries(item)) {
        if (KEY_ATTRIBUTES.has(figure) || typeof value !== 'number') continue;
        values[figure] = combineFigure(figure, values[figure], value);
      }
      minutes.set(item.sk as number, values);
    }
    for (const item of legacy!) {
      const hour = item.sk as number;
      for (const [attribute, value] of Object.entries(item)) {
        const at = attribute.lastIndexOf('@');
        if (at < 0 || typeof value !== 'number') continue;
        const minute = hour + Number(attribute.slice(at + 1)) * MINUTE_MS;
        if (minute < from || minute >= to) continue;
        const figure = attribute.slice(0, at);
        const values = minutes.get(minute) ?? {};
        const current = values[figure];
        // A gauge sampled in both shapes (the minute of the upgrade): the new item is the later sample.
        values[figure] = current === undefined ? value : combineFigure(figure, value, current);
        minutes.set(minute, values);
      }
    }
    return [...minutes.entries()].sort(([a], [b]) => a - b).map(([minute, values]) => ({ minute, values }));
  }
}
