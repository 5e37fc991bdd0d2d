import { matchingLocks } from '../../domain/access-match.js';
import { InvalidParameterError, NotFoundError } from '../../domain/errors.js';
import { readBoolean } from '../../domain/option-values.js';
import { parseResourceGroup } from '../../domain/resource-group.js';
import { effectiveParameters, type ServiceKind } from './service-kind.js';

/**
 * `match-interaction`: the telephony side reports an inbound call (DNIS, optional ANI and access
 * code); the session holding that number is returned and the number is released.
 */
export const matchInteractionKind: ServiceKind = {
  async create(call) {
    const { deps } = call;
    const params = effectiveParameters(call);
    const accessNumber = params._access_number?.trim();
    if (!accessNumber) {
      throw new InvalidParameterError(
        '_access_number',
        "Parameter '_access_number' (the dialed number) is mandatory.",
      );
    }
    const criteria = {
      accessNumber,
      phoneNumber: params._phone_number?.trim() || undefined,
      accessCode: params._access_code?.trim() || undefined,
    };
    const returnData = readBoolean('_return_data', params._return_data, false);
    const multiple = readBoolean('_return_multiple_matches', params._return_multiple_matches, false);

    const now = deps.clock.now();
    const candidates = matchingLocks(await deps.accessNumbers.findByNumber(accessNumber), criteria, now);
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
      const what = [`_access_number=${accessNumber}`];
      if (criteria.phoneNumber) what.push(`_phone_number=${criteria.phoneNumber}`);
      if (criteria.accessCode) what.push('_access_code');
      throw new NotFoundError(`No service session matches ${what.join(', ')}.`);
    }
    return { json: multiple ? { matches } : matches[0] };
  },
};
