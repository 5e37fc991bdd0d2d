import { eachWithConcurrency } from '../../domain/bounded-concurrency.js';
import { SWEEP_READ_CONCURRENCY } from './sweep-reads.js';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { agentKeys, targetKey } from '../../domain/routing/agent-index.js';
import { assertReservableFrom, type AgentRecord } from '../../domain/routing/agent.js';
import { agentServes, type RoutingTarget } from '../../domain/routing/routing-target.js';
import {
  orderKey,
  queueKeyOf,
  type QueueTotals,
  type WaitingEntry,
} from '../../domain/routing/waiting-queue.js';
import { allShardKeys, shardKey } from '../../domain/shard.js';
import { SharedFreshRead } from '../../domain/shared-fresh-read.js';
import type {
  ActiveQueue,
  PendingPush,
  Requeue,
  Reservation,
  RoutingStore,
  ReadyAgentsOptions,
  WaitingHeadOptions,
} from '../../ports/routing.js';
import { logger } from '../../observability.js';
import { recordingCaller } from '../aws-calls/aws-call-recorder.js';
import { batchGetItems, batchWriteItems, type WriteRequest } from './batch-items.js';
import { queuedIndexAttributes } from './callback-store.js';
import { queryAll } from './query-all.js';

/**
 * Shard counts (design: a key written by every callback of one service takes well under 1 WCU per
 * lifecycle; a key every service writes, under 0.1).
 * - A queue's entries and its counters: 8 each (each written twice per lifecycle of the queue).
 * - READY sets: 8 per group/queue/skill; 32 for `any`, which every agent's lifecycle writes.
 * - The `deadline` index partitions (`reserved#`, `busy#`, `waiting#`, `push#`), shared by every
 *   service: 64 (a waiting entry enters and leaves it inside transactions, 4 WCU per lifecycle: 4 / 64
 *   stays under 0.1; a pending push enters with the reservation and leaves after its post, 2 more;
 *   the tick's Queries of 4 x 64 mostly empty partitions cost about 130 RRU a minute).
 * - Handle-time samples of a queue: 4 (one write per lifecycle).
 */
const QUEUE_SHARDS = 8;
const READY_SHARDS = 8;
const ANY_READY_SHARDS = 32;
const INDEX_SHARDS = 64;
const HANDLE_SHARDS = 4;

/** The shard counts above, for the bench's heat model (which spreads a family's units over them). */
export const ROUTING_SHARDS = {
  queue: QUEUE_SHARDS,
  ready: READY_SHARDS,
  anyReady: ANY_READY_SHARDS,
  deadlineIndex: INDEX_SHARDS,
  handleTimes: HANDLE_SHARDS,
} as const;

const agentKey = (id: string) => ({ pk: `agent#${id}`, sk: 'agent' });
/** The admin listing: one small item per agent that ever logged in, written once. */
const AGENT_LIST = 'agents';
const readyPk = (key: string, agentId: string) =>
  shardKey(`ready#${key}`, agentId, key === 'any' ? ANY_READY_SHARDS : READY_SHARDS);
const readyShards = (key: string) =>
  allShardKeys(`ready#${key}`, key === 'any' ? ANY_READY_SHARDS : READY_SHARDS);
const servingKey = (key: string) => ({ pk: `serving#${key}`, sk: 'n' });
const waitPk = (queueKey: string, callbackId: string) =>
  shardKey(`wait#${queueKey}`, callbackId, QUEUE_SHARDS);
const entryKey = (entry: WaitingEntry) => ({
  pk: waitPk(queueKeyOf(entry), entry.callbackId),
  sk: orderKey(entry),
});
/** Where a callback's entry is, by callback id (its order key needs the record's queue time). */
const pointerKey = (callbackId: string) => ({ pk: `wcb#${callbackId}`, sk: 'p' });
const pushKey = (callbackId: string) => ({ pk: `push#${callbackId}`, sk: 'p' });
const counterKeys = (queueKey: string) =>
  allShardKeys(`qcount#${queueKey}`, QUEUE_SHARDS).map((pk) => ({ pk, sk: 'n' }));
const counterKey = (entry: WaitingEntry) => ({
  pk: shardKey(`qcount#${queueKeyOf(entry)}`, entry.callbackId, QUEUE_SHARDS),
  sk: 'n',
});
/** Per-service counts on the same counter items (the QUEUED gauge of reports). */
const ISSUED_BY = 'i:';
const LEFT_BY = 'l:';
/** Per priority level (position counts the entries of higher levels first). */
const ISSUED_AT = 'pi:';
const LEFT_AT = 'pl:';
/** The registry of queues that held callbacks (and their targets), for agents serving several. */
const QUEUES = 'queues';
const handlePk = (queueKey: string, callbackId: string) =>
  shardKey(`handle#${queueKey}`, callbackId, HANDLE_SHARDS);
