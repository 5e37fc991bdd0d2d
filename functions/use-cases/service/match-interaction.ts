import { matchingLocks, provesSession, type MatchCriteria } from '../../domain/access-match.js';
import {
  ForbiddenError,
  InvalidParameterError,
  NotFoundError,
  TooManyRequestsError,
} from '../../domain/errors.js';
import { matchBlockedFor, MATCH_FAILURE_LIMIT, recordMatchFailure } from '../../domain/match-limit.js';
import { readBoolean } from '../../domain/option-values.js';
import { parseResourceGroup } from '../../domain/resource-group.js';
import type { Role } from '../../domain/roles.js';
import { authorize } from '../../http/authenticate.js';
import { logger } from '../../observability.js';
import { effectiveParameters, type ServiceCall, type ServiceKind } from '../../handlers/service/service-kind.js';

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
  call: ServiceCall,
  criteria: MatchCriteria,
  now: number,
  telephony: boolean,
): Promise<void> {
  const { deps, req } = call;
  // The telephony side is never refused, so its misses are not counted (nor logged as refusals).
  if (telephony) return;
  if (await recordMatchFailure(deps.attempts, req.sourceIp, now)) {
    logger.warn('Repeated failed matches: match-interaction is refused to this source for now', {
      securityEvent: 'match-rate-limit',
      sourceIp: req.sourceIp,
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
export const matchInteractionKind: ServiceKind = {
  async create(call) {
    const { deps, req } = call;
    const params = effectiveParameters(call);
    const accessNumber = params._access_number?.trim();
    if (!accessNumber) {
      throw new InvalidParameterError(
        '_access_number',
        "Parameter '_access_number' (the dialed number) is mandatory.",
      );
    }
    const criteria: MatchCriteria = {
      accessNumber,
      phoneNumber: params._phone_number?.trim() || undefined,
      accessCode: params._access_code?.trim() || undefined,
    };
    // GMS 8.5.102 documents the flag under both names (`_return_data` in the parameter table,
    // `_return_user_data` in the overview): either asks for the session's user data.
    const returnUserData = readBoolean('_return_user_data', params._return_user_data, false);
    const returnData = readBoolean('_return_data', params._return_data, false) || returnUserData;
    const dataParameter = returnUserData ? '_return_user_data' : '_return_data';
    const multiple = readBoolean('_return_multiple_matches', params._return_multiple_matches, false);

    const now = deps.clock.now();
    // Credentials are checked only when sent (and not the public API's own Basic credentials, which
    // every app of a locked-down server has); wrong ones are a 401 like anywhere else.
    const telephony =
      req.headers.authorization !== undefined &&
      !req.publicAccess?.authorizationIsPublic &&
      (await authorize(deps, { roles: TELEPHONY_ROLES }, req.headers.authorization, req.sourceIp)) !==
        undefined;
    if (!telephony) {
      const wait = await matchBlockedFor(deps.attempts, req.sourceIp, now);
      if (wait > 0) {
        throw new TooManyRequestsError(
          `Too many failed matches from this address: try again in ${wait} seconds.`,
          wait,
        );
      }
      // Nothing could prove the session: refused before the lookup, so nothing is learned or released.
      if (returnData && !criteria.phoneNumber && !criteria.accessCode) throw dataNeedsProof(dataParameter);
    }

    let candidates = matchingLocks(await deps.accessNumbers.findByNumber(accessNumber), criteria, now);
    if (returnData && !telephony) {
      const proven = candidates.filter((r) => provesSession(r, criteria));
      if (candidates.length > 0 && proven.length === 0) {
        await countFailure(call, criteria, now, telephony);
        throw dataNeedsProof(dataParameter);
      }
      candidates = proven;
    }
    const matches: Record<string, unknown>[] = [];
    for (const record of candidates) {
      const sessionId = record.lock!.sessionId;
      const groupEntry = await deps.config.get('resource-group', record.group);
      const strategy = groupEntry ? parseResourceGroup(record.group, groupEntry.options).strategy : 'random';
      // The conditional release is the match: of two racing calls for one session, only one wins it.
      if (
        !(await deps.accessNumbers.release(
          record.group,
          record.number,
          sessionId,
          deps.clock.now(),
          strategy,
        ))
      )
        continue;
      await deps.metrics.record({
        kind: 'access-exited',
        group: record.group,
        exit: 'match',
        heldMs: now - record.lock!.lockedAt,
        at: now,
      });
      const session = await deps.sessions.get(sessionId, now);
      // A user-originated callback's customer is on the line: the router takes it from here.
      if (session?.serviceType === 'callback')
        await deps.queue.send({ kind: 'callback-call-arrived', id: sessionId });
      const match: Record<string, unknown> = { _id: sessionId, _data_id: session?.dataId ?? sessionId };
      if (returnData && session?.dataId) {
        const data = await deps.storage.get(session.dataId, now);
        match._data = data?.values ?? {};
      }
      matches.push(match);
      if (!multiple) break;
    }
    if (matches.length === 0) {
      await countFailure(call, criteria, now, telephony);
      const what = [`_access_number=${accessNumber}`];
      if (criteria.phoneNumber) what.push(`_phone_number=${criteria.phoneNumber}`);
      if (criteria.accessCode) what.push('_access_code');
      throw new NotFoundError(`No service session matches ${what.join(', ')}.`);
    }
    return { json: multiple ? { matches } : matches[0] };
  },
};
