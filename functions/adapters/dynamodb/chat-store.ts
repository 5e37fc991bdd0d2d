import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { ChatEvent, ChatSession } from '../../domain/chat/chat-session.js';
import type { ChatTransition } from '../../domain/chat/chat-transitions.js';
import type { ChatStore } from '../../ports.js';
import { queryAll } from './query-all.js';

const pk = (id: string) => `chat#${id}`;
const HEADER_SK = 0;

/**
 * Each lost race costs one round trip; with jitter, 20 writers racing on one chat all get through
 * well within this bound.
 */
const APPEND_ATTEMPTS = 50;

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

/**
 * Chats in the `chats` table. The header (sk 0) holds `last`; an append is ONE transaction of
 * "header.last = n if it is still n - 1" and "event at n if none is there", so positions are
 * dense and unique whatever the concurrency, and a crashed writer leaves no gap.
 */
export class DynamoChatStore implements ChatStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

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

  async append(
    id: string,
    decide: (session: ChatSession) => ChatTransition | undefined,
  ): Promise<{ session: ChatSession; event?: ChatEvent } | undefined> {
    for (let attempt = 0; attempt < APPEND_ATTEMPTS; attempt++) {
      const session = await this.get(id);
      if (!session) return undefined;
      const transition = decide(session);
      if (!transition) return { session };
      const position = session.last + 1;
      const names: Record<string, string> = { '#last': 'last' };
      const values: Record<string, unknown> = { ':prev': session.last, ':n': position };
      const sets = ['#last = :n'];
      for (const [field, value] of Object.entries(transition.change ?? {})) {
        if (value === undefined) continue;
        names[`#${field}`] = field;
        values[`:${field}`] = value;
        sets.push(`#${field} = :${field}`);
      }
      try {
        await this.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: this.table,
                  Key: { pk: pk(id), sk: HEADER_SK },
                  UpdateExpression: `SET ${sets.join(', ')}`,
                  ConditionExpression: '#last = :prev',
                  ExpressionAttributeNames: names,
                  ExpressionAttributeValues: values,
                },
              },
              {
                Put: {
                  TableName: this.table,
                  Item: {
                    pk: pk(id),
                    sk: position,
                    type: transition.event.type,
                    party: transition.event.party,
                    text: transition.event.text,
                    at: transition.event.at,
                    ttl: ttlOf(session),
                  },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
            ],
          }),
        );
      } catch (e) {
        if (!lostRace(e)) throw e;
        await new Promise((r) => setTimeout(r, Math.random() * Math.min(100, 5 * 2 ** Math.min(attempt, 5))));
        continue;
      }
      return {
        session: { ...session, ...transition.change, last: position },
        event: { ...transition.event, position },
      };
    }
    throw new Error(`Chat ${id}: could not append after ${APPEND_ATTEMPTS} attempts.`);
  }

  async events(id: string, after: number): Promise<ChatEvent[]> {
    const items = await queryAll(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND sk > :after',
      ExpressionAttributeValues: { ':pk': pk(id), ':after': after },
      ConsistentRead: true,
    });
    return items.map(toEvent);
  }
}