/** Handle-time samples are only ever read as "the last few": a month is plenty. */
const HANDLE_TIME_TTL_S = 30 * 86_400;
/** A registry entry's sort key: the queue key and the target. */
const registryKey = (q: ActiveQueue) => `${q.queueKey}\n${q.target ?? ''}`;
/** The registry changes when a new queue first holds a callback: a few seconds stale is fine. */
const QUEUES_CACHE_MS = 5_000;

/** Written once today's single-partition items (`agent`, `queue`, `aht#<queue>`) have been moved. */
const LAYOUT_MARK = { pk: 'meta', sk: 'routing-layout-v2' };
const LEGACY_AGENTS = 'agent';
const LEGACY_QUEUE = 'queue';
const LEGACY_HANDLE_TIMES = 'aht#';

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
  'ticket',
  'copy',
] as const;

function pick<T>(item: Record<string, unknown>, fields: readonly string[]): T {
  const out: Record<string, unknown> = {};
  for (const f of fields) if (item[f] !== undefined) out[f] = item[f];
  return out as T;
}

function readAgent(item: Record<string, unknown>): AgentRecord {
  const agent = pick<AgentRecord>(item, AGENT_FIELDS);
  // A BUSY agent's `deadline` is only its next check in the index, not a phase deadline.
  if (agent.state === 'BUSY') delete agent.deadline;
  return agent;
}

const readEntry = (item: Record<string, unknown>) => pick<WaitingEntry>(item, ENTRY_FIELDS);

/**
 * Sparse `deadline` index: RESERVED agents by phase deadline (`reserved#<n>`), BUSY agents by
 * their next check (`busy#<n>`: first at the tick after they connect, then every
 * `BUSY_CHECK_MS`), waiting entries by their deadline (`waiting#<n>`), pending pushes by the time
 * their reservation committed (`push#<n>`).
 */
function agentIndexAttributes(agent: AgentRecord): Record<string, unknown> {
  if (agent.state === 'RESERVED' && agent.deadline !== undefined) {
    return { deadlineShard: shardKey('reserved', agent.id, INDEX_SHARDS) };
  }
  if (agent.state === 'BUSY') {
    return {
      deadlineShard: shardKey('busy', agent.id, INDEX_SHARDS),
      deadline: agent.stateSince,
    };
  }
  return {};
}

const agentItem = (agent: AgentRecord) => ({
  ...agentKey(agent.id),
  ...pick<object>({ ...agent }, AGENT_FIELDS),
  ...agentIndexAttributes(agent),
});

const entryItem = (entry: WaitingEntry) => ({
  ...entryKey(entry),
  ...pick<object>({ ...entry }, ENTRY_FIELDS),
  deadlineShard: shardKey('waiting', entry.callbackId, INDEX_SHARDS),
  // A forgotten entry disappears a day after it could no longer be served.
  ttl: Math.ceil(entry.deadline / 1000) + 86_400,
});

/** A reservation's pending push (`push#<callbackId>`): gone a day after it was recorded, whatever happens. */
const pushItem = (push: PendingPush) => ({
  ...pushKey(push.callbackId),
  deadlineShard: shardKey('push', push.callbackId, INDEX_SHARDS),
  deadline: push.at,
  push,
  ttl: Math.ceil(push.at / 1000) + 86_400,
});

const pointerItem = (entry: WaitingEntry) => {
  const key = entryKey(entry);
  return {
    ...pointerKey(entry.callbackId),
    wpk: key.pk,
    wsk: key.sk,
    ttl: Math.ceil(entry.deadline / 1000) + 86_400,
  };
};

/** READY set members of an agent (none unless READY); the sort key keeps longest-READY first. */
function memberItems(agent: AgentRecord): { pk: string; sk: string; id: string }[] {
  if (agent.state !== 'READY') return [];
  const sk = `${String(Math.max(0, agent.stateSince)).padStart(15, '0')}#${agent.id}`;
  return agentKeys(agent).map((key) => ({ pk: readyPk(key, agent.id), sk, id: agent.id }));
}

const loggedInKeys = (agent: AgentRecord | undefined) =>
  agent && agent.state !== 'LOGGED_OUT' ? agentKeys(agent) : [];

/** Merges sorted lists (each ascending by `key`) and keeps the first `limit`. */
function mergeHeads<T>(lists: T[][], key: (t: T) => string, limit: number, descending = false): T[] {
  const all = lists.flat().sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    const order = ka < kb ? -1 : ka > kb ? 1 : 0;
    return descending ? -order : order;
  });
  return all.slice(0, limit);
}

