import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { AgentRecord } from '../../domain/routing/agent.js';
import { orderKey, type WaitingEntry } from '../../domain/routing/waiting-queue.js';
import type { Requeue, Reservation, RoutingStore } from '../../ports.js';
import { queuedIndexAttributes } from './callback-store.js';
import { queryAll } from './query-all.js';

const AGENTS = 'agent';
const QUEUE = 'queue';
const handleTimes = (queueKey: string) => `aht#${queueKey}`;
/** Handle-time samples are only ever read as "the last few": a month is plenty. */
const HANDLE_TIME_TTL_S = 30 * 86_400;

const AGENT_FIELDS = [
  'id',
  'name',
  'state',
  'groups',
  'queues',
  'skills',
  'callbackId',
  'phase',
  'attempt',
  'deadline',
  'offerRejects',
  'stateSince',
  'handled',
  'rejects',
  'version',
] as const;

const ENTRY_FIELDS = [
  'callbackId',
  'service',
  'target',
  'virtualQueue',
  'priority',
  'queuedAt',
  'rejects',
  'notBefore',
  'deadline',
] as const;

function pick<T>(item: Record<string, unknown>, fields: readonly string[]): T {
  const out: Record<string, unknown> = {};
  for (const f of fields) if (item[f] !== undefined) out[f] = item[f];
  return out as T;
}

/** The one partition of the sparse `deadline` index: reserved agents by phase deadline. */
const RESERVED_SHARD = 'reserved';
/**
 * Written once the agents saved before the `deadline` index existed have been re-put with their
 * index attribute (see `backfillDeadlines`).
 */
const DEADLINE_INDEX_MARK = { pk: 'meta', sk: 'deadline-index-v1' };

const agentItem = (agent: AgentRecord) => ({
  pk: AGENTS,
  sk: agent.id,
  ...pick<object>({ ...agent }, AGENT_FIELDS),
  ...(agent.state === 'RESERVED' && agent.deadline !== undefined ? { deadlineShard: RESERVED_SHARD } : {}),
});
const entryKey = (entry: WaitingEntry) => ({ pk: QUEUE, sk: orderKey(entry) });

/**
 * The built-in router in the `routing` table: agents (`agent` / id), the waiting queue
 * (`queue` / priority#queuedAt#id, so a query returns serving order) and handle-time samples
 * (`aht#<queue>` / completedAt#id). A reservation is one transaction across this table and the
 * callback's item in the `callbacks` table, so one callback gets one agent even under races.
 */
