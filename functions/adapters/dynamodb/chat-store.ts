import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { ChatBusyError } from '../../domain/chat/chat-errors.js';
import {
  TRANSCRIPT_PAGE_EVENTS,
  TRANSCRIPT_PAGE_TEXT_BYTES,
  eventTextBytes,
  type ChatEvent,
  type ChatSession,
} from '../../domain/chat/chat-session.js';
import type { ChatTransition } from '../../domain/chat/chat-transitions.js';
import type { ChatStore } from '../../ports/chat.js';

const pk = (id: string) => `chat#${id}`;
const HEADER_SK = 0;

/**
 * How hard an append tries when writers in other processes (other Lambda instances) keep winning
 * the race for the next position. Each lost race costs a header read and a failed transaction;
 * the wait before the next try is random up to a bound that doubles per lost race (full jitter),
 * so a crowd of writers spreads out instead of colliding again at once. Past the budget the
 * append gives up having written nothing, and the client gets a 503 with `Retry-After: 1`.
 */
export interface AppendRetryPolicy {
  /** Attempts at most. */
  maxAttempts: number;
  /** No attempt starts later than this after the append was asked for, ms (incl. queueing). */
  budgetMs: number;
  /** Bound of the first wait, ms; doubled per lost race up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Inside the 10 s function timeout with room for the rest of the request. */
export const DEFAULT_APPEND_RETRY: AppendRetryPolicy = {
  maxAttempts: 100,
  budgetMs: 6_000,
  baseDelayMs: 50,
  maxDelayMs: 2_000,
};

/** Seconds a client should wait before sending again after an append gave up. */
export const APPEND_RETRY_AFTER_SECONDS = 1;

/** One transaction holds the header and at most this many events (TransactWriteItems takes 100 items). */
const MAX_EVENTS_PER_COMMIT = 99;

type AppendResult = { session: ChatSession; event?: ChatEvent } | undefined;

/** An append waiting in this process for its chat's next commit. */
interface PendingAppend {
  decide: (session: ChatSession) => ChatTransition | undefined;
  deadline: number;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

const HEADER_FIELDS = [
  'id',
  'service',
  'state',
  'client',
  'agent',
  'startedAt',
  'last',
  'routeOnStart',
  'disconnected400',
  'target',
  'virtualQueue',
  'userData',
  'createdAt',
  'expiresAt',
] as const;

const ttlOf = (session: ChatSession) => Math.ceil(session.expiresAt / 1000);

function toSession(item: Record<string, unknown>): ChatSession {
  const session: Record<string, unknown> = {};
  for (const f of HEADER_FIELDS) if (item[f] !== undefined) session[f] = item[f];
  session.userData ??= {};
  return session as unknown as ChatSession;
}

function toEvent(item: Record<string, unknown>): ChatEvent {
  return {
    position: item.sk as number,
    type: item.type as ChatEvent['type'],
    party: item.party as ChatEvent['party'],
    text: (item.text as string | undefined) ?? '',
    at: item.at as number,
  };
}

/** A lost race: another append took the position (or touched the header) first. */
const lostRace = (e: unknown) =>
  e instanceof TransactionCanceledException &&
  (e.CancellationReasons ?? []).some(
    (r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict',
  );

type Outcome = { pending: PendingAppend; result: AppendResult } | { pending: PendingAppend; error: unknown };

interface BatchPlan {
  /** The events to write, at positions `session.last + 1`... */
  events: ChatEvent[];
  /** The header change of all of them together, later ones over earlier ones. */
  change: Record<string, unknown>;
  last: number;
  outcomes: Outcome[];
}

/**
 * Decides each append on the header as the appends before it in the batch left it. An append
 * whose `decide` throws (e.g. a conflict) fails alone; each gets the header as of its own event.
 */
function planBatch(session: ChatSession, batch: readonly PendingAppend[]): BatchPlan {
  const plan: BatchPlan = { events: [], change: {}, last: session.last, outcomes: [] };
  let current = session;
  for (const pending of batch) {
    let transition: ChatTransition | undefined;
    try {
      transition = pending.decide(current);
    } catch (error) {
      plan.outcomes.push({ pending, error });
      continue;
    }
    if (!transition) {
      plan.outcomes.push({ pending, result: { session: current } });
      continue;
    }
    const event: ChatEvent = { ...transition.event, position: ++plan.last };
    current = { ...current, ...transition.change, last: event.position };
    Object.assign(plan.change, transition.change);
    plan.events.push(event);
    plan.outcomes.push({ pending, result: { session: current, event } });
  }
  return plan;
}

/**
 * Chats in the `chats` table. The header (sk 0) holds `last`; a commit is ONE transaction of
 * "header.last = n + k if it is still n" and "events at n + 1..n + k if none is there", so
 * positions are dense and unique whatever the concurrency, and a crashed writer leaves no gap.
 */
export class DynamoChatStore implements ChatStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly retry: AppendRetryPolicy = DEFAULT_APPEND_RETRY,
    private readonly now: () => number = Date.now,
  ) {}

  /** Appends waiting per chat id; an entry exists while a commit for that chat is under way. */
  private readonly queues = new Map<string, PendingAppend[]>();

