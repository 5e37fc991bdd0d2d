import {
  IDEMPOTENCY_LEASE_MS,
  IDEMPOTENCY_TTL_MS,
  readIdempotencyKey,
  requestFingerprint,
} from '../domain/idempotency-key.js';
import { IdempotencyKeyInProgressError, IdempotencyKeyReusedError } from '../domain/errors.js';
import type { HttpResult } from './http-result.js';
import type { RequestContext } from './request-context.js';
import { mergeData } from '../domain/data-record.js';
import { logger } from '../observability.js';
import type { IdempotencyClaim } from '../domain/idempotency-key.js';
import type { Ports } from '../ports/index.js';

/**
 * A concurrent duplicate waits this long (real time) for the first request's answer, then gets a
 * 409 with Retry-After: well inside the HTTP functions' 10 s Lambda timeout (lib/gms-function.ts),
 * which would otherwise turn the wait into API Gateway's 5xx.
 */
export const IDEMPOTENCY_WAIT_MS = 5_000;
/** The wait polls the claim with a read (no write capacity spent), backing off 50, 100, 200, 400... ms. */
const FIRST_POLL_MS = 50;
const MAX_POLL_MS = 400;

/** Set on an answer that repeats the first one (as Stripe does), so a client can tell. */
export const REPLAYED_HEADER = 'idempotent-replayed';

/**
 * What the create does with the id it must use. `resumed`: an earlier request with the same key
 * died holding it; what it wrote (if anything) is under this id, and the create finishes it.
 */
export type IdempotentWork = (id: string, resumed: boolean) => Promise<HttpResult & { json: unknown }>;

/**
 * Runs a create at most once per `Idempotency-Key` (and `scope`, e.g. the callback service):
 * - no key: the create runs as always;
 * - the key is claimed with a conditional write first (with the id the create will use), so of
 *   concurrent requests exactly one runs; the others wait for its answer and repeat it;
 * - a later request with the key gets the stored answer (24 h), the same `_id` and status, and
 *   nothing is created; with another body or path it gets 422;
 * - a create that fails before writing anything gives the key back (a corrected retry may use it);
 * - a request that died holding the key (a crash) is taken over after `IDEMPOTENCY_LEASE_MS` by a
 *   retry, which finishes the create under the same id.
 */
export type IdempotentCreatePorts = Pick<Ports, 'ids' | 'idempotency' | 'clock'>;

export async function idempotentCreate(
  req: RequestContext,
  deps: IdempotentCreatePorts,
  scope: string,
  work: IdempotentWork,
  created: (id: string) => Promise<boolean>,
): Promise<HttpResult> {
  const key = readIdempotencyKey(req.headers['idempotency-key']);
  if (key === undefined) return work(deps.ids.id(), false);
  const fingerprint = requestFingerprint({
    method: req.route.method,
    path: req.route.path,
    parameters: mergeData<string>(req.params, req.query, req.body.fields),
    files: req.body.files,
  });
  const owner = deps.ids.id();
  const stored = `${scope}#${key}`;
  const waitUntil = Date.now() + IDEMPOTENCY_WAIT_MS;

  const run = async (claim: IdempotencyClaim, resumed: boolean): Promise<HttpResult> => {
    let result;
    try {
      result = await work(claim.resourceId, resumed);
    } catch (e) {
      // Nothing written: the key is free again. Something written: the claim stays, and a retry
      // after the lease finishes the create under the same id.
      if (!(await created(claim.resourceId))) await deps.idempotency.release(stored, owner);
      throw e;
    }
    const response = { status: result.status ?? 200, body: result.json };
    if (!(await deps.idempotency.complete(stored, owner, response))) {
      logger.warn('Idempotency claim taken over before the answer was stored', {
        scope,
        resourceId: claim.resourceId,
      });
    }
    return result;
  };

  // The claim that holds the key, as last read; undefined: the key is free, claim it.
  let holder: IdempotencyClaim | undefined;
  let pollMs = FIRST_POLL_MS;
  for (;;) {
    const now = deps.clock.now();
    if (!holder) {
      const mine: IdempotencyClaim = {
        key: stored,
        fingerprint,
        resourceId: deps.ids.id(),
        owner,
        claimedAt: now,
        expiresAt: now + IDEMPOTENCY_TTL_MS,
      };
      const claim = await deps.idempotency.claim(mine, now);
      if (claim.won) return run(mine, false);
      holder = claim.holder;
      if (!holder) continue; // freed meanwhile: claim again
    }
    if (holder.fingerprint !== fingerprint) {
      throw new IdempotencyKeyReusedError(
        `Idempotency-Key '${key}' was already used with a different request; send a new key for a new request.`,
      );
    }
    if (holder.response) {
      return {
        status: holder.response.status,
        json: holder.response.body,
        headers: { [REPLAYED_HEADER]: 'true' },
      };
    }
    if (now - holder.claimedAt >= IDEMPOTENCY_LEASE_MS) {
      if (await deps.idempotency.takeOver(stored, holder.owner, owner, now)) {
        logger.warn('Taking over an idempotent create whose request died', {
          scope,
          resourceId: holder.resourceId,
        });
        return run({ ...holder, owner, claimedAt: now }, true);
      }
      // Someone else took it over, answered or freed it: see what holds it now.
      holder = await deps.idempotency.get(stored, deps.clock.now());
      continue;
    }
    if (Date.now() >= waitUntil) {
      throw new IdempotencyKeyInProgressError(
        `A request with Idempotency-Key '${key}' is still being processed; retry shortly for its answer.`,
        1,
      );
    }
    await new Promise((r) => setTimeout(r, Math.min(pollMs, Math.max(0, waitUntil - Date.now()))));
    pollMs = Math.min(pollMs * 2, MAX_POLL_MS);
    holder = await deps.idempotency.get(stored, deps.clock.now());
  }
}
