import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Guard } from '../../domain/callback/callback-record.js';
import { ServiceUnavailableError } from '../../domain/errors.js';

/** A guard counted as one field of a shared counter item (`Guard.slot` set). */
export type SlotGuard = Guard & { slot: NonNullable<Guard['slot']> };

/** The outcome of taking a shared counter's guards: all of them, or none and the ones at their limit. */
export type SharedTake = { taken: SlotGuard[] } | { refused: SlotGuard[] };

/** Attempts before giving up on a counter other writers keep moving (windows rolling over at once). */
const MAX_ATTEMPTS = 6;

/**
 * A number attribute of the item a refused condition returns (`ALL_OLD`): the exception carries it
 * as the low-level client returned it ({ N: "3" }), not unmarshalled.
 */
function numberAt(item: Record<string, unknown> | undefined, name: string): number | undefined {
  const v = item?.[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'object' && 'N' in v) return Number((v as { N: string }).N);
  return Number(v);
}

const windowName = (g: Pick<SlotGuard, 'slot'>) => `w${g.slot.field}`;
const countName = (g: Pick<SlotGuard, 'slot'>) => `c${g.slot.field}`;

/**
 * Takes several windowed guards kept as fields of one item (a service's throttles: one field pair
 * per throttle, `w<n>` its window start and `c<n>` its count) with one conditional update, instead
 * of one item and one write each. Usually every window is current and the update adds one to each
 * count, conditional on each window and limit. When a window has rolled over (or the item is new),
 * the refused condition returns the item as it is, and the next attempt starts those windows at 1,
 * conditional on the window seen, so concurrent writers still never pass a limit: at most one of
 * them resets a window, the others count in it.
 *
 * A field (or the item) that does not exist yet is written by the first attempt as a current one.
 * Counts kept in the layout before (one item per throttle and window, `Guard.key`) are not carried
 * over: in the window current at the upgrade, a throttle counts from 0 again, once.
 */
export async function takeShared(
  doc: DynamoDBDocumentClient,
  table: string,
  guards: readonly SlotGuard[],
  now: number,
): Promise<SharedTake> {
  const closed = guards.filter((g) => g.limit <= 0);
  if (closed.length > 0) return { refused: closed };
  const item = guards[0]!.slot.item;
  // null: nothing seen yet (every window assumed current, or not written yet); undefined: no item.
  let seen: Record<string, unknown> | undefined | null = null;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const names: Record<string, string> = { '#k': 'kind', '#t': 'ttl' };
    const values: Record<string, unknown> = {
      ':kind': guards[0]!.kind,
      ':one': 1,
      // The item outlives the longest window by a day, then DynamoDB TTL removes it.
      ':ttl': Math.ceil(Math.max(...guards.map((g) => g.expiresAt ?? now)) / 1000) + 86_400,
    };
    const sets = ['#k = :kind', '#t = :ttl'];
    const adds: string[] = [];
    const conditions: string[] = [];
    const refused: SlotGuard[] = [];
    const taken: SlotGuard[] = [];
    guards.forEach((g, i) => {
      names[`#w${i}`] = windowName(g);
      names[`#c${i}`] = countName(g);
      const stored = seen ? numberAt(seen, windowName(g)) : undefined;
      // A writer whose clock is ahead may have rolled the window already: count in its window.
      const window = stored !== undefined && stored > g.slot.window ? stored : g.slot.window;
      values[`:w${i}`] = window;
      taken.push(window === g.slot.window ? g : { ...g, slot: { ...g.slot, window } });
      if (seen === null) {
        // The usual case, and a field or item not written yet: one attempt.
        values[`:l${i}`] = g.limit;
        sets.push(`#w${i} = :w${i}`);
        adds.push(`#c${i} :one`);
        conditions.push(`(attribute_not_exists(#w${i}) OR #w${i} = :w${i})`);
        conditions.push(`(attribute_not_exists(#c${i}) OR #c${i} < :l${i})`);
        return;
      }
      if (stored === window) {
        if ((numberAt(seen, countName(g)) ?? 0) >= g.limit) refused.push(g);
        values[`:l${i}`] = g.limit;
        adds.push(`#c${i} :one`);
        conditions.push(`#w${i} = :w${i} AND #c${i} < :l${i}`);
        return;
      }
      sets.push(`#w${i} = :w${i}`, `#c${i} = :one`);
      if (stored === undefined) conditions.push(`attribute_not_exists(#w${i})`);
      else {
        values[`:o${i}`] = stored;
        conditions.push(`#w${i} = :o${i}`);
      }
    });
    if (refused.length > 0) return { refused };
    try {
      await doc.send(
        new UpdateCommand({
          TableName: table,
          Key: { pk: item },
          UpdateExpression: `SET ${sets.join(', ')}${adds.length > 0 ? ` ADD ${adds.join(', ')}` : ''}`,
          ConditionExpression: conditions.join(' AND '),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { taken };
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
      seen = (e.Item as Record<string, unknown> | undefined) ?? undefined;
    }
  }
  // Only writers rolling windows over again and again get here: the client may simply retry.
  const busy = new ServiceUnavailableError(
    `The counter ${item} kept changing during ${MAX_ATTEMPTS} attempts to take it: try again.`,
  );
  busy.retryAfterSeconds = 1;
  throw busy;
}

/**
 * Gives back guards `takeShared` took, in the windows they were taken in: a window that has
 * rolled over since holds none of them, so its count is left alone.
 */
export async function releaseShared(
  doc: DynamoDBDocumentClient,
  table: string,
  guards: readonly Pick<SlotGuard, 'slot'>[],
): Promise<void> {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':minus': -1 };
  guards.forEach((g, i) => {
    names[`#w${i}`] = windowName(g);
    names[`#c${i}`] = countName(g);
    values[`:w${i}`] = g.slot.window;
  });
  try {
    await doc.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: guards[0]!.slot.item },
        UpdateExpression: `ADD ${guards.map((_, i) => `#c${i} :minus`).join(', ')}`,
        ConditionExpression: guards.map((_, i) => `#w${i} = :w${i}`).join(' AND '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
  } catch (e) {
    if (!(e instanceof ConditionalCheckFailedException)) throw e;
    const item = e.Item as Record<string, unknown> | undefined;
    const still = guards.filter((g) => numberAt(item, windowName(g)) === g.slot.window);
    if (still.length > 0 && still.length < guards.length) await releaseShared(doc, table, still);
  }
}