/** Cancelled by a condition (the intended outcome), as opposed to a conflict worth retrying. */
function cancelledByCondition(e: TransactionCanceledException): boolean {
  return (e.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed');
}

const CONFLICT_RETRIES = 10;

type TxItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * The built-in router in the `routing` table, laid out so no routing step reads every agent or
 * every waiting callback and no key takes every callback's writes:
 * - agents: `agent#<id>`; an `agents` / id listing item per agent for the admin API;
 * - READY sets: `ready#<key>#<shard>` / stateSince#id for each of the agent's keys (`any`,
 *   `group:<g>`, `queue:<q>`, `skill:<s>`), so a routing step reads the set of its target's key;
 * - logged-in counts per key: `serving#<key>` (the EWT's agents);
 * - the waiting queue per queue key: `wait#<queueKey>#<shard>` / orderKey (priority, time, id),
 *   served by merging the shard heads; `wcb#<callbackId>` points at a callback's entry;
 * - order counters per queue: `qcount#<queueKey>#<shard>` (`issued`, `left`, and per service), so
 *   position and totals are read from 8 small items whatever the queue length;
 * - `queues` / queueKey+target: the queues that held callbacks;
 * - handle-time samples: `handle#<queueKey>#<shard>` / completedAt#id.
 * A reservation is one transaction across this table and the callback's item in the `callbacks`
 * table, so one callback gets one agent even under races.
 */
export class DynamoRoutingStore implements RoutingStore {
  private upgrade: Promise<void> | undefined;
  private upgradeFailedAt: number | undefined;
  /** The registry entries this process wrote (key: queue key and target), see `activeQueues`. */
  private readonly registered = new Map<string, ActiveQueue>();
  private queuesCache: { at: number; queues: ActiveQueue[] } | undefined;
  private readonly readyReads = new SharedFreshRead<AgentRecord[]>();
  private readonly totalsReads = new SharedFreshRead<QueueTotals>();

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly callbacksTable: string,
  ) {}

  // ---- agents ----

  async getAgent(id: string): Promise<AgentRecord | undefined> {
    await this.upgraded();
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: agentKey(id), ConsistentRead: true }),
    );
    return out.Item ? readAgent(out.Item) : undefined;
  }

  async getAgents(ids: readonly string[]): Promise<AgentRecord[]> {
    await this.upgraded();
    const unique = [...new Set(ids)];
    const items = await batchGetItems(this.doc, this.table, unique.map(agentKey), true);
    return items.map(readAgent);
  }

  async listAgents(
    after: string | undefined,
    limit: number,
  ): Promise<{ agents: AgentRecord[]; next?: string }> {
    await this.upgraded();
    const page = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': AGENT_LIST },
        Limit: limit,
        ...(after !== undefined ? { ExclusiveStartKey: { pk: AGENT_LIST, sk: after } } : {}),
      }),
    );
    const ids = (page.Items ?? []).map((i) => i.sk as string);
    const agents = (await this.getAgents(ids)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const next = page.LastEvaluatedKey?.sk as string | undefined;
    return next !== undefined ? { agents, next } : { agents };
  }

  async listOverdueAgents(until: number, limit: number): Promise<string[]> {
    await this.upgraded();
    return (await this.overdue('reserved', until, limit)).map((k) => (k.pk as string).slice('agent#'.length));
  }

  async listBusyToCheck(until: number, limit: number): Promise<string[]> {
    await this.upgraded();
    return (await this.overdue('busy', until, limit)).map((k) => (k.pk as string).slice('agent#'.length));
  }

  async postponeBusyCheck(agent: AgentRecord, at: number): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: agentKey(agent.id),
          UpdateExpression: 'SET #d = :at',
          ConditionExpression: '#v = :v AND #s = :busy',
          ExpressionAttributeNames: { '#d': 'deadline', '#v': 'version', '#s': 'state' },
          ExpressionAttributeValues: { ':at': at, ':v': agent.version, ':busy': 'BUSY' },
        }),
      );
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
    }
  }

  /**
   * The first `limit` items of each partition in `pks` (sort key order, or reversed), one Query
   * each, in parallel: the heads a sharded family's reader merges.
   */
  /**
   * The first `limit` items of each partition. Strongly consistent unless `consistent` is false: a
   * READY agent writes its membership and then reads the queue heads, a joining callback writes
   * its entry and then reads the READY set; with eventually consistent reads on DynamoDB both
   * could miss the other's write and the callback would wait for the minute sweep.
   */
  private shardHeads(
    pks: readonly string[],
    limit: number,
    { forward = true, consistent = true }: { forward?: boolean; consistent?: boolean } = {},
  ): Promise<Record<string, unknown>[][]> {
    return Promise.all(
      pks.map(async (pk) => {
        const out = await this.doc.send(
          new QueryCommand({
            TableName: this.table,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': pk },
            ScanIndexForward: forward,
            Limit: limit,
            ...(consistent ? { ConsistentRead: true } : {}),
          }),
        );
        return out.Items ?? [];
      }),
    );
  }

  /** Table keys of `deadline` index entries of one family at or before `until`, earliest first. */
  private async overdue(family: string, until: number, limit: number): Promise<Record<string, unknown>[]> {
    // A few partitions at a time (`SWEEP_READ_CONCURRENCY`): the tick reads 4 families of 64, and
    // a READY served meanwhile must not queue behind hundreds of Queries.
    const pages: Record<string, unknown>[][] = [];
    await eachWithConcurrency(
      allShardKeys(family, INDEX_SHARDS),
      SWEEP_READ_CONCURRENCY,
      async (shard, i) => {
        pages[i] = await (async () => {
          const items: Record<string, unknown>[] = [];
          let start: Record<string, unknown> | undefined;
          do {
            const page = await this.doc.send(
              new QueryCommand({
                TableName: this.table,
                IndexName: 'deadline',
                KeyConditionExpression: 'deadlineShard = :shard AND #d <= :until',
                ExpressionAttributeNames: { '#d': 'deadline' },
                ExpressionAttributeValues: { ':shard': shard, ':until': until },
                Limit: Math.min(1000, limit - items.length),
                ExclusiveStartKey: start,
              }),
            );
            items.push(...(page.Items ?? []));
            start = page.LastEvaluatedKey;
          } while (start && items.length < limit);
          return items;
        })();
      },
    );
    return pages
      .flat()
      .sort((a, b) => (a.deadline as number) - (b.deadline as number))
      .slice(0, limit);
  }

  async saveAgent(agent: AgentRecord, expectedVersion: number | undefined): Promise<boolean> {
    await this.upgraded();
    return this.writeAgent(agent, expectedVersion);
  }

  private async writeAgent(agent: AgentRecord, expectedVersion: number | undefined): Promise<boolean> {
    // Members first: a READY agent is never missing from its sets; a member left behind by a
    // failed write is dropped when a reader finds it stale.
    await this.putMembers(agent);
    let old: AgentRecord | undefined;
    try {
      const out = await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: agentItem(agent),
          ReturnValues: 'ALL_OLD',
          ...(expectedVersion === undefined
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: '#v = :expected',
                ExpressionAttributeNames: { '#v': 'version' },
                ExpressionAttributeValues: { ':expected': expectedVersion },
              }),
        }),
      );
      old = out.Attributes ? readAgent(out.Attributes) : undefined;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
    await this.afterAgentWrite(old, agent);
    return true;
  }

  private async putMembers(agent: AgentRecord): Promise<void> {
    const members = memberItems(agent);
    if (members.length > 0) {
      await batchWriteItems(
        this.doc,
        this.table,
        members.map((Item) => ({ PutRequest: { Item } })),
      );
    }
  }

  /** READY sets, logged-in counts and the listing follow a written agent (`old`: as it was). */
  private async afterAgentWrite(old: AgentRecord | undefined, agent: AgentRecord): Promise<void> {
    await this.dropMembers(old, agent);
    if (!old) {
      await this.doc.send(
        new PutCommand({ TableName: this.table, Item: { pk: AGENT_LIST, sk: agent.id, id: agent.id } }),
      );
    }
    const before = new Set(loggedInKeys(old));
    const after = new Set(loggedInKeys(agent));
    const changes = [
      ...[...after].filter((k) => !before.has(k)).map((k) => [k, 1] as const),
      ...[...before].filter((k) => !after.has(k)).map((k) => [k, -1] as const),
    ];
    for (const [key, delta] of changes) {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: servingKey(key),
          UpdateExpression: 'ADD n :d',
          ExpressionAttributeValues: { ':d': delta },
        }),
      );
    }
  }

  /** Deletes the READY set members `old` had that `next` does not have. */
  private async dropMembers(old: AgentRecord | undefined, next: AgentRecord | undefined): Promise<void> {
    if (!old) return;
    const keep = new Set((next ? memberItems(next) : []).map((m) => `${m.pk}\n${m.sk}`));
    const gone = memberItems(old).filter((m) => !keep.has(`${m.pk}\n${m.sk}`));
    if (gone.length > 0) {
      await batchWriteItems(
        this.doc,
        this.table,
        gone.map((m) => ({ DeleteRequest: { Key: { pk: m.pk, sk: m.sk } } })),
      );
    }
  }

  /**
   * Concurrent routing steps of one target share a READY set read that started after they asked
   * (each has put its waiting entry first, so the read still comes after that write): a burst of
   * new callbacks costs about one read of the set per read time, not one each.
   */
  async readyAgents(
    target: RoutingTarget,
    limit: number,
    opts: ReadyAgentsOptions = {},
  ): Promise<AgentRecord[]> {
    const onlyIfServing = opts.onlyIfServing === true;
    const key = JSON.stringify([recordingCaller() ?? '', target, limit, onlyIfServing]);
    const agents = await this.readyReads.read(key, () => this.readReadyAgents(target, limit, onlyIfServing));
    return [...agents];
  }

  private async readReadyAgents(
    target: RoutingTarget,
    limit: number,
    onlyIfServing: boolean,
  ): Promise<AgentRecord[]> {
    await this.upgraded();
    const key = targetKey(target);
    if (key === undefined) {
      const agent = await this.getAgent(target.kind === 'agent' ? target.name : '');
      return agent?.state === 'READY' ? [agent] : [];
    }
    // One item instead of a query per READY shard when nobody who could serve is logged in.
    if (onlyIfServing && (await this.loggedIn(key, true)) <= 0) return [];
    const pages = (await this.shardHeads(readyShards(key), limit)) as {
      pk: string;
      sk: string;
      id: string;
    }[][];
    const members = mergeHeads(pages, (m) => m.sk, pages.length * limit);
    const found: AgentRecord[] = [];
    // Members are checked in batches of `limit`, longest READY first; stale ones are dropped.
    for (let i = 0; i < members.length && found.length < limit; i += limit) {
      const batch = members.slice(i, i + limit);
      const agents = new Map((await this.getAgents(batch.map((m) => m.id))).map((a) => [a.id, a]));
      const stale: WriteRequest[] = [];
      for (const m of batch) {
        const agent = agents.get(m.id);
        const current = agent && memberItems(agent).some((x) => x.pk === m.pk && x.sk === m.sk);
        if (!current) stale.push({ DeleteRequest: { Key: { pk: m.pk, sk: m.sk } } });
        else if (agentServes(target, agent)) found.push(agent);
      }
      if (stale.length > 0) await batchWriteItems(this.doc, this.table, stale);
    }
    return found.slice(0, limit);
  }

  async servingAgents(target: RoutingTarget): Promise<number> {
    await this.upgraded();
    const key = targetKey(target);
    if (key === undefined) {
      const agent = await this.getAgent(target.kind === 'agent' ? target.name : '');
      return agent && agent.state !== 'LOGGED_OUT' ? 1 : 0;
    }
    return this.loggedIn(key, false);
  }

  /** The logged-in count of a target key (`afterAgentWrite` keeps it). */
  private async loggedIn(key: string, consistent: boolean): Promise<number> {
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.table,
        Key: servingKey(key),
        ...(consistent ? { ConsistentRead: true } : {}),
      }),
    );
    return Math.max(0, (out.Item?.n as number | undefined) ?? 0);
  }

  // ---- waiting queue ----

  async getWaiting(callbackId: string): Promise<WaitingEntry | undefined> {
    await this.upgraded();
    const pointer = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: pointerKey(callbackId), ConsistentRead: true }),
    );
    if (!pointer.Item) return undefined;
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.table,
        Key: { pk: pointer.Item.wpk, sk: pointer.Item.wsk },
        ConsistentRead: true,
      }),
    );
    return out.Item ? readEntry(out.Item) : undefined;
  }

  async waitingAmong(callbackIds: readonly string[]): Promise<Set<string>> {
    await this.upgraded();
    const pointers = await batchGetItems(
      this.doc,
      this.table,
      [...new Set(callbackIds)].map(pointerKey),
      true,
    );
    const entries = await batchGetItems(
      this.doc,
      this.table,
      pointers.map((p) => ({ pk: p.wpk, sk: p.wsk })),
      true,
    );
    return new Set(entries.map((e) => e.callbackId as string));
  }

  async waitingHead(queueKey: string, limit: number, opts: WaitingHeadOptions = {}): Promise<WaitingEntry[]> {
    await this.upgraded();
    let shards = allShardKeys(`wait#${queueKey}`, QUEUE_SHARDS);
    if (opts.onlyOccupiedShards) {
      // Counter shard n counts the entries of queue shard n (both are `shardOf(callbackId)`).
      const suffix = (pk: string) => pk.slice(pk.lastIndexOf('#'));
      const counters = await batchGetItems(this.doc, this.table, counterKeys(queueKey), true);
      const occupied = new Set(
        counters
          .filter((c) => ((c.issued as number | undefined) ?? 0) > ((c.left as number | undefined) ?? 0))
          .map((c) => suffix(c.pk as string)),
      );
      shards = shards.filter((pk) => occupied.has(suffix(pk)));
      if (shards.length === 0) return [];
    }
    const pages = await this.shardHeads(shards, limit);
    return mergeHeads(pages, (i) => i.sk as string, pages.length * limit).map(readEntry);
  }

  async queueTotals(queueKey: string): Promise<QueueTotals> {
    await this.upgraded();
    return this.totals(queueKey);
  }

  private async totals(queueKey: string): Promise<QueueTotals> {
    const totals: QueueTotals = { issued: 0, left: 0, byPriority: {} };
    for (const item of await batchGetItems(this.doc, this.table, counterKeys(queueKey))) {
      totals.issued += (item.issued as number | undefined) ?? 0;
      totals.left += (item.left as number | undefined) ?? 0;
      for (const [name, value] of Object.entries(item)) {
        const field = name.startsWith(ISSUED_AT) ? 'issued' : name.startsWith(LEFT_AT) ? 'left' : undefined;
        if (!field) continue;
        const level = (totals.byPriority[name.slice(ISSUED_AT.length)] ??= { issued: 0, left: 0 });
        level[field] += value as number;
      }
    }
    return totals;
  }

  /**
   * A joining entry's level totals (its ticket is the next one). Concurrent joins of one queue
   * share a read that started after they asked (`SharedFreshRead`): joins that overlap take the
   * same ticket either way (see ARCHITECTURE, "Position and EWT"), and a burst of activations
   * makes about one read of the 8 counter shards per read time instead of one each.
   */
  private async levelTotals(entry: WaitingEntry) {
    const queueKey = queueKeyOf(entry);
    const key = JSON.stringify([recordingCaller() ?? '', queueKey]);
    const totals = await this.totalsReads.read(key, () => this.totals(queueKey));
    return totals.byPriority[String(entry.priority)] ?? { issued: 0, left: 0 };
  }

  async waitingByService(): Promise<Map<string, number>> {
    const keys = [...new Set((await this.activeQueues()).map((q) => q.queueKey))].flatMap(counterKeys);
    const out = new Map<string, number>();
    for (const item of await batchGetItems(this.doc, this.table, keys)) {
      for (const [name, value] of Object.entries(item)) {
        const sign = name.startsWith(ISSUED_BY) ? 1 : name.startsWith(LEFT_BY) ? -1 : 0;
        if (sign === 0) continue;
        const service = name.slice(ISSUED_BY.length);
        out.set(service, (out.get(service) ?? 0) + sign * (value as number));
      }
    }
    return out;
  }

  async activeQueues(): Promise<ActiveQueue[]> {
    await this.upgraded();
    const now = Date.now();
    if (this.queuesCache && now - this.queuesCache.at < QUEUES_CACHE_MS) return this.queuesCache.queues;
    const items = await queryAll(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': QUEUES },
    });
    const queues: ActiveQueue[] = items.map((i) => ({
      queueKey: i.queueKey as string,
      ...(i.target !== undefined ? { target: i.target as string } : {}),
    }));
    // What this process registered while the Query ran is not lost with the cache it replaces: a
    // callback that joined a new queue here, and read the READY set before an agent counted itself
    // in, relies on that agent finding the queue here (the join races test saw it missed).
    const listed = new Set(queues.map(registryKey));
    for (const [key, queue] of this.registered) if (!listed.has(key)) queues.push(queue);
    this.queuesCache = { at: now, queues };
    return queues;
  }

  async listOverdueWaiting(until: number, limit: number): Promise<WaitingEntry[]> {
    await this.upgraded();
    const keys = (await this.overdue('waiting', until, limit)).map((k) => ({ pk: k.pk, sk: k.sk }));
    return (await batchGetItems(this.doc, this.table, keys, true)).map(readEntry);
  }

  /** Records that `queueKey` holds callbacks of `target` (once per process and pair). */
  private async register(entry: WaitingEntry): Promise<void> {
    const queue: ActiveQueue = {
      queueKey: queueKeyOf(entry),
      ...(entry.target ? { target: entry.target } : {}),
    };
    const sk = registryKey(queue);
    if (this.registered.has(sk)) return;
    await this.doc.send(new PutCommand({ TableName: this.table, Item: { pk: QUEUES, sk, ...queue } }));
    this.registered.set(sk, queue);
    if (this.queuesCache && !this.queuesCache.queues.some((q) => registryKey(q) === sk)) {
      this.queuesCache.queues.push(queue);
    }
  }

  async putWaiting(entry: WaitingEntry): Promise<void> {
    await this.upgraded();
    await this.enqueue(entry);
  }

  private async enqueue(entry: WaitingEntry): Promise<void> {
    await this.register(entry);
    const ticket = entry.ticket ?? (await this.levelTotals(entry)).issued + 1;
    const stored = { ...entry, ticket };
    // The pointer goes with the entry (an entry already there leaves both as they are).
    await this.transact([
      {
        Put: {
          TableName: this.table,
          Item: entryItem(stored),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      { Put: { TableName: this.table, Item: pointerItem(stored) } },
      this.countUpdate(entry, 'issued', 1),
    ]);
  }

  /**
   * Two writes, where one 4-item transaction used to be (10 write units, now 7):
   * - the pointer first, a plain conditional put: a callback that ever had an entry (a duplicate
   *   message, a callback routed since) is refused before anything else is written. A crash after
   *   it leaves a pointer without an entry: the redelivered message is refused by the pointer,
   *   reads the record, finds no entry and enqueues it (`putWaiting`);
   * - then the entry and its `issued` count in one transaction, so the counters stay exact.
   * The ticket is read while the pointer is written. The callback's state is not checked here (a
   * condition check on it was in the transaction until 2026-12-03): the caller reads the record
   * after the join and removes the entry of a callback that left.
   */
  async joinWaiting(entry: WaitingEntry): Promise<boolean> {
    await this.upgraded();
    await this.register(entry);
    // The ticket is read while the pointer is written (the pointer does not carry it).
    const [ticket, first] = await Promise.all([
      entry.ticket ?? this.levelTotals(entry).then((t) => t.issued + 1),
      this.doc
        .send(
          new PutCommand({
            TableName: this.table,
            Item: pointerItem(entry),
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        )
        .then(
          () => true,
          (e: unknown) => {
            if (e instanceof ConditionalCheckFailedException) return false;
            throw e;
          },
        ),
    ]);
    if (!first) return false;
    const stored = { ...entry, ticket };
    // The entry and its count in one transaction (an entry already there leaves both as they are).
    await this.transact([
      {
        Put: {
          TableName: this.table,
          Item: entryItem(stored),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      this.countUpdate(entry, 'issued', 1),
    ]);
    return true;
  }

  async removeWaiting(entry: WaitingEntry): Promise<void> {
    await this.upgraded();
    await this.transact([
      {
        Delete: {
          TableName: this.table,
          Key: entryKey(entry),
          ConditionExpression: 'attribute_exists(pk)',
        },
      },
      this.countUpdate(entry, 'left', 1),
    ]);
  }

  private countUpdate(entry: WaitingEntry, total: 'issued' | 'left', delta: number): TxItem {
    return {
      Update: {
        TableName: this.table,
        Key: counterKey(entry),
        UpdateExpression: 'ADD #t :d, #s :d, #p :d',
        ExpressionAttributeNames: {
          '#t': total,
          '#s': `${total === 'issued' ? ISSUED_BY : LEFT_BY}${entry.service}`,
          '#p': `${total === 'issued' ? ISSUED_AT : LEFT_AT}${entry.priority}`,
        },
        ExpressionAttributeValues: { ':d': delta },
      },
    };
  }

  /**
   * Runs a transaction whose condition failing means "already done" or "someone else won"
   * (returns false). One that lost a race on a shared item (a queue counter) to another
   * transaction is retried with jittered backoff; after that the error goes up, so the work
   * message is delivered again rather than the change being dropped.
   */
  private async transact(items: TxItem[]): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
        return true;
      } catch (e) {
        if (!(e instanceof TransactionCanceledException)) throw e;
        if (cancelledByCondition(e)) return false;
        if (attempt >= CONFLICT_RETRIES) throw e;
        await new Promise((r) => setTimeout(r, (5 + Math.random() * 20) * 2 ** Math.min(attempt, 5)));
      }
    }
  }

  async reserve(r: Reservation): Promise<boolean> {
    if (r.change.state !== 'ROUTING' || r.change.set?.agentId !== r.agent.id) {
      throw new Error(`A reservation moves callback ${r.callbackId} to ROUTING with agent ${r.agent.id}.`);
    }
    assertReservableFrom(r.from, r.agent);
    await this.upgraded();
    return this.transact([
      {
        Put: {
          TableName: this.table,
          Item: agentItem(r.agent),
          // READY, or NOT_READY when its READY request reserves at once (`reserveOnReady`).
          ConditionExpression: '#v = :expected AND #s = :from',
          ExpressionAttributeNames: { '#v': 'version', '#s': 'state' },
          ExpressionAttributeValues: { ':expected': r.agent.version - 1, ':from': r.from.state },
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
            ':routing': r.change.state,
            ':queued': 'QUEUED',
            ':agent': r.change.set.agentId,
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
      this.countUpdate(r.entry, 'left', 1),
      // The push it owes, in the same transaction: nothing commits without it (no extra round trip).
      ...(r.push ? [{ Put: { TableName: this.table, Item: pushItem(r.push) } }] : []),
    ]);
  }

  async tidyReservation(r: Reservation): Promise<void> {
    await this.dropMembers(r.from, r.agent);
  }

  async pendingPush(callbackId: string): Promise<PendingPush | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: pushKey(callbackId), ConsistentRead: true }),
    );
    return out.Item?.push as PendingPush | undefined;
  }

  async pushSent(callbackId: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.table, Key: pushKey(callbackId) }));
  }

  async listPendingPushes(until: number, limit: number): Promise<PendingPush[]> {
    await this.upgraded();
    const keys = await this.overdue('push', until, limit);
    if (keys.length === 0) return [];
    // The index holds keys only: the pushes themselves, read together (one that was posted
    // meanwhile is gone and dropped).
    const items = await batchGetItems(
      this.doc,
      this.table,
      keys.map((k) => ({ pk: k.pk, sk: k.sk })),
    );
    return items
      .map((i) => i.push as PendingPush | undefined)
      .filter((p): p is PendingPush => p !== undefined)
      .sort((a, b) => a.at - b.at);
  }

  async requeue(r: Requeue): Promise<boolean> {
    const attempts = r.change.set?.dialAttempts;
    if (r.change.state !== 'QUEUED' || !r.change.clearAgent || attempts === undefined) {
      throw new Error(
        `A requeue moves callback ${r.callbackId} to QUEUED without its agent, with dialAttempts.`,
      );
    }
    await this.upgraded();
    const queued = queuedIndexAttributes(r.callbackId, r.now);
    await this.register(r.entry);
    // Back where it was: in front of what was issued after it (its ticket when known).
    const entry = { ...r.entry, ticket: r.entry.ticket ?? (await this.levelTotals(r.entry)).left + 1 };
    await this.putMembers(r.agent);
    await this.doc.send(new PutCommand({ TableName: this.table, Item: pointerItem(entry) }));
    return this.transact([
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
            ':queued': r.change.state,
            ':routing': 'ROUTING',
            ':agent': r.agent.id,
            ':expected': r.callbackVersion,
            ':next': r.callbackVersion + 1,
            ':now': r.now,
            ':attempts': attempts,
            ':shard': queued.dueShard,
            ':dueAt': queued.dueAt,
            ':expiry': queued.expiryShard,
          },
        },
      },
      // Unconditional, as before: an entry left behind by a crash must not block the give-back.
      { Put: { TableName: this.table, Item: entryItem(entry) } },
      this.countUpdate(entry, 'left', -1),
    ]);
  }

  // ---- handle times ----

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
          pk: handlePk(queueKey, callbackId),
          sk: `${String(completedAt).padStart(15, '0')}#${callbackId}`,
          seconds,
          ttl: Math.ceil(completedAt / 1000) + HANDLE_TIME_TTL_S,
        },
      }),
    );
  }

  async recentHandleTimes(queueKey: string, limit: number): Promise<number[]> {
    await this.upgraded();
    const pages = await this.shardHeads(allShardKeys(`handle#${queueKey}`, HANDLE_SHARDS), limit, {
      forward: false,
      // Handle-time samples feed an estimate: a sample written a moment ago may be left out.
      consistent: false,
    });
    return mergeHeads(pages, (i) => i.sk as string, limit, true).map((i) => i.seconds as number);
  }

  // ---- upgrade from the single-partition layout ----

  /**
   * Once per process: checks the marker, and moves today's items the first time. A process that
   * cannot move them (a read-only role, a throttled write) goes on with the new layout and tries
   * again a minute later: the worker and the tick, which may write, complete the move.
   */
  private upgraded(): Promise<void> {
    if (this.upgrade && this.upgradeFailedAt !== undefined && Date.now() - this.upgradeFailedAt > 60_000) {
      this.upgrade = undefined;
    }
    this.upgrade ??= this.upgradeLegacyLayout().then(
      () => {
        this.upgradeFailedAt = undefined;
      },
      (e: unknown) => {
        this.upgradeFailedAt = Date.now();
        logger.warn('Could not move the routing items of the single-partition layout yet', {
          error: e as Error,
        });
      },
    );
    return this.upgrade;
  }

  /**
   * Moves the items of the single-partition layout: agents (`agent` / id) to `agent#<id>` with
   * their READY sets, counts and listing; waiting entries (`queue` / orderKey) to their queue's
   * shards with a ticket; handle-time samples (`aht#<queue>`) to `handle#<queue>#<n>`. Each move
   * writes the new item before deleting the old one and is conditional where it counts, so two
   * processes upgrading at once, or one killed halfway, move everything exactly once.
   */
  private async upgradeLegacyLayout(): Promise<void> {
    const mark = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: LAYOUT_MARK, ConsistentRead: true }),
    );
    if (mark.Item) return;
    for (const item of await this.legacyPartition(LEGACY_AGENTS)) {
      await this.writeAgent(readAgent(item), undefined);
      await this.doc.send(new DeleteCommand({ TableName: this.table, Key: { pk: item.pk, sk: item.sk } }));
    }
    for (const item of await this.legacyPartition(LEGACY_QUEUE)) {
      await this.enqueue(readEntry(item));
      await this.doc.send(new DeleteCommand({ TableName: this.table, Key: { pk: item.pk, sk: item.sk } }));
    }
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new ScanCommand({
          TableName: this.table,
          FilterExpression: 'begins_with(pk, :aht)',
          ExpressionAttributeValues: { ':aht': LEGACY_HANDLE_TIMES },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        const queueKey = (item.pk as string).slice(LEGACY_HANDLE_TIMES.length);
        const callbackId = (item.sk as string).slice((item.sk as string).indexOf('#') + 1);
        await this.doc.send(
          new PutCommand({
            TableName: this.table,
            Item: { ...item, pk: handlePk(queueKey, callbackId) },
          }),
        );
        await this.doc.send(new DeleteCommand({ TableName: this.table, Key: { pk: item.pk, sk: item.sk } }));
      }
      start = page.LastEvaluatedKey;
    } while (start);
    await this.doc.send(new PutCommand({ TableName: this.table, Item: LAYOUT_MARK }));
  }

  private legacyPartition(pk: string): Promise<Record<string, unknown>[]> {
    return queryAll(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      ConsistentRead: true,
    });
  }
}
