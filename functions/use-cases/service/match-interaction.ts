import { matchingLocks, provesSession, type MatchCriteria } from '../../domain/access-match.js';
import { ForbiddenError, NotFoundError, TooManyRequestsError } from '../../domain/errors.js';
import { matchBlockedFor, MATCH_FAILURE_LIMIT, recordMatchFailure } from '../../domain/match-limit.js';
import { parseResourceGroupSettings } from '../../domain/resource-group.js';
import type { Role } from '../../domain/roles.js';
import type { MatchInteractionParameters } from '../../domain/service-options/match-interaction-options.js';
import { logger } from '../../observability.js';
import type { Ports } from '../../ports/index.js';

export type MatchInteractionPorts = Pick<
  Ports,
  'attempts' | 'accessNumbers' | 'config' | 'metrics' | 'sessions' | 'queue' | 'storage' | 'clock'
>;

export interface MatchInteractionInput {
  parameters: MatchInteractionParameters;
  /** The caller sent valid credentials of a user with one of the `TELEPHONY_ROLES`. */
  telephony: boolean;
  sourceIp: string;
}

/**
 * The telephony side's credentials: a user with one of these roles may read any matched session's
 * data and is not rate-limited. Both roles may already see sessions' callbacks and data through
 * management; a read-only callback viewer may not release numbers.
 */
export const TELEPHONY_ROLES: readonly Role[] = ['Administrator', 'Supervisor'];

function dataNeedsProof(parameter: string): ForbiddenError {
  const error = new ForbiddenError(
    `'${parameter}' answers only` +
      " a caller that proves the session: send the caller's number " +
      "(_phone_number) the session gave, its _access_code, or the telephony side's credentials " +
      `(Authorization of a user with the role ${TELEPHONY_ROLES.join(' or ')}).`,
  );
  error.details = { parameter };
  return error;
}

/** A failed match counts against its source; reaching the limit is a security event. */
async function countFailure(
  ports: MatchInteractionPorts,
  input: MatchInteractionInput,
  criteria: MatchCriteria,
  now: number,
): Promise<void> {
  const { telephony, sourceIp } = input;
  // The telephony side is never refused, so its misses are not counted (nor logged as refusals).
  if (telephony) return;
  if (await recordMatchFailure(ports.attempts, sourceIp, now)) {
    logger.warn('Repeated failed matches: match-interaction is refused to this source for now', {
      securityEvent: 'match-rate-limit',
      sourceIp,
      failures: MATCH_FAILURE_LIMIT.maxFailures,
      windowSeconds: MATCH_FAILURE_LIMIT.windowSeconds,
      accessNumber: criteria.accessNumber,
    });
  }
}

/**
 * `match-interaction`: the telephony side reports an inbound call (DNIS, optional ANI and access
 * code); the session holding that number is returned and the number is released. A match on the
 * number alone still works (as in GMS), but only a caller that proves the session gets its data,
 * and a source that keeps missing (a sweep over a pool's range) gets 429 before any lookup.
 */
export async function matchInteraction(
  ports: MatchInteractionPorts,
  input: MatchInteractionInput,
): Promise<Record<string, unknown>> {
  const { parameters, telephony, sourceIp } = input;
  const { accessNumber, returnData, dataParameter, multiple } = parameters;
  const criteria: MatchCriteria = {
    accessNumber,
    phoneNumber: parameters.phoneNumber,
    accessCode: parameters.accessCode,
  };
  const now = ports.clock.now();
  if (!telephony) {
    const wait = await matchBlockedFor(ports.attempts, sourceIp, now);
    if (wait > 0) {
      throw new TooManyRequestsError(
        `Too many failed matches from this address: try again in ${wait} seconds.`,
        wait,
      );
    }
    // Nothing could prove the session: refused before the lookup, so nothing is learned or released.
    if (returnData && !criteria.phoneNumber && !criteria.accessCode) throw dataNeedsProof(dataParameter);
  }

  let candidates = matchingLocks(await ports.accessNumbers.findByNumber(accessNumber), criteria, now);
  if (returnData && !telephony) {
    const proven = candidates.filter((r) => provesSession(r, criteria));
    if (candidates.length > 0 && proven.length === 0) {
      await countFailure(ports, input, criteria, now);
      throw dataNeedsProof(dataParameter);
    }
    candidates = proven;
  }
  const matches: Record<string, unknown>[] = [];
  for (const record of candidates) {
    const sessionId = record.lock!.sessionId;
    const groupEntry = await ports.config.get('resource-group', record.group);
    const strategy = groupEntry
      ? parseResourceGroupSettings(record.group, groupEntry.options).strategy
      : 'random';
    // The conditional release is the match: of two racing calls for one session, only one wins it.
    if (
      !(await ports.accessNumbers.release(
        record.group,
        record.number,
        sessionId,
        ports.clock.now(),
        strategy,
      ))
    )
      continue;
    await ports.metrics.record({
      kind: 'access-exited',
      group: record.group,
      exit: 'match',
      heldMs: now - record.lock!.lockedAt,
      at: now,
    });
    const session = await ports.sessions.get(sessionId, now);
    // A user-originated callback's customer is on the line: the router takes it from here.
    if (session?.serviceType === 'callback')
      await ports.queue.send({ kind: 'callback-call-arrived', id: sessionId });
    const match: Record<string, unknown> = { _id: sessionId, _data_id: session?.dataId ?? sessionId };
    if (returnData && session?.dataId) {
      const data = await ports.storage.get(session.dataId, now);
      match._data = data?.values ?? {};
    }
    matches.push(match);
    if (!multiple) break;
  }
  if (matches.length === 0) {
    await countFailure(ports, input, criteria, now);
    const what = [`_access_number=${accessNumber}`];
    if (criteria.phoneNumber) what.push(`_phone_number=${criteria.phoneNumber}`);
    if (criteria.accessCode) what.push('_access_code');
    throw new NotFoundError(`No service session matches ${what.join(', ')}.`);
  }
  return multiple ? { matches } : matches[0]!;
}