  async create(session: ChatSession): Promise<boolean> {
    const item: Record<string, unknown> = { pk: pk(session.id), sk: HEADER_SK, ttl: ttlOf(session) };
    for (const f of HEADER_FIELDS) item[f] = session[f];
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: item,
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (e) {
      if ((e as Error).name === 'ConditionalCheckFailedException') return false;
      throw e;
    }
  }

  async get(id: string): Promise<ChatSession | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: { pk: pk(id), sk: HEADER_SK }, ConsistentRead: true }),
    );
    return out.Item ? toSession(out.Item) : undefined;
  }

  /**
   * Appends go through one queue per chat in this process: while a commit for the chat is under
   * way, new appends wait and the next commit takes them all (up to 99), deciding each on the
   * header as the ones before it left it, in arrival order. So concurrent requests on one process
   * (the local runtime, a container) never race each other; races between processes (Lambda
   * instances) lose the conditional transaction and retry with backoff.
   */
  append(id: string, decide: (session: ChatSession) => ChatTransition | undefined): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      const pending = { decide, deadline: this.now() + this.retry.budgetMs, resolve, reject };
      const queue = this.queues.get(id);
      if (queue) {
        queue.push(pending);
        return;
      }
      this.queues.set(id, [pending]);
      void this.drain(id);
    });
  }

  /** Commits the chat's queued appends, batch after batch, until none is left. Never rejects. */
  private async drain(id: string): Promise<void> {
    const queue = this.queues.get(id)!;
    while (queue.length > 0) {
      const batch = queue.splice(0, MAX_EVENTS_PER_COMMIT);
      try {
        await this.commit(id, batch);
      } catch (e) {
        for (const p of batch) p.reject(e);
      }
    }
    this.queues.delete(id);
  }

  /**
   * One batch: read the header, decide each append in order, and commit the events at `last + 1`,
   * `last + 2`... with the header change in one transaction conditional on `last`. Settles every
   * append of the batch; throws only for an unexpected error (then every one of them fails).
   */
  private async commit(id: string, batch: PendingAppend[]): Promise<void> {
    const { maxAttempts, baseDelayMs, maxDelayMs } = this.retry;
    let waiting = batch;
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) {
        const now = this.now();
        const late = waiting.filter((p) => attempt >= maxAttempts || now >= p.deadline);
        for (const p of late) p.reject(new ChatBusyError(id, APPEND_RETRY_AFTER_SECONDS));
        waiting = waiting.filter((p) => !late.includes(p));
        if (waiting.length === 0) return;
      }
      const session = await this.get(id);
      if (!session) {
        for (const p of waiting) p.resolve(undefined);
        return;
      }
      const plan = planBatch(session, waiting);
      if (plan.events.length > 0) {
        try {
          await this.doc.send(new TransactWriteCommand({ TransactItems: this.items(session, plan) }));
        } catch (e) {
          if (!lostRace(e)) throw e;
          const bound = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(attempt, 20));
          await new Promise((r) => setTimeout(r, Math.random() * bound));
          continue;
        }
      }
      for (const outcome of plan.outcomes) {
        if ('error' in outcome) outcome.pending.reject(outcome.error);
        else outcome.pending.resolve(outcome.result);
      }
      return;
    }
  }

  /** The conditional header update and the event puts of one commit. */
  private items(session: ChatSession, plan: BatchPlan) {
    const names: Record<string, string> = { '#last': 'last' };
    const values: Record<string, unknown> = { ':prev': session.last, ':n': plan.last };
    const sets = ['#last = :n'];
    for (const [field, value] of Object.entries(plan.change)) {
      if (value === undefined) continue;
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      sets.push(`#${field} = :${field}`);
    }
    return [
      {
        Update: {
          TableName: this.table,
          Key: { pk: pk(session.id), sk: HEADER_SK },
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: '#last = :prev',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      },
      ...plan.events.map((event) => ({
        Put: {
          TableName: this.table,
          Item: {
            pk: pk(session.id),
            sk: event.position,
            type: event.type,
            party: event.party,
            text: event.text,
            at: event.at,
            ttl: ttlOf(session),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      })),
    ];
  }

  /**
   * One page of the transcript after `after`: read with `Limit`, at most `TRANSCRIPT_PAGE_EVENTS`
   * events and no more than `TRANSCRIPT_PAGE_TEXT_BYTES` of text (always at least one event).
   */
  async events(id: string, after: number): Promise<ChatEvent[]> {
    const events: ChatEvent[] = [];
    let bytes = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND sk > :after',
          ExpressionAttributeValues: { ':pk': pk(id), ':after': after },
          ConsistentRead: true,
          Limit: TRANSCRIPT_PAGE_EVENTS - events.length,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of out.Items ?? []) {
        const event = toEvent(item);
        bytes += eventTextBytes(event);
        if (events.length > 0 && bytes > TRANSCRIPT_PAGE_TEXT_BYTES) return events;
        events.push(event);
      }
      start = out.LastEvaluatedKey;
    } while (start && events.length < TRANSCRIPT_PAGE_EVENTS);
    return events;
  }
}