export class DynamoRoutingStore implements RoutingStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly callbacksTable: string,
  ) {}

  async getAgent(id: string): Promise<AgentRecord | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: { pk: AGENTS, sk: id }, ConsistentRead: true }),
    );
    return out.Item ? pick<AgentRecord>(out.Item, AGENT_FIELDS) : undefined;
  }

  async listAgents(): Promise<AgentRecord[]> {
    const items = await queryAll(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': AGENTS },
      ConsistentRead: true,
    });
    return items.map((i) => pick<AgentRecord>(i, AGENT_FIELDS));
  }

  private backfilled = false;

  async listOverdueAgents(until: number, limit: number): Promise<string[]> {
    if (!this.backfilled) await this.backfillDeadlines();
    const ids: string[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: 'deadline',
          KeyConditionExpression: 'deadlineShard = :shard AND #d <= :until',
          ExpressionAttributeNames: { '#d': 'deadline' },
          ExpressionAttributeValues: { ':shard': RESERVED_SHARD, ':until': until },
          Limit: Math.min(1000, limit - ids.length),
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) ids.push(item.sk as string);
      start = page.LastEvaluatedKey;
    } while (start && ids.length < limit);
    return ids;
  }

  /**
   * Agents saved by a version without the `deadline` index lack its attribute, so the index cannot
   * see them. Once per table (a marker item records it; each process checks it once), reserved
   * agents are re-put with it, each conditional on its version (a newer write has it already).
   */
  private async backfillDeadlines(): Promise<void> {
    const mark = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: DEADLINE_INDEX_MARK, ConsistentRead: true }),
    );
    if (!mark.Item) {
      for (const agent of await this.listAgents()) {
        if (agent.state === 'RESERVED' && agent.deadline !== undefined) {
          try {
            await this.doc.send(
              new PutCommand({
                TableName: this.table,
                Item: agentItem(agent),
                ConditionExpression: '#v = :v',
                ExpressionAttributeNames: { '#v': 'version' },
                ExpressionAttributeValues: { ':v': agent.version },
              }),
            );
          } catch (e) {
            if (!(e instanceof ConditionalCheckFailedException)) throw e;
          }
        }
      }
      await this.doc.send(new PutCommand({ TableName: this.table, Item: DEADLINE_INDEX_MARK }));
    }
    this.backfilled = true;
  }

  async saveAgent(agent: AgentRecord, expectedVersion: number | undefined): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: agentItem(agent),
          ...(expectedVersion === undefined
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: '#v = :expected',
                ExpressionAttributeNames: { '#v': 'version' },
                ExpressionAttributeValues: { ':expected': expectedVersion },
              }),
        }),
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }

  async listWaiting(): Promise<WaitingEntry[]> {
    const items = await queryAll(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': QUEUE },
      ConsistentRead: true,
    });
    return items.map((i) => pick<WaitingEntry>(i, ENTRY_FIELDS));
  }

  async putWaiting(entry: WaitingEntry): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...entryKey(entry),
            ...pick<object>({ ...entry }, ENTRY_FIELDS),
            // A forgotten entry disappears a day after it could no longer be served.
            ttl: Math.ceil(entry.deadline / 1000) + 86_400,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
    }
  }

  async removeWaiting(entry: WaitingEntry): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.table, Key: entryKey(entry) }));
  }

  async reserve(r: Reservation): Promise<boolean> {
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table,
                Item: agentItem(r.agent),
                ConditionExpression: '#v = :expected AND #s = :ready',
                ExpressionAttributeNames: { '#v': 'version', '#s': 'state' },
                ExpressionAttributeValues: { ':expected': r.agent.version - 1, ':ready': 'READY' },
              },
            },
            {
              Update: {
                TableName: this.callbacksTable,
                Key: { pk: `cb#${r.callbackId}` },
                UpdateExpression: 'SET #s = :routing, #a = :agent, #v = :next, #u = :now',
                ConditionExpression: '#v = :expected AND #s = :queued',
                ExpressionAttributeNames: {
                  '#s': 'state',
                  '#a': 'agentId',
                  '#v': 'version',
                  '#u': 'updatedAt',
                },
                ExpressionAttributeValues: {
                  ':routing': 'ROUTING',
                  ':queued': 'QUEUED',
                  ':agent': r.agent.id,
                  ':expected': r.callbackVersion,
                  ':next': r.callbackVersion + 1,
                  ':now': r.now,
                },
              },
            },
            {
              Delete: {
                TableName: this.table,
                Key: entryKey(r.entry),
                ConditionExpression: 'attribute_exists(pk)',
              },
            },
          ],
        }),
      );
      return true;
    } catch (e) {
      if (e instanceof TransactionCanceledException) return false;
      throw e;
    }
  }

  async requeue(r: Requeue): Promise<boolean> {
    const queued = queuedIndexAttributes(r.callbackId, r.now);
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table,
                Item: agentItem(r.agent),
                ConditionExpression: '#v = :expected',
                ExpressionAttributeNames: { '#v': 'version' },
                ExpressionAttributeValues: { ':expected': r.agent.version - 1 },
              },
            },
            {
              Update: {
                TableName: this.callbacksTable,
                Key: { pk: `cb#${r.callbackId}` },
                UpdateExpression:
                  'SET #s = :queued, #v = :next, #u = :now, #n = :attempts, #ds = :shard, #da = :dueAt, #es = :expiry REMOVE #a',
                ConditionExpression: '#v = :expected AND #s = :routing AND #a = :agent',
                ExpressionAttributeNames: {
                  '#s': 'state',
                  '#a': 'agentId',
                  '#v': 'version',
                  '#u': 'updatedAt',
                  '#n': 'dialAttempts',
                  '#ds': 'dueShard',
                  '#da': 'dueAt',
                  '#es': 'expiryShard',
                },
                ExpressionAttributeValues: {
                  ':queued': 'QUEUED',
                  ':routing': 'ROUTING',
                  ':agent': r.agent.id,
                  ':expected': r.callbackVersion,
                  ':next': r.callbackVersion + 1,
                  ':now': r.now,
                  ':attempts': r.dialAttempts,
                  ':shard': queued.dueShard,
                  ':dueAt': queued.dueAt,
                  ':expiry': queued.expiryShard,
                },
              },
            },
            {
              Put: {
                TableName: this.table,
                Item: {
                  ...entryKey(r.entry),
                  ...pick<object>({ ...r.entry }, ENTRY_FIELDS),
                  ttl: Math.ceil(r.entry.deadline / 1000) + 86_400,
                },
              },
            },
          ],
        }),
      );
      return true;
    } catch (e) {
      if (e instanceof TransactionCanceledException) return false;
      throw e;
    }
  }

  async recordHandleTime(
    queueKey: string,
    callbackId: string,
    completedAt: number,
    seconds: number,
  ): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          pk: handleTimes(queueKey),
          sk: `${String(completedAt).padStart(15, '0')}#${callbackId}`,
          seconds,
          ttl: Math.ceil(completedAt / 1000) + HANDLE_TIME_TTL_S,
        },
      }),
    );
  }

  async recentHandleTimes(queueKey: string, limit: number): Promise<number[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': handleTimes(queueKey) },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((i) => i.seconds as number);
  }
}
